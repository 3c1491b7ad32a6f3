package lmwb.datasets.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lmwb.api.data.TableFiles;
import lmwb.api.data.TextTable;
import lmwb.datasets.read.Table;
import lmwb.datasets.read.TableReader;
import org.osgi.service.component.annotations.Component;

/** CSV/TSV tables for other bundles ({@code estimate}), read by the one {@link TableReader}. */
@Component(service = TableFiles.class)
public class TableFilesService implements TableFiles {
    @Override
    public TextTable read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        boolean tsv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv");
        Table t = TableReader.delimited(file, tsv, StandardCharsets.UTF_8, false);
        if (t.rows().isEmpty()) {
            throw new IllegalArgumentException(file + ": a table needs a header row and at least one data row");
        }
        List<List<String>> rows = new ArrayList<>(t.rows().size());
        for (Table.Row r : t.rows()) {
            List<String> cells = new ArrayList<>(t.columns().size());
            for (String c : t.columns()) {
                Object v = r.values().get(c);
                cells.add(v == null ? "" : v.toString());
            }
            rows.add(cells);
        }
        return new TextTable(file.toString(), t.columns(), rows);
    }
}
