#!/usr/bin/env bash
# Side-by-side first-call benchmark of two lmwb runtimes (e.g. main's and a branch's) on one estimator: ROUNDS
# rounds, each starting one fresh runtime of A then one of B (alternating, so both see the same machine load),
# each runtime scoring the same 2,000 x 768 float32 Gaussian matrix (C=5, the seed of run.sh) 5 times in one
# shell session. Per runtime: the first call's in-JVM `seconds` (cold) and the median of calls 3-5 (warm).
# Prints each round, then the medians over rounds and the median of the per-runtime first/warm ratios.
#
#   bench/estimators/cold_first_call.sh A_RUNTIME_DIR B_RUNTIME_DIR      # each a copy of runtime/ with target/lmwb.jar
#   EST=hscore ROUNDS=8 bench/estimators/cold_first_call.sh /tmp/base/runtime runtime
set -euo pipefail
A=$1
B=$2
EST=${EST:-knn}
ROUNDS=${ROUNDS:-6}
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
export LMWB_HOME=${LMWB_HOME:-$DATA/home}
python3 - "$DATA" <<'PY'
import sys, numpy as np
out, n, d, c = sys.argv[1], 2000, 768, 5
rng = np.random.default_rng(20240101 + n + d)
x = rng.standard_normal((n, d)).astype(np.float32)
y = (np.arange(n) % c).astype(np.int64)
rng.shuffle(y)
np.save(f"{out}/X.npy", x)
np.save(f"{out}/y.npy", y)
PY
args="--embeddings $DATA/X.npy --labels $DATA/y.npy --estimator $EST"
for round in $(seq "$ROUNDS"); do
    for side in A B; do
        dir=${!side}
        t=$({ for _ in 1 2 3 4 5; do echo "estimate $args"; done; echo exit; } | "$dir/lmwb" 2>/dev/null \
            | awk '/^seconds/{printf "%s ", $2}')
        echo "$round $side $t $(cut -d' ' -f1 /proc/loadavg)"
    done
done >"$DATA/runs.txt"
cat "$DATA/runs.txt"
python3 - "$DATA/runs.txt" "$EST" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
print(f"estimator {sys.argv[2]}, N=2000 D=768; columns: median over rounds")
print(f"{'runtime':8} {'first [s]':>10} {'warm [s]':>10} {'first/warm':>11} {'rounds':>7} {'load':>10}")
for side in "AB":
    runs = [r for r in rows if r[1] == side and len(r) == 8]
    first = [float(r[2]) for r in runs]
    warm = [statistics.median(map(float, r[4:7])) for r in runs]
    ratio = [f / w for f, w in zip(first, warm)]
    load = [float(r[7]) for r in runs]
    print(f"{side:8} {statistics.median(first):10.3f} {statistics.median(warm):10.3f} {statistics.median(ratio):10.2f}x"
          f" {len(runs):7d} {min(load):4.1f}-{max(load):4.1f}")
PY
