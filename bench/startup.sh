#!/bin/sh
# Startup figure: the whole process `./netdiag probe 127.0.0.1:9` (a refused connect on loopback,
# so nearly all of it is JVM start and our class loading) against a JVM hello world on the same JDK,
# timed alternately in one run by bench/Compare.java.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
. "$root/.mvn/find-jdk.sh"
netdiag_find_jdk || { echo "startup.sh: needs a JDK 25" >&2; exit 1; }
java="$NETDIAG_JDK/bin/java"

"$root/netdiag" --version >/dev/null   # builds if needed, outside the timing
build="$root/bench/target"
mkdir -p "$build"
"$NETDIAG_JDK/bin/javac" -d "$build" "$root/bench/Hello.java"

"$java" "$root/bench/Compare.java" --runs "${RUNS:-31}" --label "startup: probe vs JVM hello world" \
  "$root/netdiag probe 127.0.0.1:9" "$java -cp $build Hello"
