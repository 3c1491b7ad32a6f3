#!/usr/bin/env python3
"""Times the numpy reference estimators (ref_estimators.py) on one .npy pair: warm-up runs, then the
median (and minimum) of timed runs. Usage: ref_time.py REF_ESTIMATORS_PY X.npy y.npy ESTIMATOR WARMUP REPS"""
import importlib.util
import statistics
import sys
import time

import numpy as np

spec = importlib.util.spec_from_file_location("ref_estimators", sys.argv[1])
R = importlib.util.module_from_spec(spec)
spec.loader.exec_module(R)
x = np.load(sys.argv[2])
y = np.load(sys.argv[3])
fn = {"knn": R.knn_score, "hscore": R.hscore, "logme": R.logme}[sys.argv[4]]
warmup, reps = int(sys.argv[5]), int(sys.argv[6])
for _ in range(warmup):
    score = fn(x, y)
times = []
for _ in range(reps):
    t0 = time.perf_counter()
    score = fn(x, y)
    times.append(time.perf_counter() - t0)
print(f"{sys.argv[4]}\t{statistics.median(times)}\t{score!r}\t{min(times)}")
