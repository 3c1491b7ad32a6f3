#!/usr/bin/env bash
# Encoder throughput: lmwb's DJL encoder (all hidden states, pooled) against ONNX Runtime (last layer only)
# on the same length-sorted batches, in one JVM. Usage: bench/encoders/run.sh [sentences.txt] [models...]
# Writes the figures to stdout; copy them into bench/encoders/RESULTS.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
# Builds the bench module and the bundles it needs in one reactor run (nothing is installed into ~/.m2).
mvn -B -o -q -pl bench/encoders -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
export OMP_WAIT_POLICY=PASSIVE
. "$root/runtime/blas-env.sh"
exec java -Xmx4g ${BENCH_JAVA_OPTS:-} -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  -Dai.djl.pytorch.num_threads="${THREADS:-2}" -Dai.djl.pytorch.num_interop_threads=1 \
  lmwb.bench.encoders.EncoderBenchmark "${1:-$here/sentences.txt}" "${@:2}"
