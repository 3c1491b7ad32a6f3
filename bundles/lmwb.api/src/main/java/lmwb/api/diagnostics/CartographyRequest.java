package lmwb.api.diagnostics;

/**
 * The request of {@code cartography}: the data map (Swayamdipta et al., EMNLP 2020) of a training run recorded with
 * {@code train --dynamics}. {@code null} = not given.
 *
 * @param run the training result's id (or an unambiguous prefix), see {@code results --kind training}
 * @param seed which run of the training (its seed); default: its first run
 * @param fraction the share of the examples in each region, as the paper's 33 % subsets: the most variable are
 *     ambiguous, then, of the rest, the least confident are hard-to-learn and the most confident easy-to-learn;
 *     default 0.33, at most 1/3
 * @param listed examples the table lists per region (the JSON has every example); default 10
 */
public record CartographyRequest(String run, Long seed, Double fraction, Integer listed) {
    /** Fills defaults and checks values. */
    public CartographyRequest {
        run = run == null || run.isBlank() ? null : run.trim();
        if (run == null) {
            throw new IllegalArgumentException("give the training run: cartography RUN (a result id of 'results --kind training', "
                    + "trained with --dynamics)");
        }
        fraction = fraction == null ? 0.33 : fraction;
        if (!(fraction > 0 && fraction <= 1.0 / 3 + 1e-12)) {
            throw new IllegalArgumentException("--fraction must be in (0, 1/3] (each region's share of the examples), got " + fraction);
        }
        listed = listed == null ? 10 : listed;
        if (listed < 0) {
            throw new IllegalArgumentException("--listed must be 0 or more, got " + listed);
        }
    }
}
