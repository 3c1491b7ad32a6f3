/** The Spark side of embedding on a cluster: what one Spark task runs on an executor. */
package lmwb.spark.job;
