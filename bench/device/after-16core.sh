#!/usr/bin/env bash
# Issue 24 on the 16-core machine, ingest then placement in one lease (~5 minutes). The device returns at most eight
# files from $OUT, so run the two parts as separate calls when the profiles must come back.
set -u
PROFILE=0 bash bench/device/ingest-16core.sh
bash bench/device/placement-16core.sh
