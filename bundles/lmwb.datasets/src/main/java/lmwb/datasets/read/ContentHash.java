package lmwb.datasets.read;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import lmwb.api.TaskType;
import lmwb.api.data.Example;
import lmwb.api.data.LabelMap;
import lmwb.api.data.Split;

/**
 * The content hash of a dataset: {@code sha256:} followed by the lower-case hex SHA-256 of this byte
 * stream (big-endian, strings as a 4-byte length then UTF-8 bytes):
 * <ol>
 * <li>the string {@code lmwb-dataset-v1};</li>
 * <li>the task type's enum name;</li>
 * <li>the number of labels, then each label name in id order;</li>
 * <li>for each split present, in {@link Split} order: its enum name and example count, then for each
 * example in order: text; a byte 1 and the pair text, or a byte 0 when there is none; the word count and
 * each word; the label id (int); the regression target ({@code Double.doubleToLongBits}); the tag count
 * and each tag id (int).</li>
 * </ol>
 * The dataset's name is not part of the hash: the same data read from two places hashes the same.
 */
public final class ContentHash {
    /** Version tag at the start of the hashed stream; change it when the layout changes. */
    public static final String VERSION = "lmwb-dataset-v1";

    private ContentHash() {
    }

    /**
     * @param taskType the task type
     * @param labels the label map
     * @param splits examples per split
     * @return {@code sha256:<hex>}
     */
    public static String of(TaskType taskType, LabelMap labels, Map<Split, List<Example>> splits) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        try (DataOutputStream out = new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha))) {
            string(out, VERSION);
            string(out, taskType.name());
            out.writeInt(labels.size());
            for (String n : labels.names()) {
                string(out, n);
            }
            for (Split s : Split.values()) {
                List<Example> examples = splits.get(s);
                if (examples == null) {
                    continue;
                }
                string(out, s.name());
                out.writeInt(examples.size());
                for (Example e : examples) {
                    string(out, e.text());
                    if (e.pairText() == null) {
                        out.writeByte(0);
                    } else {
                        out.writeByte(1);
                        string(out, e.pairText());
                    }
                    out.writeInt(e.words().size());
                    for (String w : e.words()) {
                        string(out, w);
                    }
                    out.writeInt(e.label());
                    out.writeLong(Double.doubleToLongBits(e.target()));
                    out.writeInt(e.tagCount());
                    for (int i = 0; i < e.tagCount(); i++) {
                        out.writeInt(e.tag(i));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
