package lmwb.estimators.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import lmwb.api.CancellationToken;
import lmwb.api.FloatMatrix;
import lmwb.api.Labels;
import lmwb.api.estimator.EstimatorOptions;
import lmwb.api.estimator.Score;
import lmwb.api.io.Npy;
import lmwb.common.optim.Lbfgs;

/**
 * Benchmark entry point of {@code bench/estimators/probe_vs_sklearn.sh} (not a test): the {@code probe} estimator
 * on every {@code layer-*.npy} of an {@code embed --out} folder (with its {@code labels.npy}), timed per layer after
 * one untimed warm-up layer. It writes the fold of every row to {@code folds.txt} (so that scikit-learn runs on the
 * same folds) and prints per layer {@code layer seconds score iterations capped_folds correct_per_fold}.
 *
 * <p>Usage: {@code ProbeBenchMain DIR OUT_FOLDS [options]} (options as for the estimator, e.g. {@code l2=1,tolerance=1e-4})
 */
public final class ProbeBenchMain {
    private ProbeBenchMain() {
    }

    /**
     * @param args DIR OUT_FOLDS [options]
     * @throws IOException on I/O errors
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        EstimatorOptions options = EstimatorOptions.parse(args.length > 2 ? args[2] : "");
        Labels y = Npy.readLabels(dir.resolve("labels.npy"), false);
        List<Path> layers = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().matches("layer-\\d+\\.npy")).forEach(layers::add);
        }
        layers.sort((a, b) -> Integer.compare(layerOf(a), layerOf(b)));
        LinearProbeEstimator probe = new LinearProbeEstimator();
        FloatMatrix first = Npy.readMatrix(layers.get(0));
        probe.score(first, y, options, CancellationToken.NONE); // JIT warm-up, untimed
        int folds = options.getInt("folds", 5);
        int[] classIndex = y.classIds(); // the bench's labels are 0..C-1
        int classes = IntStream.of(classIndex).max().orElse(0) + 1;
        int[] fold = LinearProbeEstimator.stratifiedFolds(classIndex, classes, folds, options.getInt("seed", 42));
        Files.writeString(Path.of(args[1]), IntStream.of(fold).mapToObj(Integer::toString).collect(Collectors.joining("\n")) + "\n");
        Lbfgs.Settings settings = Lbfgs.Settings.of(options.getInt("max-iter", LinearProbeEstimator.DEFAULT_MAX_ITER),
                options.getDouble("tolerance", LinearProbeEstimator.DEFAULT_TOLERANCE), LinearProbeEstimator.RELATIVE_DECREASE);
        double total = 0;
        for (Path layer : layers) {
            FloatMatrix x = Npy.readMatrix(layer);
            long t0 = System.nanoTime();
            Score s = probe.score(x, y, options, CancellationToken.NONE);
            double seconds = (System.nanoTime() - t0) / 1e9;
            total += seconds;
            // the same folds and fits again, untimed, for the correct predictions per fold
            LinearProbeEstimator.Classified c = LinearProbeEstimator.classify(x.toArray(), x.cols(), classIndex, classes, fold,
                    folds, options.getDouble("l2", 1.0), settings, CancellationToken.NONE);
            String correct = IntStream.range(0, folds).mapToObj(k -> Integer.toString(
                    (int) IntStream.range(0, c.truth()[k].length).filter(i -> c.truth()[k][i] == c.predicted()[k][i]).count()))
                    .collect(Collectors.joining(","));
            System.out.printf(Locale.ROOT, "%d\t%.4f\t%.6f\t%d\t%d\t%s%n", layerOf(layer), seconds, s.value(),
                    s.details().get("iterations").intValue(), s.details().get(Score.ITERATION_CAPPED).intValue(), correct);
        }
        System.out.printf(Locale.ROOT, "total\t%.4f%n", total);
    }

    private static int layerOf(Path p) {
        String name = p.getFileName().toString();
        return Integer.parseInt(name.substring("layer-".length(), name.length() - ".npy".length()));
    }
}
