#!/usr/bin/env bash
# The training studies behind bundles/lmwb.training/RESULTS.md, outside a framework on the real built-in
# datasets and models (the same services the runtime wires, built through their DS constructors).
# Usage:
#   bench/training/run.sh train OUT.json DATASET MODELS COMBINE FROZEN DOWNSAMPLE EPOCHS RUNS [LR MAXLEN BATCH CKPT_DIR]
#   bench/training/run.sh reload CKPT_DIR DATASET DOWNSAMPLE SEED [N]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
case "${1:-}" in
  train) main=lmwb.bench.training.TrainingStudy ;;
  reload) main=lmwb.bench.training.ReloadStudy ;;
  *) echo "usage: bench/training/run.sh train|reload ARGS... (see the header of this script)" >&2; exit 2 ;;
esac
shift
cd "$root"
# Builds the bench module and the bundles it needs in one reactor run (nothing is installed into ~/.m2).
mvn -B -o -q -pl bench/training -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
export OMP_WAIT_POLICY=PASSIVE
. "$root/runtime/blas-env.sh"
exec java -Xmx4g ${BENCH_JAVA_OPTS:-} -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  -Dai.djl.pytorch.num_threads="${THREADS:-2}" -Dai.djl.pytorch.num_interop_threads=1 "$main" "$@"
