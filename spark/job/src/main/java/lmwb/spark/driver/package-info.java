/** The Spark driver of an embedding job: its own JVM, started by the workbench through runtime/spark-driver. */
package lmwb.spark.driver;
