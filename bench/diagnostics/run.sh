#!/usr/bin/env bash
# Dataset-diagnostics benchmarks and studies (not tests). Compiles DiagnosticsBenchmark against the diagnostic
# bundles' classes (nothing is installed into ~/.m2) and runs one mode; see src/DiagnosticsBenchmark.java.
#   bench/diagnostics/run.sh speed
#   EMB=/tmp/diag-embeddings bench/diagnostics/run.sh noise|difficulty DATASET...   (after bench/diagnostics/embed.sh)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
if [ -z "${NO_BUILD:-}" ]; then
  mvn -B -o -q -pl bundles/lmwb.diagnostics.labelissues,bundles/lmwb.diagnostics.difficulty -am -DskipTests package
fi
# a copy of the classes, so that building the bundles meanwhile does not disturb a long study
lib="$here/target/lib"
if [ -z "${NO_BUILD:-}" ] || [ ! -d "$lib" ]; then
  rm -rf "$lib"
  for b in lmwb.api lmwb.common lmwb.diagnostics.core lmwb.diagnostics.labelissues lmwb.diagnostics.difficulty; do
    mkdir -p "$lib/$b" && cp -r "bundles/$b/target/classes/." "$lib/$b/"
  done
fi
cp="$lib/lmwb.api:$lib/lmwb.common:$lib/lmwb.diagnostics.core:$lib/lmwb.diagnostics.labelissues:$lib/lmwb.diagnostics.difficulty"
mkdir -p "$here/target/classes"
javac -nowarn -d "$here/target/classes" -cp "$cp" "$here/src/DiagnosticsBenchmark.java" 2>&1 | grep -v '^warning\|^Note\|^[0-9]* warning' || true
mode=$1; shift
case "$mode" in
  speed) args=(speed) ;;
  shuffled) args=(shuffled "${EMB:-/tmp/diag-embeddings}" "$@") ;;
  *) args=("$mode" "${EMB:-/tmp/diag-embeddings}" "$@") ;;
esac
exec java -Xmx6g ${BENCH_JAVA_OPTS:-} -cp "$here/target/classes:$cp" DiagnosticsBenchmark "${args[@]}"
