package lmwb.datasets.read;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens UTF-8 text files, skipping a leading byte-order mark (as spreadsheet programs write). */
final class TextFiles {
    private TextFiles() {
    }

    /**
     * @param file a UTF-8 text file
     * @return a reader positioned after any byte-order mark
     * @throws IOException when the file cannot be opened
     */
    static BufferedReader open(Path file) throws IOException {
        BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
        return r;
    }
}
