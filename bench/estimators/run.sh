#!/usr/bin/env bash
# Side-by-side benchmark of lmwb's Java estimators against the numpy reference port (ref_estimators.py)
# on the same float32 Gaussian .npy files. Not part of the build; needs python3 + numpy, Maven (offline
# is fine once dependencies are in ~/.m2) and shared/tools/ref_estimators.py beside the checkout (or REF=path).
#
#   bench/estimators/run.sh                 # N=2000 D=768 C=5, then N=20000 with D=384 and D=1024
#   SIZES="2000x768" REPS=7 bench/estimators/run.sh
#   THREADS=1 bench/estimators/run.sh       # single-threaded BLAS on both sides (steadier on a busy machine)
#   COLD=1 SIZES="2000x768" bench/estimators/run.sh   # also: first call in a fresh runtime (runtime/lmwb estimate)
#
# COLD=1 adds, per estimator, COLD_RUNS fresh runtimes of the real launcher, each scoring the same files 5 times
# in one shell session: the first call's in-JVM `seconds` (cold) against the median of calls 3-5 (warm), and
# numpy's first call in COLD_RUNS fresh python processes. Needs runtime/target/lmwb.jar (the launcher builds it).
#
# Each measurement: WARMUP untimed runs, then the median (and minimum) of REPS timed runs, in one process per
# (implementation, estimator, size); Java runs through EstimatorBenchMain (test scope of lmwb.estimators).
set -euo pipefail
SIZES=${SIZES:-"2000x768 20000x384 20000x1024"}
CLASSES=${CLASSES:-5}
WARMUP=${WARMUP:-2}
REPS=${REPS:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/estimators"
MODULE="$ROOT/bundles/lmwb.estimators"
REF=${REF:-$(dirname "$ROOT")/shared/tools/ref_estimators.py}

if [[ ! -f "$REF" ]]; then
    echo "SKIP: reference implementation $REF not found (set REF=/path/to/ref_estimators.py)" >&2
    exit 0
fi
if ! python3 -c "import numpy" 2>/dev/null; then
    echo "SKIP: python3 with numpy is needed to generate the data and run the reference" >&2
    exit 0
fi
export OMP_WAIT_POLICY=PASSIVE
JAVA_OPTS=()
if [[ -n "${THREADS:-}" ]]; then
    # both numpy's and JavaCPP's OpenBLAS read OPENBLAS_NUM_THREADS
    export OPENBLAS_NUM_THREADS=$THREADS
    JAVA_OPTS+=("-Djava.util.concurrent.ForkJoinPool.common.parallelism=$THREADS")
fi

mkdir -p "$MODULE/target"
# one reactor build (the sibling bundles resolve to their target/classes; nothing is installed into ~/.m2)
if ! (cd "$ROOT" && mvn -B -q -o -pl bundles/lmwb.estimators -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath) \
    >"$ROOT/bundles/lmwb.estimators/target/bench-build.log" 2>&1; then
    echo "build failed, see bundles/lmwb.estimators/target/bench-build.log" >&2
    exit 1
fi
CP="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/target/bench.classpath")"

DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
printf "%-11s %-7s %11s %11s %8s %11s %11s %8s  %s\n" "N x D" "est" "numpy med" "java med" "speedup" "numpy min" "java min" "speedup" "scores (numpy / java)"
for size in $SIZES; do
    n=${size%x*}; d=${size#*x}
    python3 - "$DATA" "$n" "$d" "$CLASSES" <<'PY'
import sys, numpy as np
out, n, d, c = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(20240101 + n + d)
x = rng.standard_normal((n, d)).astype(np.float32)
y = (np.arange(n) % c).astype(np.int64)
rng.shuffle(y)
np.save(f"{out}/X.npy", x)
np.save(f"{out}/y.npy", y)
PY
    for est in knn hscore logme; do
        ref=$(python3 "$HERE/ref_time.py" "$REF" "$DATA/X.npy" "$DATA/y.npy" "$est" "$WARMUP" "$REPS")
        jav=$(java "${JAVA_OPTS[@]}" -cp "$CP" lmwb.estimators.EstimatorBenchMain "$DATA/X.npy" "$DATA/y.npy" "$est" "" "$WARMUP" "$REPS" 2>/dev/null)
        rt=$(cut -f2 <<<"$ref"); jt=$(cut -f2 <<<"$jav"); rm_=$(cut -f4 <<<"$ref"); jm=$(cut -f4 <<<"$jav")
        printf "%-11s %-7s %11.4f %11.4f %7.1fx %11.4f %11.4f %7.1fx  %s / %s\n" "$size" "$est" "$rt" "$jt" \
            "$(python3 -c "print($rt/$jt)")" "$rm_" "$jm" "$(python3 -c "print($rm_/$jm)")" \
            "$(cut -f3 <<<"$ref")" "$(cut -f3 <<<"$jav")"
    done
done
if [[ -n "${COLD:-}" ]]; then
    export LMWB_HOME=${LMWB_HOME:-$DATA/home}
    printf "\n%-11s %-7s %12s %12s %12s %10s %12s\n" "N x D" "est" "numpy first" "lmwb first" "lmwb warm" "first/warm" "numpy/lmwb"
    for size in $SIZES; do
        n=${size%x*}; d=${size#*x}
        python3 - "$DATA" "$n" "$d" "$CLASSES" <<'PY'
import sys, numpy as np
out, n, d, c = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(20240101 + n + d)
x = rng.standard_normal((n, d)).astype(np.float32)
y = (np.arange(n) % c).astype(np.int64)
rng.shuffle(y)
np.save(f"{out}/X.npy", x)
np.save(f"{out}/y.npy", y)
PY
        for est in knn hscore logme; do
            args="--embeddings $DATA/X.npy --labels $DATA/y.npy --estimator $est"
            for _ in $(seq "${COLD_RUNS:-4}"); do
                { for _ in 1 2 3 4 5; do echo "estimate $args"; done; echo exit; } | "$ROOT/runtime/lmwb" 2>/dev/null | awk '/^seconds/{printf "%s ", $2} END{print ""}'
            done >"$DATA/lmwb.txt"
            for _ in $(seq "${COLD_RUNS:-4}"); do
                python3 "$HERE/ref_time.py" "$REF" "$DATA/X.npy" "$DATA/y.npy" "$est" 0 1 | cut -f2
            done >"$DATA/numpy.txt"
            python3 - "$size" "$est" "$DATA/lmwb.txt" "$DATA/numpy.txt" <<'PY'
import statistics, sys
size, est, lmwb, ref = sys.argv[1:5]
runs = [list(map(float, l.split())) for l in open(lmwb) if len(l.split()) == 5]
first = statistics.median(r[0] for r in runs)
warm = statistics.median(v for r in runs for v in r[2:])
numpy = statistics.median(float(l) for l in open(ref))
print(f"{size:<11} {est:<7} {numpy:12.4f} {first:12.4f} {warm:12.4f} {first / warm:9.2f}x {numpy / first:11.2f}x")
PY
        done
    done
fi
echo "threads: ${THREADS:-default}; machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
