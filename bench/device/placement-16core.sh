#!/usr/bin/env bash
# Issue 24 on the 16-core machine: place-e2e at 4/16/64 clients, one longer place-e2e profiled (sampled thread time and
# lock contention), then 1/2/4 silo processes. Six files in $OUT (the device returns at most eight).
set -u
source .device/unpack.sh
export DOTNET_ROLL_FORWARD=Major
trace="dotnet $PWD/.device/dtr/dotnet-trace.dll"
cd /tmp/dp/app
for c in 4 16 64; do
  timeout 100 dotnet ControlPlane.Bench.dll place-e2e --nodes 10000 --concurrency "$c" --operations 20000 > "$OUT/e2e-c$c.log" 2>&1
  grep RESULT "$OUT/e2e-c$c.log"
done
dotnet ControlPlane.Bench.dll place-e2e --nodes 10000 --concurrency 16 --operations 40000 > "$OUT/e2e-profiled.log" 2>&1 &
bench=$!
for _ in $(seq 240); do grep -q "^breakdown" "$OUT/e2e-profiled.log" && break; sleep 0.5; done
sleep 1
$trace collect -p "$bench" --duration 00:00:00:06 -o /tmp/e2e.nettrace \
  --profile dotnet-sampled-thread-time --providers Microsoft-Windows-DotNETRuntime:0x4000:4 > /dev/null 2>&1
wait "$bench"; grep RESULT "$OUT/e2e-profiled.log"
xz -T0 -c /tmp/e2e.nettrace > "$OUT/e2e.nettrace.xz"
timeout 300 dotnet ControlPlane.Bench.dll scale-out-processes --nodes 10000 --silos 1,2,4 --operations 6000 --concurrency 256 --clients 32 > "$OUT/scaleout.log" 2>&1
grep "silo(s):\|^RESULT" "$OUT/scaleout.log"
