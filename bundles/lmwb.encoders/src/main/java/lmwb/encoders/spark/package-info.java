/**
 * Embedding on an Apache Spark cluster, seen from the workbench: the job description handed to the Spark driver
 * (its own JVM, see {@code spark/job} in the source tree) and the process that runs it. No Spark class is used here;
 * the OSGi runtime stays free of Spark's class path.
 */
package lmwb.encoders.spark;
