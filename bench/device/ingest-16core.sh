#!/usr/bin/env bash
# Issue 24 on the 16-core machine, part 1: ingest at 16/64/256 in flight, then one longer ingest run profiled
# (sampled thread time and lock contention with dotnet-trace, runtime and Kestrel counters with dotnet-counters).
# Run from the repository root there after packing (bench/README.md, "On the 16-core machine"); writes to $OUT.
set -u
source .device/unpack.sh
export DOTNET_ROLL_FORWARD=Major   # dotnet-trace and dotnet-counters are built for net8.0; the pack carries .NET 10
trace="dotnet $PWD/.device/dtr/dotnet-trace.dll" counters="dotnet $PWD/.device/dcn/dotnet-counters.dll"
cd /tmp/dp/app
{ nproc; grep -m1 "model name" /proc/cpuinfo; free -g | head -2; } > "$OUT/machine.txt"
for c in ${INGEST_CONCURRENCY:-16 64 256}; do
  timeout 150 dotnet ControlPlane.Bench.dll ingest --nodes 10000 --concurrency "$c" > "$OUT/ingest-c$c.log" 2>&1
  grep RESULT "$OUT/ingest-c$c.log"
done
[ "${PROFILE:-1}" = 1 ] || exit 0
dotnet ControlPlane.Bench.dll ingest --nodes 10000 --rounds 40 --concurrency 64 > "$OUT/ingest-profiled.log" 2>&1 &
bench=$!
for _ in $(seq 240); do grep -q "managed heap:" "$OUT/ingest-profiled.log" && break; sleep 0.5; done
sleep 2   # the unmeasured warm-up round
$counters collect -p "$bench" --duration 00:00:00:10 --refresh-interval 1 --format csv -o "$OUT/counters.csv" \
  --counters System.Runtime,Microsoft-AspNetCore-Server-Kestrel,Microsoft.AspNetCore.Server.Kestrel > /dev/null 2>&1 &
$trace collect -p "$bench" --duration 00:00:00:08 -o /tmp/ingest.nettrace \
  --profile dotnet-sampled-thread-time --providers Microsoft-Windows-DotNETRuntime:0x4000:4 > /dev/null 2>&1
wait "$bench"; grep RESULT "$OUT/ingest-profiled.log"
$trace report /tmp/ingest.nettrace topN -n 60 > "$OUT/topn-exclusive.txt" 2>&1
xz -T0 -c /tmp/ingest.nettrace > "$OUT/ingest.nettrace.xz"   # eight files in $OUT: the most the device returns
