#!/bin/sh
# The socket-tool figures of issues 5 and 6 in one run: 100,000 loopback TCP sockets
# (bench/SocketLoad.java, 50,000 established connections) held in a network namespace of this
# script's own, so that neither side sees other builds' sockets and nobody else sees ours; then
# every case timed alternately against the real tool by bench/Compare.java, and peak RSS.
#
#   sh bench/sockets.sh                 # all cases
#   RUNS=5 NS=ndbench sh bench/sockets.sh ss-tan netstat-tan   # a subset
#
# Three cases time floors rather than netdiag: floor-idle (bench/OneDowncall.java, a JVM that makes
# one FFM call, against the hello world), floor-filter (the same against ss's filtered query) and
# floor-lsof (bench/KernelFloor.java, a JVM that does only the kernel work of lsof -nP -iTCP: the
# TCP dump and a readlink of every descriptor, on three threads, against lsof).
# A target below its floor cannot be met by any Java socket tool on this JDK and machine.
#
# Needs root (ip netns). The namespace and the load are removed on exit.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
. "$root/.mvn/find-jdk.sh"
netdiag_find_jdk || { echo "sockets.sh: needs a JDK 25" >&2; exit 1; }
java="$NETDIAG_JDK/bin/java"
ns=${NS:-ndbench$$}
runs=${RUNS:-7}
connections=${CONNECTIONS:-50000}
cases=${*:-ss-tan ss-tanp ss-filter ss-tlnp-idle floor-idle floor-filter rss netstat-tan netstat-tanp lsof floor-lsof}

"$root/netdiag" --version >/dev/null # builds if needed, outside the timing
build="$root/bench/target"
mkdir -p "$build"
"$NETDIAG_JDK/bin/javac" -d "$build" "$root/bench/Hello.java" "$root/bench/OneDowncall.java" \
  "$root/bench/KernelFloor.java"
# A floor program runs as netdiag does: the launcher's JVM flags and an AOT cache of its own
# (trained on one run; an AOT cache takes jars only on its class path). `floor_program NAME CLASS`
# prints the command line; `floor_program NAME CLASS train` also builds the jar and the cache.
floor_flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmn32m --enable-native-access=ALL-UNNAMED"
floor_program() {
  if [ "${3:-}" = train ]; then
    "$NETDIAG_JDK/bin/jar" cf "$build/$1.jar" -C "$build" "$2.class"
    (cd "$build" && "$java" -XX:AOTCacheOutput="$build/$1.aot" -Xlog:aot=error -Xlog:cds=error \
      $floor_flags -cp "$build/$1.jar" "$2" >/dev/null)
  fi
  echo "$java -XX:AOTCache=$build/$1.aot -XX:-UsePerfData -Xlog:aot=off -Xlog:cds=off $floor_flags -cp $build/$1.jar $2"
}
train=
case " $cases " in *" floor-idle "* | *" floor-filter "*) train=train ;; esac
floor=$(floor_program one-downcall OneDowncall $train)
train=
case " $cases " in *" floor-lsof "*) train=train ;; esac
kernel_floor=$(floor_program kernel-floor KernelFloor $train)

load=
cleanup() {
  [ -n "$load" ] && kill "$load" 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
}
trap cleanup EXIT INT TERM
ip netns add "$ns"
ip -n "$ns" link set lo up
in_ns="ip netns exec $ns"

compare() { # label ours reference
  "$java" "$root/bench/Compare.java" --runs "$runs" --warmup 1 --label "$1" "$2" "$3"
}

# The idle case first, while the namespace holds no sockets but a listener of the load.
case " $cases " in *" ss-tlnp-idle "*)
  compare "idle: netdiag ss -tlnp vs JVM hello world" \
    "$in_ns $root/netdiag ss -tlnp" "$in_ns $java -cp $build Hello" ;;
esac
case " $cases " in *" floor-idle "*)
  compare "floor: a JVM making one FFM downcall vs JVM hello world (idle ss -tlnp target: <= 2.0)" \
    "$in_ns $floor" "$in_ns $java -cp $build Hello" ;;
esac

fifo=$(mktemp -u)
mkfifo "$fifo"
$in_ns "$java" "$root/bench/SocketLoad.java" --connections "$connections" --state established \
  --hold 3600 >"$fifo" &
load=$!
read -r ready <"$fifo" || true
rm -f "$fifo"
case "$ready" in ready*) ;; *) echo "sockets.sh: the load did not start: $ready" >&2; exit 1 ;; esac
echo "$ready; $($in_ns ss -tan | tail -n +2 | wc -l) TCP sockets in namespace $ns"
# A listener port of the load: the client ends of its connections have it as dport.
port=$($in_ns ss -Htln | awk 'NR==1 { n = split($4, a, ":"); print a[n] }')

for c in $cases; do
  case "$c" in
  ss-tan) compare "ss -tan" "$in_ns $root/netdiag ss -tan" "$in_ns ss -tan" ;;
  ss-tanp) compare "ss -tanp" "$in_ns $root/netdiag ss -tanp" "$in_ns ss -tanp" ;;
  ss-filter)
    compare "ss -tan state established '( dport = :$port )'" \
      "$in_ns $root/netdiag ss -tan state established '( dport = :$port )'" \
      "$in_ns ss -tan state established '( dport = :$port )'" ;;
  floor-filter)
    compare "floor: a JVM making one FFM downcall vs ss -tan state established '( dport = :$port )' (target: <= 1.2)" \
      "$in_ns $floor" "$in_ns ss -tan state established '( dport = :$port )'" ;;
  rss)
    for cmd in "ss -tan" "ss -tanp"; do
      kb=$($in_ns /usr/bin/time -f %M "$root/netdiag" $cmd 2>&1 >/dev/null | tail -n 1)
      echo "peak RSS, netdiag $cmd: $((kb / 1024)) MiB"
    done ;;
  netstat-tan) compare "netstat -tan" "$in_ns $root/netdiag netstat -tan" "$in_ns netstat -tan" ;;
  netstat-tanp) compare "netstat -tanp" "$in_ns $root/netdiag netstat -tanp" "$in_ns netstat -tanp" ;;
  lsof) compare "lsof -nP -iTCP" "$in_ns $root/netdiag lsof -nP -iTCP" "$in_ns lsof -nP -iTCP" ;;
  floor-lsof)
    compare "floor: a JVM doing only the dump and the readlinks vs lsof -nP -iTCP (target: <= 0.2)" \
      "$in_ns $kernel_floor" "$in_ns lsof -nP -iTCP" ;;
  ss-tlnp-idle | floor-idle) ;;
  *) echo "sockets.sh: unknown case $c" >&2 ;;
  esac
done
