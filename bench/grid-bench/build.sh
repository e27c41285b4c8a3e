#!/usr/bin/env bash
# Compiles the GRID benchmark harness (bench/grid-bench/src) against grid-routes' classes and test fixtures.
# Uses the reactor (no `mvn install`: nothing of GRID is written to ~/.m2, and the root pom's <modules>
# do not list the harness, so CI never builds it). Prints the run classpath file on success.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$ROOT/bench/grid-bench/target"
(cd "$ROOT" && mvn -B -q ${MVN_OFFLINE:-} -pl grid-routes -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/grid-bench.classpath -Dmdep.includeScope=test) >&2
CP="$ROOT/grid-routes/target/test-classes:$ROOT/grid-routes/target/classes:$(cat "$ROOT/grid-routes/target/grid-bench.classpath")"
rm -rf "$OUT/classes" && mkdir -p "$OUT/classes"
find "$ROOT/bench/grid-bench/src" -name '*.java' >"$OUT/sources.txt"
javac --release 17 -encoding UTF-8 -Xlint:-options -d "$OUT/classes" -cp "$CP" @"$OUT/sources.txt" >&2
echo "$OUT/classes:$CP" >"$OUT/run.classpath"
echo "$OUT/run.classpath"
