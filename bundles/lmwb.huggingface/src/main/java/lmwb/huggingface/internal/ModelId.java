package lmwb.huggingface.internal;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Hugging Face model id with an optional revision, as users type it: {@code bert-base-uncased},
 * {@code BAAI/bge-small-en-v1.5}, {@code BAAI/bge-small-en-v1.5@main} or {@code org/name@<commit>}.
 *
 * @param repoId {@code NAME} or {@code ORG/NAME}
 * @param revision a branch, tag or commit hash, or {@code null} for the default branch
 */
record ModelId(String repoId, String revision) {

    /** The revision used when none is given, as in {@code huggingface_hub}. */
    static final String DEFAULT_REVISION = "main";

    private static final String FOLDER_PREFIX = "models--";
    // huggingface_hub's validate_repo_id: word characters, '-' and '.', starting and ending with a word character.
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?");
    private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9_.][A-Za-z0-9_./-]*");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final int MAX_ID_LENGTH = 96;

    /**
     * @param reference what the user typed
     * @return the id, or empty when the reference cannot be a hub model id (a path, a URL, …)
     */
    static Optional<ModelId> parse(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        String text = reference.strip();
        String revision = null;
        int at = text.indexOf('@');
        if (at >= 0) {
            revision = text.substring(at + 1);
            text = text.substring(0, at);
            if (!REVISION.matcher(revision).matches() || revision.contains("..") || revision.endsWith("/")) {
                return Optional.empty();
            }
        }
        if (text.isEmpty() || text.length() > MAX_ID_LENGTH || text.contains("--") || text.contains("..")) {
            return Optional.empty();
        }
        String[] parts = text.split("/", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        for (String part : parts) {
            if (!PART.matcher(part).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(new ModelId(text, revision));
    }

    /**
     * @param folder a hub cache folder name such as {@code models--BAAI--bge-small-en-v1.5}
     * @return the id it holds, or empty for other folders (datasets, spaces, lock folders)
     */
    static Optional<ModelId> fromFolderName(String folder) {
        if (!folder.startsWith(FOLDER_PREFIX)) {
            return Optional.empty();
        }
        String[] parts = folder.substring(FOLDER_PREFIX.length()).split("--", -1);
        if (parts.length > 2) {
            return Optional.empty();
        }
        return parse(String.join("/", parts)).filter(id -> id.revision() == null);
    }

    /** @param text a revision @return whether it is a full 40-hex commit hash */
    static boolean isCommit(String text) {
        return text != null && COMMIT.matcher(text).matches();
    }

    /** @return the revision, {@code main} when none was given */
    String revisionOrDefault() {
        return revision == null ? DEFAULT_REVISION : revision;
    }

    /** @return the hub cache folder name, {@code models--ORG--NAME} */
    String folderName() {
        return FOLDER_PREFIX + repoId.replace("/", "--");
    }

    /**
     * @param rev a revision
     * @return this id at that revision
     */
    ModelId at(String rev) {
        return new ModelId(repoId, rev);
    }

    @Override
    public String toString() {
        return revision == null ? repoId : repoId + "@" + revision;
    }
}
