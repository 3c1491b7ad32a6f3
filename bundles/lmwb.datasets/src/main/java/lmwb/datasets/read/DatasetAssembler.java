package lmwb.datasets.read;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lmwb.api.TaskType;
import lmwb.api.data.Dataset;
import lmwb.api.data.DatasetOptions;
import lmwb.api.data.Example;
import lmwb.api.data.LabelMap;
import lmwb.api.data.Split;

/**
 * Turns raw rows into a {@link Dataset}: infers the task type, drops unusable rows (counting them in the
 * report), encodes labels with a deterministic {@link LabelMap}, merges BIO tags, and computes the
 * {@link ContentHash}.
 *
 * <p>Task inference (unless {@link DatasetOptions#taskType()} overrides it): rows with words and tags are
 * token classification; otherwise labels that are all numbers and include a non-integer are regression,
 * anything else (strings, integers) is classification; a second text makes it a pair task.
 *
 * <p>Report keys: {@code rows.read}, {@code examples}, and {@code dropped.<reason>} for each reason that
 * dropped at least one row: {@code empty_text}, {@code empty_pair}, {@code missing_label},
 * {@code invalid_target} (NaN or infinite regression target).
 */
public final class DatasetAssembler {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern BIO = Pattern.compile("[BIES]-(.+)");

    private DatasetAssembler() {
    }

    /**
     * @param name the dataset's name
     * @param rows the raw rows, in order
     * @param options task type override and BIO merging
     * @param notes extra report entries from the reader (e.g. duplicates it removed), added first
     * @return the dataset
     * @throws IllegalArgumentException when rows are malformed for the task or nothing usable remains
     */
    public static Dataset assemble(String name, List<RawExample> rows, DatasetOptions options, Map<String, Long> notes) {
        Map<String, Long> report = new LinkedHashMap<>();
        report.put("rows.read", (long) rows.size());
        report.putAll(notes);
        TaskType task = options.taskType() != null ? TaskType.parse(options.taskType()) : infer(rows);
        checkShape(name, rows, task);

        Map<String, Long> dropped = new LinkedHashMap<>();
        List<RawExample> kept = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        for (RawExample r : rows) {
            if (r.isTokenLevel()) {
                if (r.words().isEmpty() || r.words().stream().allMatch(String::isBlank)) {
                    count(dropped, "empty_text");
                    continue;
                }
                List<String> tags = new ArrayList<>();
                for (Object t : r.tags()) {
                    tags.add(t == null ? "" : labelKey(t));
                }
                if (tags.stream().anyMatch(String::isEmpty)) {
                    count(dropped, "missing_label");
                    continue;
                }
                kept.add(r);
                keys.add(tags);
                continue;
            }
            if (r.text() == null || r.text().isBlank()) {
                count(dropped, "empty_text");
                continue;
            }
            if (task.isPair() && (r.pair() == null || r.pair().isBlank())) {
                count(dropped, "empty_pair");
                continue;
            }
            if (missing(r.label())) {
                count(dropped, "missing_label");
                continue;
            }
            if (task.isRegression()) {
                Double v = number(r.label());
                if (v == null) {
                    throw new IllegalArgumentException(r.where() + ": regression target " + Excerpt.quote(r.label())
                            + " is not a number; fix the row or pass a classification task type (e.g. --task "
                            + (task.isPair() ? "pair" : "text") + "-classification)");
                }
                if (!Double.isFinite(v)) {
                    count(dropped, "invalid_target");
                    continue;
                }
                kept.add(r);
                keys.add(v);
            } else {
                kept.add(r);
                keys.add(labelKey(r.label()));
            }
        }

        LabelMap labels = LabelMap.EMPTY;
        boolean merge = false;
        if (!task.isRegression()) {
            TreeSet<String> names = new TreeSet<>();
            for (Object k : keys) {
                if (k instanceof List<?> tags) {
                    tags.forEach(t -> names.add((String) t));
                } else {
                    names.add((String) k);
                }
            }
            merge = task.isTokenLevel() && options.mergeBio() && names.stream().anyMatch(n -> n.startsWith("B-") || n.startsWith("I-"));
            TreeSet<String> finalNames = new TreeSet<>();
            for (String n : names) {
                finalNames.add(merge ? mergeBio(n) : n);
            }
            labels = LabelMap.of(sortLabels(finalNames));
        }

        Map<Split, List<Example>> splits = new EnumMap<>(Split.class);
        for (int i = 0; i < kept.size(); i++) {
            RawExample r = kept.get(i);
            Object k = keys.get(i);
            Example e;
            if (task.isTokenLevel()) {
                List<?> tags = (List<?>) k;
                int[] ids = new int[tags.size()];
                for (int j = 0; j < ids.length; j++) {
                    String t = (String) tags.get(j);
                    ids[j] = labels.id(merge ? mergeBio(t) : t).orElseThrow();
                }
                e = Example.tagged(r.words(), ids);
            } else if (task.isRegression()) {
                e = Example.regression(r.text(), task.isPair() ? r.pair() : null, (Double) k);
            } else {
                int id = labels.id((String) k).orElseThrow();
                e = task.isPair() ? Example.classifiedPair(r.text(), r.pair(), id) : Example.classified(r.text(), id);
            }
            splits.computeIfAbsent(r.split(), s -> new ArrayList<>()).add(e);
        }
        dropped.forEach((reason, n) -> report.put("dropped." + reason, n));
        if (kept.isEmpty()) {
            throw new IllegalArgumentException(name + ": no usable examples (" + report + ")");
        }
        report.put("examples", (long) kept.size());
        return new Dataset(name, task, labels, splits, ContentHash.of(task, labels, splits), report);
    }

