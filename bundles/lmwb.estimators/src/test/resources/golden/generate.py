#!/usr/bin/env python3
"""Generates the golden parity data for lmwb.estimators' unit tests (see README.md next to this file).

Run from this directory:  python3 generate.py /work/shared/tools/ref_estimators.py
Every matrix comes from numpy.random.default_rng(seed) with the seed listed in CASES; the expected values
are computed by the numpy reference port ref_estimators.py (TransformerRanker 0.2 semantics)."""
import csv
import importlib.util
import sys

import numpy as np

spec = importlib.util.spec_from_file_location("ref_estimators", sys.argv[1])
R = importlib.util.module_from_spec(spec)
spec.loader.exec_module(R)


def gaussian_classes(rng, n, d, c, signal=1.0):
    y = np.arange(n) % c
    rng.shuffle(y)
    centres = rng.standard_normal((c, d)) * signal
    x = rng.standard_normal((n, d)) + centres[y]
    return x.astype(np.float32), y.astype(np.int64)


def regression(rng, n, d):
    x = rng.standard_normal((n, d)).astype(np.float32)
    w = rng.standard_normal(d)
    y = x.astype(np.float64) @ w * 0.3 + rng.standard_normal(n)
    return x, y


def make(name, seed):
    rng = np.random.default_rng(seed)
    if name == "gauss_n200_d50_c5":
        return gaussian_classes(rng, 200, 50, 5, 0.5) + (False,)
    if name == "gauss_n60_d150_c3":
        return gaussian_classes(rng, 60, 150, 3, 0.3) + (False,)
    if name == "gauss_n64_d64_c4":
        return gaussian_classes(rng, 64, 64, 4, 0.4) + (False,)
    if name == "binary_n150_d40":
        return gaussian_classes(rng, 150, 40, 2, 0.3) + (False,)
    if name == "classes20_n300_d32":
        return gaussian_classes(rng, 300, 32, 20, 0.6) + (False,)
    if name == "sparse_ids_n90_d20":
        x, y = gaussian_classes(rng, 90, 20, 3, 0.7)
        return x, np.array([2, 5, 7])[y], False
    if name == "duplicated_columns_n150_d40":
        x, y = gaussian_classes(rng, 150, 30, 4, 0.5)
        return np.concatenate([x, x[:, :10]], axis=1), y, False
    if name == "rank5_n100_d60":
        y = np.arange(100) % 3
        rng.shuffle(y)
        a = rng.standard_normal((100, 5)) + np.eye(5)[y] * 2
        return (a @ rng.standard_normal((5, 60))).astype(np.float32), y, False
    if name == "tiny_variance_n120_d30":
        x, y = gaussian_classes(rng, 120, 30, 3, 0.5)
        x = x * np.float32(1e-3)
        x[:, 0] *= np.float32(1e-4)
        return x, y, False
    if name == "integer_grid_n120_d6":
        x, y = gaussian_classes(rng, 120, 6, 3, 1.0)
        return np.round(x).astype(np.float32), y, False
    if name == "regression_n120_d30":
        return regression(rng, 120, 30) + (True,)
    if name == "regression_n50_d80":
        return regression(rng, 50, 80) + (True,)
    raise KeyError(name)


CASES = [  # (name, seed)
    ("gauss_n200_d50_c5", 1), ("gauss_n60_d150_c3", 2), ("gauss_n64_d64_c4", 3), ("binary_n150_d40", 4),
    ("classes20_n300_d32", 5), ("sparse_ids_n90_d20", 6), ("duplicated_columns_n150_d40", 7),
    ("rank5_n100_d60", 8), ("tiny_variance_n120_d30", 9), ("integer_grid_n120_d6", 10),
    ("regression_n120_d30", 11), ("regression_n50_d80", 12),
]

rows = []
for name, seed in CASES:
    x, y, reg = make(name, seed)
    np.save(f"{name}.X.npy", np.ascontiguousarray(x))
    np.save(f"{name}.y.npy", y)
    runs = [("knn", "k=3", dict(k=3)), ("knn", "k=5,metric=cosine", dict(k=5, distance_metric="cosine")),
            ("logme", "", {}), ("logme", "reset=true", dict(reset_per_class=True))]
    if not reg:
        runs.append(("hscore", "", {}))
    for est, opts, kw in runs:
        if est == "knn" and not reg and len(np.unique(y)) == 2 and set(np.unique(y)) != {0, 1}:
            continue
        fn = {"knn": R.knn_score, "hscore": R.hscore, "logme": R.logme}[est]
        rows.append((name, est, opts, "true" if reg else "false", repr(float(fn(x, y, regression=reg, **kw)))))

# iris, read as float32 like lmwb's CSV reader; class ids in order of first appearance (= alphabetical)
with open("../iris.csv") as fh:
    data = list(csv.reader(fh))[1:]
names = sorted({r[4] for r in data})
ix = np.array([[float(v) for v in r[:4]] for r in data], dtype=np.float32)
iy = np.array([names.index(r[4]) for r in data], dtype=np.int64)
for k in range(1, 12):
    rows.append(("iris", "knn", f"k={k}", "false", repr(R.knn_score(ix, iy, k=k))))
    rows.append(("iris", "knn", f"k={k},metric=cosine", "false", repr(R.knn_score(ix, iy, k=k, distance_metric="cosine"))))
rows.append(("iris", "hscore", "", "false", repr(R.hscore(ix, iy))))
rows.append(("iris", "logme", "", "false", repr(R.logme(ix, iy))))
rows.append(("iris", "logme", "reset=true", "false", repr(R.logme(ix, iy, reset_per_class=True))))

with open("expected.tsv", "w") as fh:
    fh.write("case\testimator\toptions\tregression\tvalue\n")
    for r in rows:
        fh.write("\t".join(r) + "\n")
print(f"{len(rows)} expected values written")
