package lmwb.common.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.Locale;
import lmwb.api.encoder.EmbeddingEngine;
import lmwb.api.server.Server;

/**
 * Where a job's embedding runs is the server's choice, not the job's: a job may not send the server's work (and the
 * model files and datasets Spark ships) to a Spark master of its own choosing. The server's keys
 * {@code embedding_engine} and {@code spark_master} decide: with {@code embedding_engine=spark} every job that
 * embeds runs on the configured master; otherwise a job may ask for {@code engine: spark} and gets the configured
 * master. A job that names a master other than the configured one (or any, when none is configured) is refused with
 * one line, at submission (REST, SSH shell and remote CLI all submit through the queue) and again when it runs.
 */
public final class JobEmbedding {
    /** The request components of a command that embeds ({@code EmbedRequest}, {@code RankRequest}, ...). */
    public static final String ENGINE = "engine", SPARK_MASTER = "spark_master";

    private JobEmbedding() {
    }

    /**
     * @param engine the server's {@code embedding_engine}
     * @param configured the server's {@code spark_master}, or {@code null}
     * @param type the command's request type; commands without a {@code sparkMaster} component are left alone
     * @param args the job's arguments (snake_case keys), changed in place: {@code engine} and {@code spark_master}
     *     as the server runs them
     * @return {@code args}
     * @throws IllegalArgumentException when the job names its own Spark master, or asks for Spark on a server that
     *     has no master configured
     */
    public static JsonObject apply(EmbeddingEngine engine, String configured, Class<? extends Record> type,
            JsonObject args) {
        if (Arrays.stream(type.getRecordComponents()).noneMatch(c -> c.getName().equals("sparkMaster"))) {
            return args;
        }
        for (String key : new String[] {SPARK_MASTER, "spark-master", "sparkMaster"}) {
            JsonElement named = args.remove(key);
            String master = named == null || named.isJsonNull() ? null
                    : named.isJsonPrimitive() ? named.getAsString().strip() : named.toString();
            if (master != null && !master.isEmpty() && !master.equals(configured)) {
                throw new IllegalArgumentException(configured == null
                        ? "spark_master: this server does not embed on a Spark master a job names; drop spark_master,"
                                + " or ask an admin to configure one (key 'spark_master' of " + Server.PID + ".cfg)"
                        : "spark_master: this server embeds only on its configured Spark master " + configured
                                + "; drop spark_master (engine: spark uses the configured one)");
            }
        }
        JsonElement e = args.get(ENGINE);
        boolean spark = engine == EmbeddingEngine.SPARK
                || e != null && e.isJsonPrimitive() && e.getAsString().strip().toLowerCase(Locale.ROOT).equals("spark");
        if (!spark) {
            return args;
        }
        if (configured == null) {
            throw new IllegalArgumentException("engine: this server has no Spark master configured; drop engine spark,"
                    + " or ask an admin to configure one (key 'spark_master' of " + Server.PID + ".cfg)");
        }
        args.addProperty(ENGINE, "spark");
        args.addProperty(SPARK_MASTER, configured);
        return args;
    }
}
