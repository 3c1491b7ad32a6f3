#!/usr/bin/env bash
# Spark engine benchmark (not a test): the same 'embed --layers all' through the real launcher, in-process (2 local
# threads) and on the local standalone cluster (2 workers x 1 core), per model; the cache is cleared before every
# run that should embed (the 'noop' run reads the cache: launcher, dataset and result store alone). Prints one line per run and the driver's per-partition lines (LMWB_DEBUG shows them).
# Usage: bench/spark/run.sh [dataset] [downsample] [models...]   (default sentiment-sentences, all 3,000,
# all-minilm-l6-v2 and bge-small-en-v1.5). Copy the figures into bench/spark/RESULTS.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dataset="${1:-sentiment-sentences}"
downsample="${2:-1}"
shift $(( $# >= 2 ? 2 : $# ))
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(all-minilm-l6-v2 bge-small-en-v1.5)
export LMWB_HOME="${LMWB_HOME:-$(mktemp -d /tmp/lmwb-bench-spark.XXXXXX)}"
export OMP_WAIT_POLICY=PASSIVE
lmwb="$root/runtime/lmwb"
cluster="$root/runtime/spark-cluster"
conf="$LMWB_HOME/bench-spark.conf"
# one executor per worker with its one core; executors see 1 CPU, so lmwb's encoder runs one batch at a time there
printf 'spark.executor.cores 1\nspark.executor.extraJavaOptions -XX:ActiveProcessorCount=1\n' >"$conf"

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
master=$("$cluster" start --workers 2 --cores 1 --port 0)
trap '"$cluster" stop' EXIT
echo "cluster: $master (2 workers x 1 core)"

timed() { # label, command...: wall seconds of one run, its last stderr lines kept in $LMWB_HOME/last.err
  local label="$1" t0 t1
  shift
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$LMWB_HOME/last.err" || { echo "$label: failed"; tail -n 5 "$LMWB_HOME/last.err"; return 1; }
  t1=$(date +%s.%N)
  printf '%s: %.1f s wall (launcher start included), load %s\n' "$label" "$(echo "$t1 - $t0" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
}

for model in "${models[@]}"; do
  args=(embed --dataset "$dataset" --downsample "$downsample" --model "$model" --layers all)
  # a first local run extracts the model and warms the page cache; not reported
  "$lmwb" "${args[@]}" >/dev/null 2>&1
  "$lmwb" cache --clear >/dev/null 2>&1
  timed "$model local (2 threads)" "$lmwb" "${args[@]}"
  timed "$model noop (launcher + dataset, cache hit)" "$lmwb" "${args[@]}"
  "$lmwb" cache --clear >/dev/null 2>&1 || true
  LMWB_SPARK_CONF="$conf" LMWB_DEBUG=1 timed "$model spark (2 workers x 1 core)" "$lmwb" "${args[@]}" --engine spark --spark-master "$master"
  grep '^lmwb-spark: ' "$LMWB_HOME/last.err" || true
done