    /**
     * @param tag a tag such as {@code B-PER}
     * @return the tag without its BIO/BIOES prefix ({@code PER}); other tags unchanged
     */
    public static String mergeBio(String tag) {
        Matcher m = BIO.matcher(tag);
        return m.matches() ? m.group(1) : tag;
    }

    /**
     * Orders label names: numerically when all are integers, else lexicographically.
     *
     * @param names distinct names
     * @return them in id order
     */
    static List<String> sortLabels(java.util.Collection<String> names) {
        List<String> sorted = new ArrayList<>(names);
        if (!sorted.isEmpty() && sorted.stream().allMatch(n -> INTEGER.matcher(n).matches())) {
            sorted.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        } else {
            sorted.sort(null);
        }
        return sorted;
    }

    private static TaskType infer(List<RawExample> rows) {
        if (rows.stream().anyMatch(RawExample::isTokenLevel)) {
            return TaskType.TOKEN_CLASSIFICATION;
        }
        boolean pair = rows.stream().anyMatch(r -> r.pair() != null);
        boolean fraction = false;
        for (RawExample r : rows) {
            if (missing(r.label()) || r.text() == null || r.text().isBlank()) {
                continue;
            }
            Double v = number(r.label());
            if (v != null && Double.isFinite(v) && v != Math.rint(v)) {
                fraction = true;
                break;
            }
        }
        if (fraction) {
            return pair ? TaskType.PAIR_REGRESSION : TaskType.TEXT_REGRESSION;
        }
        return pair ? TaskType.PAIR_CLASSIFICATION : TaskType.TEXT_CLASSIFICATION;
    }

    private static void checkShape(String name, List<RawExample> rows, TaskType task) {
        for (RawExample r : rows) {
            if (task.isTokenLevel() != r.isTokenLevel()) {
                throw new IllegalArgumentException(r.where() + ": task " + task.displayName() + " needs "
                        + (task.isTokenLevel() ? "words with one tag each, but this row has one label"
                                : "one label per row, but this row has a tag per word")
                        + "; choose another --task or file");
            }
        }
        if (task.isPair() && rows.stream().noneMatch(r -> r.pair() != null)) {
            throw new IllegalArgumentException(name + ": task " + task.displayName()
                    + " needs a second text column; pass --pair-column or another --task");
        }
    }

    private static boolean missing(Object label) {
        return label == null || (label instanceof String s && s.isBlank());
    }

    private static void count(Map<String, Long> dropped, String reason) {
        dropped.merge(reason, 1L, Long::sum);
    }

    /**
     * @param label a raw label
     * @return its class name: integral numbers without a fraction ({@code 1.0 -> "1"}), strings trimmed
     */
    static String labelKey(Object label) {
        if (label instanceof Number n) {
            double v = n.doubleValue();
            if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                return Long.toString((long) v);
            }
            return n.toString();
        }
        return label.toString().trim();
    }

    /**
     * @param label a raw label
     * @return its numeric value, NaN/infinity for {@code nan}/{@code inf}, or {@code null} when it is not a number
     */
    static Double number(Object label) {
        if (label instanceof Number n) {
            return n.doubleValue();
        }
        String s = label.toString().trim();
        if (NUMBER.matcher(s).matches()) {
            return Double.parseDouble(s);
        }
        if (NON_FINITE.matcher(s).matches()) {
            return s.toLowerCase(Locale.ROOT).contains("nan") ? Double.NaN : Double.POSITIVE_INFINITY;
        }
        return null;
    }
}
