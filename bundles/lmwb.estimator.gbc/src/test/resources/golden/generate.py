#!/usr/bin/env python3
"""Golden values for lmwb.estimator.gbc, from an independent numpy implementation of GBC (Pandy et al. 2022,
diagonal Gaussians, ordered pairs) written from the paper's equations. Run from this folder:
    python3 generate.py      (numpy only; rewrites the case files and expected.tsv)
"""
import os
import numpy as np

# --- fixed data (identical in every estimator bundle's generator) ---
def make_cases():
    """Fixed float32 cases: name -> (X, y). Seeds are part of the names' meaning; do not change them."""
    cases = {}
    def gaussian(seed, n_per, d, means_scale, ids):
        rng = np.random.default_rng(seed)
        xs, ys = [], []
        for k, cid in enumerate(ids):
            centre = rng.normal(size=d) * means_scale
            xs.append(centre + rng.normal(size=(n_per, d)))
            ys.append(np.full(n_per, cid))
        x = np.concatenate(xs).astype(np.float32)
        y = np.concatenate(ys).astype(np.int64)
        order = rng.permutation(len(y))
        return x[order], y[order]
    cases["sep_n90_d6_c3"] = gaussian(1, 30, 6, 2.0, [0, 1, 2])
    cases["wide_n40_d60_c4"] = gaussian(2, 10, 60, 0.5, [0, 1, 2, 3])
    cases["sparse_ids_n60_d5_c3"] = gaussian(3, 20, 5, 1.0, [2, 5, 9])
    cases["binary_n80_d12"] = gaussian(4, 40, 12, 0.7, [0, 1])
    rng = np.random.default_rng(5)
    cases["noise_n90_d6_c3"] = (rng.normal(size=(90, 6)).astype(np.float32), rng.integers(0, 3, size=90).astype(np.int64))
    return cases


def write_cases(folder, cases):
    for name, (x, y) in cases.items():
        with open(os.path.join(folder, name + ".txt"), "w") as f:
            f.write("%d %d\n" % x.shape)
            f.write(" ".join(str(int(v)) for v in y) + "\n")
            for row in x:
                f.write(" ".join(repr(float(v)) for v in row) + "\n")


def gbc(x, y, eps=1e-6):
    x = x.astype(np.float64)
    classes = np.unique(y)
    stats = []
    for c in classes:
        xc = x[y == c]
        stats.append((xc.mean(axis=0), xc.var(axis=0) + eps))  # biased variance plus floor
    total = 0.0
    for i, (mi, vi) in enumerate(stats):
        for j, (mj, vj) in enumerate(stats):
            if i == j:
                continue
            v = (vi + vj) / 2
            bhattacharyya = np.sum((mi - mj) ** 2 / v) / 8 \
                + 0.5 * (np.sum(np.log(v)) - 0.5 * (np.sum(np.log(vi)) + np.sum(np.log(vj))))
            total += np.exp(-bhattacharyya)
    return -total


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    cases = make_cases()
    write_cases(here, cases)
    with open(os.path.join(here, "expected.tsv"), "w") as f:
        f.write("# case\toptions\tgbc (numpy, float64 on the float32 data)\n")
        for name, (x, y) in cases.items():
            f.write("%s\t-\t%r\n" % (name, float(gbc(x, y))))
            if name == "sep_n90_d6_c3":
                f.write("%s\teps=0.01\t%r\n" % (name, float(gbc(x, y, eps=0.01))))
