#!/bin/sh
# Batch figure: 50,000 names (NAMES=) answered by a local nsd (rrl-ratelimit: 0, 127.53.2.3:5353,
# ADDR=/PORT=), whole-process times of `dig -f`, `netdiag dig -f` and dnsperf on the same names and
# server, RUNS (default 5) rounds alternating the three, medians of the wall time and means of the
# CPU time (user+sys), with the ratios the issue sets targets for (netdiag >= 8x faster than dig -f,
# within 2x of dnsperf). Also checks that netdiag's output equals dig's once query ids, times,
# dates and cookies are masked, and times one single query (SINGLE= rounds, default 21,
# alternating, startup included). Beside them, floors: a JVM doing only dnsperf's work, and that
# writing dig's text from the replies' bytes (bench/BatchFloor.java), a JVM hello world and a JVM
# sending one UDP question (bench/OneQuery.java).
# BEFORE=path/to/other/netdiag times another build's launcher in
# the same rounds (before/after figures from one run). Needs root (nsd), nsd, dig, dnsperf, and
# GNU time (/usr/bin/time) for the CPU figures.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
n=${NAMES:-50000}
addr=${ADDR:-127.53.2.3}
port=${PORT:-5353}
runs=${RUNS:-5}
work=$(mktemp -d /tmp/netdiag-dig-batch.XXXXXX)
nsd_pid=
cleanup() {
  if [ -n "$nsd_pid" ]; then
    kill "$nsd_pid" 2>/dev/null || true
    # nsd writes its xfrd state on the way out: let it finish before the directory goes.
    wait "$nsd_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

awk -v n="$n" -v addr="$addr" -v w="$work" 'BEGIN {
  z = w "/bench.test.zone"
  print "$ORIGIN bench.test.\n$TTL 300\n@ IN SOA ns1 hostmaster 1 3600 900 604800 300\n@ IN NS ns1" > z
  print "ns1 IN A " addr > z
  for (i = 0; i < n; i++) {
    printf "n%d IN A 10.%d.%d.%d\n", i, int(i / 65536) % 256, int(i / 256) % 256, i % 256 > z
    printf "n%d.bench.test\n", i > (w "/names.txt")
    printf "n%d.bench.test A\n", i > (w "/perf.txt")
  }
}'
cat >"$work/nsd.conf" <<CONF
server:
  ip-address: $addr@$port
  username: ""
  chroot: ""
  database: ""
  zonesdir: "$work"
  pidfile: "$work/nsd.pid"
  zonelistfile: "$work/zone.list"
  xfrdfile: "$work/xfrd.state"
  xfrdir: "$work"
  logfile: "$work/nsd.log"
  server-count: 1
  verbosity: 1
  rrl-ratelimit: 0
remote-control:
  control-enable: no
zone:
  name: "bench.test."
  zonefile: "bench.test.zone"
CONF
nsd -d -c "$work/nsd.conf" >"$work/nsd.out" 2>&1 &
nsd_pid=$!
i=0
until grep -q "nsd started" "$work/nsd.log" 2>/dev/null; do
  i=$((i + 1))
  if [ $i -gt 150 ]; then echo "dig-batch.sh: nsd did not start" >&2; cat "$work/nsd.out" >&2; exit 1; fi
  sleep 0.1
done

export HOME="$work"   # no ~/.digrc on either side
"$root/netdiag" dig -v >/dev/null 2>&1   # builds if needed, outside the timing

