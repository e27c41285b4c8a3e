#!/usr/bin/env bash
# Runs one benchmark main of the harness: bench/grid-bench/run.sh <main class> [arguments...]
# Builds first unless BENCH_BUILT=1. Runs from grid-routes/ so the test fixtures find contracts/node_modules.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
if [[ "${BENCH_BUILT:-0}" != 1 ]]; then
  "$ROOT/bench/grid-bench/build.sh" >/dev/null
fi
CP="$(cat "$ROOT/bench/grid-bench/target/run.classpath")"
cd "$ROOT/grid-routes"
exec java -Xms512m -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" "$@"
