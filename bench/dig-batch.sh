#!/bin/sh
# Batch figure: 50,000 names (NAMES=) answered by a local nsd (rrl-ratelimit: 0, 127.53.2.3:5353,
# ADDR=/PORT=), whole-process wall time of `dig -f`, `netdiag dig -f` and dnsperf on the same names
# and server in one run, best of RUNS (default 3) each, with the ratios the issue sets targets for
# (netdiag >= 8x faster than dig -f, within 2x of dnsperf). Also checks that netdiag's output equals
# dig's once query ids, times, dates and cookies are masked, and times one single query (SINGLE=
# runs, default 20, mean wall time each, startup included). Needs root (nsd), nsd, dig, dnsperf.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
n=${NAMES:-50000}
addr=${ADDR:-127.53.2.3}
port=${PORT:-5353}
runs=${RUNS:-3}
work=$(mktemp -d /tmp/netdiag-dig-batch.XXXXXX)
nsd_pid=
cleanup() {
  if [ -n "$nsd_pid" ]; then kill "$nsd_pid" 2>/dev/null || true; fi
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

# Wall time of one command in milliseconds (stdout to a file so both sides write their output).
ms() {
  start=$(date +%s%N)
  "$@" >"$work/out" 2>"$work/err" || true
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
best() {
  b=
  for r in $(seq "$runs"); do
    t=$(ms "$@")
    if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
  done
  echo "$b"
}
dig_ms=$(best dig "@$addr" -p "$port" -f "$work/names.txt")
cp "$work/out" "$work/dig.out"
ours_ms=$(best "$root/netdiag" dig "@$addr" -p "$port" -f "$work/names.txt")
cp "$work/out" "$work/ours.out"
perf_ms=$(best dnsperf -s "$addr" -p "$port" -d "$work/perf.txt" -n 1)
grep -E "Queries (completed|lost)" "$work/out" | sed 's/^ */dnsperf: /'

mask() { sed -E 's/id: [0-9]+/id: X/; s/Query time: [0-9]+ msec/Query time: X/; s/^;; WHEN: .*/;; WHEN: X/; s/^; COOKIE: .*/; COOKIE: X/' "$1"; }
if [ "$(mask "$work/dig.out" | cksum)" = "$(mask "$work/ours.out" | cksum)" ]; then same=yes; else same=NO; fi

echo "names: $n  server: $addr#$port  best of $runs"
echo "dig -f:         $dig_ms ms"
echo "netdiag dig -f: $ours_ms ms"
echo "dnsperf:        $perf_ms ms"
echo "output same as dig (masked): $same"
# One lookup, as people type it: startup and one round trip, mean of SINGLE runs each.
single=${SINGLE:-20}
mean() {
  total=0
  for r in $(seq "$single"); do total=$((total + $(ms "$@"))); done
  echo $((total / single))
}
dig1_ms=$(mean dig "@$addr" -p "$port" n1.bench.test)
ours1_ms=$(mean "$root/netdiag" dig "@$addr" -p "$port" n1.bench.test)
echo "single query, mean of $single: dig $dig1_ms ms, netdiag dig $ours1_ms ms"
awk -v d="$dig_ms" -v o="$ours_ms" -v p="$perf_ms" 'BEGIN {
  printf "netdiag vs dig -f: %.2fx faster (target >= 8)\n", d / o
  printf "netdiag vs dnsperf: %.2fx dnsperf time (target <= 2)\n", o / p
}'
