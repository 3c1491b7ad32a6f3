package lmwb.estimators.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The start-up warm-up must leave the estimators' hot code (kNN's per-pair code, H-score's and LogME's loops)
 * compiled, and kNN's by the optimising JIT (C2, level 4) in a form that
 * the first real call keeps using: if the warm-up's data never takes a branch that real data takes (an exact
 * distance tie, the pairwise-summation branch above 128 columns) or calls a method too rarely, the first real
 * call runs that code interpreted or throws the compiled code away and recompiles it, which is where the first
 * call in a fresh runtime lost its time (issue 13 item 17; bench/estimators/RESULTS.md).
 *
 * <p>Runs {@link WarmUpJitProbe} in a fresh JVM with {@code -Xbatch} (each compilation completes before the
 * method runs on), so that what is compiled depends only on the calls made, not on how busy the machine is.
 * The code list it prints is HotSpot's: {@code compile-id level state method}, level 4 = C2, state 0 = in use.
 */
class EstimatorWarmUpJitTest {
    /** kNN's methods that run once per row or per candidate pair: the first call's hot code. */
    private static final List<String> PER_PAIR = List.of("NearestNeighbours.offerRow(", "NearestNeighbours.offerColumn(",
            "NearestNeighbours$TopK.offer(", "NearestNeighbours.squaredNorm(", "NearestNeighbours.pairwiseSum(");

    @Test
    void warmUpLeavesKnnPerPairCodeCompiledForTheFirstRealCall() throws IOException, InterruptedException {
        List<List<String>> lists = codeLists("knn");
        List<String> afterWarmUp = lists.get(0);
        List<String> afterCall = lists.get(1);
        for (String method : PER_PAIR) {
            List<String> warm = matching(afterWarmUp, method);
            assertTrue(warm.stream().anyMatch(l -> l.split(" +")[1].equals("4") && l.split(" +")[2].equals("0")),
                    method + " is not compiled by C2 after the warm-up:\n" + String.join("\n", afterWarmUp));
            List<String> fresh = new ArrayList<>(matching(afterCall, method));
            fresh.removeAll(warm);
            fresh.removeIf(l -> !l.split(" +")[2].equals("0"));
            assertEquals(List.of(), fresh, method + " was compiled again during the first real call (deoptimised or "
                    + "not compiled by the warm-up); code list after the warm-up:\n" + String.join("\n", afterWarmUp));
        }
    }

    /**
     * H-score and LogME loop over D × D and N × D entries in their {@code score} method and per-row lambda, and
     * over the Gram matrix in the OpenBLAS backend. With the earlier 600 × 64 warm-up (4,096 entries per D × D
     * loop) the JIT compiled none of these loops before the first real 2,000 × 768 call: that call ran them
     * interpreted, then compiled {@code score}, its row lambda and {@code mirrorLowerToUpper} in its middle (this
     * test failed with that warm-up). Now the first real call compiles none of its own code.
     */
    @ParameterizedTest
    @ValueSource(strings = {"hscore", "logme"})
    void warmUpLeavesGramEstimatorLoopsCompiledForTheFirstRealCall(String estimator)
            throws IOException, InterruptedException {
        List<List<String>> lists = codeLists(estimator);
        List<String> fresh = new ArrayList<>(lists.get(1));
        fresh.removeAll(lists.get(0));
        fresh.removeIf(l -> !l.split(" +")[2].equals("0")
                || !(l.contains("lmwb.estimators." + estimator + ".") || l.contains("lmwb.estimators.linalg.")));
        assertEquals(List.of(), fresh, estimator + " code was compiled during the first real call; code list after the "
                + "warm-up:\n" + String.join("\n", lists.get(0)));
    }

    /** The probe's code lists for one estimator: after the warm-up, after the first real call. */
    private static List<List<String>> codeLists(String estimator) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xbatch", "-cp", System.getProperty("java.class.path"),
                WarmUpJitProbe.class.getName(), estimator).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "probe did not finish");
        assertEquals(0, p.exitValue(), out);
        assumeFalse(out.contains(WarmUpJitProbe.NO_CODE_LIST), "not a HotSpot JVM: no compiler code list");
        List<String> afterWarmUp = new ArrayList<>();
        List<String> afterCall = new ArrayList<>();
        List<String> into = null;
        for (String line : out.split("\n")) {
            if (line.equals("AFTER-WARM-UP")) {
                into = afterWarmUp;
            } else if (line.equals("AFTER-FIRST-CALL")) {
                into = afterCall;
            } else if (into != null && !line.isBlank()) {
                into.add(line.trim());
            }
        }
        return List.of(afterWarmUp, afterCall);
    }

    private static List<String> matching(List<String> codeList, String method) {
        return codeList.stream().filter(l -> l.contains("lmwb.estimators.knn." + method)).toList();
    }
}