before=${BEFORE:-}
if [ -n "$before" ]; then "$before" dig -v >/dev/null 2>&1; fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# One timed run: appends "wall_ms cpu_ms" to the file $1 (stdout to a file so every side writes
# its output; CPU is user+sys of the process and its children, from GNU time).
timed() {
  record=$1
  shift
  start=$(date +%s%N)
  /usr/bin/time -o "$work/time" -f "%U %S" "$@" >"$work/out" 2>"$work/err" || true
  end=$(date +%s%N)
  cpu=$(tail -n 1 "$work/time" | awk '{printf "%d", ($1 + $2) * 1000}')
  echo "$(((end - start) / 1000000)) $cpu" >>"$record"
}
# "median_wall mean_cpu" of a record file.
stats() {
  sort -n "$1" | awk '{w[NR] = $1; c += $2} END {
    m = (NR % 2) ? w[(NR + 1) / 2] : (w[NR / 2] + w[NR / 2 + 1]) / 2
    printf "%d %d", m, c / NR }'
}

# The floor of a Java batch client (bench/BatchFloor.java): a JVM doing dnsperf's work and no
# more (names sent as dig's questions over one UDP channel, 128 in flight, replies counted, no DNS
# library, no text), with an AOT cache trained on itself and the launcher's JVM flags for a batch;
# and the same writing each reply as dig's text straight from its bytes ("text"): the floor of a
# Java dig batch that prints what dig prints.
. "$root/.mvn/find-jdk.sh"
netdiag_find_jdk
build="$work/hello"
mkdir -p "$build"
batch_flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmn32m"
"$NETDIAG_JDK/bin/javac" -d "$build" "$root/bench/BatchFloor.java"
"$NETDIAG_JDK/bin/jar" cf "$build/floor.jar" -C "$build" BatchFloor.class
(cd "$build" && "$NETDIAG_JDK/bin/java" -XX:AOTCacheOutput="$build/floor.aot" -Xlog:aot=error \
  -Xlog:cds=error $batch_flags -cp "$build/floor.jar" BatchFloor "$addr" "$port" \
  "$work/names.txt" text >/dev/null)
floor="$NETDIAG_JDK/bin/java -XX:AOTCache=$build/floor.aot -XX:-UsePerfData -Xlog:aot=off -Xlog:cds=off"
floor="$floor $batch_flags -cp $build/floor.jar BatchFloor $addr $port $work/names.txt"

for r in $(seq "$runs"); do
  timed "$work/t.dig" dig "@$addr" -p "$port" -f "$work/names.txt"
  [ "$r" = 1 ] && cp "$work/out" "$work/dig.out"
  timed "$work/t.ours" "$root/netdiag" dig "@$addr" -p "$port" -f "$work/names.txt"
  [ "$r" = 1 ] && cp "$work/out" "$work/ours.out"
  if [ -n "$before" ]; then
    timed "$work/t.before" "$before" dig "@$addr" -p "$port" -f "$work/names.txt"
  fi
  timed "$work/t.perf" dnsperf -s "$addr" -p "$port" -d "$work/perf.txt" -n 1
  timed "$work/t.floor" $floor
  timed "$work/t.tfloor" $floor text
  [ "$r" = 1 ] && grep -E "Queries (completed|lost)" "$work/out" | sed 's/^ */dnsperf: /'
done

mask() { sed -E 's/id: [0-9]+/id: X/; s/Query time: [0-9]+ msec/Query time: X/; s/^;; WHEN: .*/;; WHEN: X/; s/^; COOKIE: .*/; COOKIE: X/' "$1"; }
if [ "$(mask "$work/dig.out" | cksum)" = "$(mask "$work/ours.out" | cksum)" ]; then same=yes; else same=NO; fi

# One lookup, as people type it: startup and one round trip. Beside it, the floor of any Java dig:
# a JVM that prints "hello" (bench/Hello.java, with an AOT cache of its own and -Xint, as the
# launcher runs a single dig) and does nothing else.
"$NETDIAG_JDK/bin/javac" -d "$build" "$root/bench/Hello.java" "$root/bench/OneQuery.java"
"$NETDIAG_JDK/bin/jar" cf "$build/hello.jar" -C "$build" Hello.class
"$NETDIAG_JDK/bin/jar" cf "$build/query.jar" -C "$build" OneQuery.class
(cd "$build" && "$NETDIAG_JDK/bin/java" -XX:AOTCacheOutput="$build/hello.aot" -Xlog:aot=error \
  -Xlog:cds=error -XX:+UseSerialGC -Xint -cp "$build/hello.jar" Hello >/dev/null)
