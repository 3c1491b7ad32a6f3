#!/usr/bin/env python3
"""scikit-learn's side of probe_vs_sklearn.sh: LogisticRegression(C=1/l2, solver="lbfgs", multinomial) on every
layer-*.npy of an `embed --out` folder, on the folds lmwb wrote (folds.txt), each fold's features standardised with
its training rows' mean and deviation (StandardScaler, as lmwb's probe). Prints per layer
`layer seconds accuracy iterations capped_folds correct_per_fold`, then `total seconds`.

usage: probe_sklearn.py DIR FOLDS_TXT L2 TOL MAX_ITER
"""
import glob
import os
import re
import sys
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

directory, folds_txt, l2, tol, max_iter = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
y = np.load(os.path.join(directory, "labels.npy")).astype(np.int64)
fold = np.loadtxt(folds_txt, dtype=np.int64)
k = int(fold.max()) + 1
layers = sorted(glob.glob(os.path.join(directory, "layer-*.npy")), key=lambda p: int(re.findall(r"\d+", os.path.basename(p))[0]))
warnings.simplefilter("ignore", ConvergenceWarning)


def run(x):
    correct, iterations, capped, accuracy = [], 0, 0, []
    for f in range(k):
        test = fold == f
        scaler = StandardScaler().fit(x[~test])
        model = LogisticRegression(C=1.0 / l2, solver="lbfgs", multi_class="multinomial", tol=tol, max_iter=max_iter)
        model.fit(scaler.transform(x[~test]), y[~test])
        pred = model.predict(scaler.transform(x[test]))
        correct.append(int((pred == y[test]).sum()))
        accuracy.append(correct[-1] / test.sum())
        iterations += int(model.n_iter_[0])
        capped += int(model.n_iter_[0] >= max_iter)
    return float(np.mean(accuracy)), iterations, capped, correct


run(np.load(layers[0]).astype(np.float64))  # warm-up, untimed (as on the Java side)
total = 0.0
for path in layers:
    x = np.load(path).astype(np.float64)  # lmwb reads float32 and standardises in float64 too
    t0 = time.perf_counter()
    accuracy, iterations, capped, correct = run(x)
    seconds = time.perf_counter() - t0
    total += seconds
    layer = int(re.findall(r"\d+", os.path.basename(path))[0])
    print(f"{layer}\t{seconds:.4f}\t{accuracy:.6f}\t{iterations}\t{capped}\t{','.join(map(str, correct))}")
print(f"total\t{total:.4f}")
