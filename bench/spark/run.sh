#!/usr/bin/env bash
# Spark engine benchmark (not a test): the same 'rank' of several models (every layer of each embedded) through the
# real launcher, in process (2 local threads) and on the local standalone cluster (2 workers x 1 core), side by side,
# ROUNDS times. A 'rank' that misses the cache starts ONE Spark application for all its models, as users run it.
# Before every run that should embed, the cache is cleared; the 'noop' run reads the cache (launcher, dataset,
# estimator and result store alone) and is subtracted from both. Each cell prints the load average before and after
# it (the machine is shared): rerun a round whose load jumped. The driver's per-job and per-partition lines
# (LMWB_DEBUG) follow each Spark cell. For comparison each round also runs the models one application each (one
# single-model rank per model, as one command per model ran before a rank shared one application).
# Usage: bench/spark/run.sh [dataset] [downsample] [models] [rounds]   (default sentiment-sentences, 1 (all 3,000),
# all-minilm-l6-v2,bge-small-en-v1.5, 2). Copy the figures into bench/spark/RESULTS.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dataset="${1:-sentiment-sentences}"
downsample="${2:-1}"
models="${3:-all-minilm-l6-v2,bge-small-en-v1.5}"
rounds="${4:-2}"
# never a shared cache: the benchmark clears it
export LMWB_HOME="${LMWB_HOME:-$(mktemp -d /tmp/lmwb-bench-spark.XXXXXX)}"
export OMP_WAIT_POLICY=PASSIVE
lmwb="$root/runtime/lmwb"
cluster="$root/runtime/spark-cluster"
conf="$LMWB_HOME/bench-spark.conf"
# one executor per worker with its one core; executors see 1 CPU, so lmwb's encoder runs one batch at a time there
printf 'spark.executor.cores 1\nspark.executor.extraJavaOptions -XX:ActiveProcessorCount=1\n' >"$conf"
load() { cut -d' ' -f1 /proc/loadavg; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
master=$("$cluster" start --workers 2 --cores 1 --port 0)
trap '"$cluster" stop' EXIT
echo "cluster: $master (2 workers x 1 core); rank --dataset $dataset --downsample $downsample --models $models"

timed() { # label, command...: wall seconds of one run, its stderr kept in $LMWB_HOME/last.err
  local label="$1" t0 t1 before
  shift
  before=$(load)
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$LMWB_HOME/last.err" || { echo "$label: failed"; tail -n 5 "$LMWB_HOME/last.err"; return 1; }
  t1=$(date +%s.%N)
  printf '%s: %.1f s wall (launcher start included), load %s -> %s\n' "$label" "$(echo "$t1 - $t0" | bc)" "$before" "$(load)"
}

args=(rank --dataset "$dataset" --downsample "$downsample" --models "$models" --estimator hscore)
# a first local run extracts the models and warms the page cache; not reported
"$lmwb" "${args[@]}" >/dev/null 2>&1
for round in $(seq 1 "$rounds"); do
  echo "--- round $round"
  "$lmwb" cache --clear >/dev/null 2>&1
  timed "local (2 threads)" "$lmwb" "${args[@]}"
  timed "noop (cache hit)" "$lmwb" "${args[@]}"
  "$lmwb" cache --clear >/dev/null 2>&1
  LMWB_SPARK_CONF="$conf" LMWB_DEBUG=1 timed "spark (2 workers x 1 core, one application)" "$lmwb" "${args[@]}" \
    --engine spark --spark-master "$master"
  grep '^lmwb-spark: ' "$LMWB_HOME/last.err" | grep -v 'progress' || true
  # as before one application per command: one single-model rank per model, each with its own noop
  for model in ${models//,/ }; do
    one=(rank --dataset "$dataset" --downsample "$downsample" --models "$model" --estimator hscore)
    "$lmwb" cache --clear >/dev/null 2>&1
    LMWB_SPARK_CONF="$conf" LMWB_DEBUG=1 timed "spark, $model alone (its own application)" "$lmwb" "${one[@]}" \
      --engine spark --spark-master "$master"
    grep '^lmwb-spark: ' "$LMWB_HOME/last.err" | grep -v 'progress\|partition ' || true
    timed "noop, $model alone (cache hit)" "$lmwb" "${one[@]}"
  done
done
