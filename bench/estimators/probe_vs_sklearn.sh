#!/usr/bin/env bash
# The probe estimator against scikit-learn's LogisticRegression, side by side on the same real embeddings and the
# same folds (issue 18 part 5). Not part of the build; needs python3 with numpy and scikit-learn (Debian:
# apt-get install python3-sklearn, then PYTHON=/usr/bin/python3), Maven (offline once ~/.m2 is warm) and the
# runtime (runtime/lmwb embeds the data, from the embedding cache when it is there).
#
#   bench/estimators/probe_vs_sklearn.sh                         # sentiment-sentences x e5-small-v2, every layer
#   DATASET=acceptability MODEL=bge-small-en bench/estimators/probe_vs_sklearn.sh
#   OPTIONS="l2=1,tolerance=1e-6,max-iter=500" bench/estimators/probe_vs_sklearn.sh
#
# Both sides: multinomial logistic regression, objective Σ cross-entropy + l2/2·||W||² (sklearn C = 1/l2),
# stop at max |gradient| <= tolerance (sklearn's tol) or a relative decrease <= 2.2e-9 (scipy's ftol) or max-iter;
# 5 stratified folds written by lmwb (folds.txt) and read by sklearn; features standardised per fold with the
# training rows' mean and deviation; one untimed warm-up layer each. Per layer: seconds, mean fold accuracy,
# L-BFGS iterations summed over the folds, folds that hit max-iter, and the largest per-fold difference in
# correctly classified test examples.
set -euo pipefail
DATASET=${DATASET:-sentiment-sentences}
MODEL=${MODEL:-e5-small-v2}
OPTIONS=${OPTIONS:-l2=1,tolerance=1e-4,max-iter=200}
PYTHON=${PYTHON:-python3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/estimators"
MODULE="$ROOT/bundles/lmwb.estimators"

if ! "$PYTHON" -c "import sklearn, numpy" 2>/dev/null; then
    echo "SKIP: $PYTHON has no scikit-learn/numpy (apt-get install python3-sklearn; PYTHON=/usr/bin/python3)" >&2
    exit 0
fi
option() { # option NAME DEFAULT: a value of $OPTIONS
    local v
    v=$(tr ',' '\n' <<<"$OPTIONS" | sed -n "s/^$1=//p")
    echo "${v:-$2}"
}
L2=$(option l2 1); TOL=$(option tolerance 1e-4); MAXIT=$(option max-iter 200)

mkdir -p "$MODULE/target"
if ! (cd "$ROOT" && mvn -B -q -o -pl bundles/lmwb.estimators -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath) >"$MODULE/target/bench-build.log" 2>&1; then
    echo "build failed, see $MODULE/target/bench-build.log" >&2
    exit 1
fi
CP="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/target/bench.classpath")"
DATA=$(mktemp -d)
trap 'rm -rf "$DATA"' EXIT
"$ROOT/runtime/lmwb" embed --dataset "$DATASET" --model "$MODEL" --out "$DATA/emb" --force >/dev/null
export OMP_WAIT_POLICY=PASSIVE
java -cp "$CP" lmwb.estimators.probe.ProbeBenchMain "$DATA/emb" "$DATA/folds.txt" "$OPTIONS" >"$DATA/java.tsv"
"$PYTHON" "$HERE/probe_sklearn.py" "$DATA/emb" "$DATA/folds.txt" "$L2" "$TOL" "$MAXIT" >"$DATA/sklearn.tsv"
"$PYTHON" - "$DATA/java.tsv" "$DATA/sklearn.tsv" "$DATASET" "$MODEL" "$OPTIONS" <<'PY'
import sys
java = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
sk = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
n = len(open(sys.argv[1]).readline()) and None
print(f"{sys.argv[3]} x {sys.argv[4]}, options {sys.argv[5]}")
print(f"{'layer':>5} {'sklearn s':>9} {'lmwb s':>8} {'speed-up':>8} {'sklearn acc':>11} {'lmwb acc':>9} {'sk iter':>7} {'lmwb iter':>9} {'sk capped':>9} {'lmwb capped':>11} {'max |Δ correct|':>15}")
worst = 0
for j, s in zip(java, sk):
    if j[0] == "total":
        print(f"{'total':>5} {float(s[1]):9.3f} {float(j[1]):8.3f} {float(s[1]) / float(j[1]):7.2f}x")
        continue
    diff = max(abs(int(a) - int(b)) for a, b in zip(j[5].split(","), s[5].split(",")))
    worst = max(worst, diff)
    print(f"{j[0]:>5} {float(s[1]):9.3f} {float(j[1]):8.3f} {float(s[1]) / float(j[1]):7.2f}x {float(s[2]):11.4f} {float(j[2]):9.4f}"
          f" {s[3]:>7} {j[3]:>9} {s[4]:>9} {j[4]:>11} {diff:>15}")
print(f"largest per-fold difference in correct test examples: {worst}")
PY
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
