package lmwb.spark.job;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Hadoop's local file system under a scheme of its own, {@code lmwbtest:}, which Hadoop knows only where a
 * configuration names this class as {@code fs.lmwbtest.impl}: a stand-in for a cluster's file system that needs
 * settings (S3 credentials, an HDFS client's options) to be reached at all.
 */
public class SchemeLocalFileSystem extends RawLocalFileSystem {
    /** The scheme. */
    public static final String SCHEME = "lmwbtest";

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