(cd "$build" && "$NETDIAG_JDK/bin/java" -XX:AOTCacheOutput="$build/query.aot" -Xlog:aot=error \
  -Xlog:cds=error -XX:+UseSerialGC -Xint -cp "$build/query.jar" OneQuery "$addr" "$port" \
  n1.bench.test >/dev/null)
hello="$NETDIAG_JDK/bin/java -XX:AOTCache=$build/hello.aot -XX:-UsePerfData -Xlog:aot=off -Xlog:cds=off"
hello="$hello -XX:+UseSerialGC -Xint -cp $build/hello.jar Hello"
# The floor of a one-query dig in Java: one UDP question, its reply's size printed, nothing else.
query="$NETDIAG_JDK/bin/java -XX:AOTCache=$build/query.aot -XX:-UsePerfData -Xlog:aot=off -Xlog:cds=off"
query="$query -XX:+UseSerialGC -Xint -cp $build/query.jar OneQuery $addr $port n1.bench.test"
single=${SINGLE:-21}
for r in $(seq "$single"); do
  timed "$work/s.dig" dig "@$addr" -p "$port" n1.bench.test
  timed "$work/s.ours" "$root/netdiag" dig "@$addr" -p "$port" n1.bench.test
  if [ -n "$before" ]; then timed "$work/s.before" "$before" dig "@$addr" -p "$port" n1.bench.test; fi
  timed "$work/s.hello" $hello
  timed "$work/s.query" $query
done

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "names: $n  server: $addr#$port  $runs rounds (median wall, mean CPU user+sys)"
show() { set -- "$1" $(stats "$2"); printf '%-22s %6d ms wall  %6d ms CPU\n' "$1" "$2" "$3"; }
show "dig -f:" "$work/t.dig"
show "netdiag dig -f:" "$work/t.ours"
[ -n "$before" ] && show "before: netdiag dig -f:" "$work/t.before"
show "dnsperf:" "$work/t.perf"
show "JVM batch floor:" "$work/t.floor"
show "  the same + text:" "$work/t.tfloor"
echo "output same as dig (masked): $same"
echo "single query, $single rounds:"
show "  dig:" "$work/s.dig"
show "  netdiag dig:" "$work/s.ours"
[ -n "$before" ] && show "  before: netdiag dig:" "$work/s.before"
show "  JVM hello world:" "$work/s.hello"
show "  JVM one UDP query:" "$work/s.query"
set -- $(stats "$work/t.dig") $(stats "$work/t.ours") $(stats "$work/t.perf") $(stats "$work/s.dig") $(stats "$work/s.ours") $(stats "$work/s.hello") $(stats "$work/s.query") $(stats "$work/t.floor") $(stats "$work/t.tfloor")
awk -v d="$1" -v o="$3" -v p="$5" -v sd="$7" -v so="$9" -v sh="${11}" -v sq="${13}" -v bf="${15}" -v tf="${17}" 'BEGIN {
  printf "netdiag vs dig -f: %.2fx faster (target >= 8)\n", d / o
  printf "netdiag vs dnsperf: %.2fx dnsperf time (target <= 2)\n", o / p
  printf "floor: a JVM doing only what dnsperf does takes %.2fx dnsperf time\n", bf / p
  printf "floor: the same writing the text of dig from the bytes of each reply takes %.2fx dnsperf time\n", tf / p
  printf "single query: %.2fx dig time (target <= 1.5)\n", so / sd
  printf "floor: a JVM hello world takes %.2fx dig time\n", sh / sd
  printf "floor: a JVM sending one UDP query takes %.2fx dig time\n", sq / sd
}'
