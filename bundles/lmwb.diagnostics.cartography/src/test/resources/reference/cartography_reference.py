"""Independent reference for lmwb.diagnostics.cartography.DataMap: data-map coordinates as Swayamdipta et al. (EMNLP 2020)
define them and as their released code computes them (cartography/selection/train_dy_filtering.py: confidence =
np.mean of the gold-label probabilities over epochs, variability = np.std (population, ddof=0), correctness = share of
epochs predicting the gold label), and the regions the way DataMap documents them: the round(F*N) most variable are
ambiguous; of the rest, the round(F*N) least confident hard-to-learn, then the round(F*N) most confident easy-to-learn;
ties to the lower index (stable argsort). Writes cartography_reference.json. Run: /usr/bin/python3 cartography_reference.py
(Debian python3-numpy)."""
import json
import numpy as np

rng = np.random.default_rng(2020)
n, epochs = 17, 6
# a mix of easy (high, steady), hard (low, steady) and ambiguous (swinging) examples
base = rng.uniform(0.05, 0.95, n)
swing = rng.uniform(0.0, 0.35, n)
p = np.clip(base[:, None] + swing[:, None] * rng.normal(0, 1, (n, epochs)), 0.001, 0.999)
p[3] = p[4]  # a tie in every coordinate: the lower index goes first
correct = (p > 0.5) | (rng.uniform(0, 1, (n, epochs)) < 0.1)

confidence = p.mean(axis=1)
variability = p.std(axis=1)
correctness = correct.mean(axis=1)


def regions(fraction):
    size = int(np.floor(fraction * n + 0.5))
    region = np.array(["other"] * n, dtype=object)
    for name, key in (("ambiguous", -variability), ("hard-to-learn", confidence), ("easy-to-learn", -confidence)):
        free = np.where(region == "other")[0]
        order = free[np.argsort(key[free], kind="stable")]
        region[order[:size]] = name
    return region.tolist()


json.dump({"probabilities": p.tolist(), "correct": correct.tolist(), "confidence": confidence.tolist(),
           "variability": variability.tolist(), "correctness": correctness.tolist(),
           "regions": {"0.3333333333333333": regions(1 / 3), "0.2": regions(0.2)}},
          open("cartography_reference.json", "w"), indent=1)
print("ok")
