#!/bin/bash
# Runs one libFuzzer target until it has used CPU_SECONDS of CPU time (not wall time: on a shared
# machine a fuzzer may get a fraction of a core), then stops it with SIGINT so libFuzzer prints its
# final statistics. New inputs go to WORK/TARGET/new, crashes to WORK/TARGET/art; the committed
# corpus is read as seeds. Merge new inputs into the corpus afterwards with -merge=1.
#
#   tests/fuzz/run_for_cpu.sh TARGET CPU_SECONDS [WORK_DIR]     e.g. run_for_cpu.sh where 1800 /tmp/fuzzrun
set -u
target=${1:?target: where, decode, csv, units or geojson_import}
budget=${2:?CPU seconds}
work=${3:-/tmp/landbank-fuzz}
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$root/build/fuzz/tests/fuzz/landbank_fuzz_$target
corpus=$root/tests/fuzz/corpus/$target
mkdir -p "$work/$target/new" "$work/$target/art"
cd "$work/$target" || exit 1
start=$(date +%s)
"$bin" -print_final_stats=1 -artifact_prefix="$work/$target/art/" -max_total_time=360000 new "$corpus" > log.txt 2>&1 &
pid=$!
ticks=$(getconf CLK_TCK)
cpu=0
while kill -0 "$pid" 2>/dev/null; do
  sleep 10
  # utime + stime of the fuzzer (fields 14 and 15 of /proc/PID/stat), in seconds
  cpu=$(awk -v t="$ticks" '{print int(($14 + $15) / t)}' "/proc/$pid/stat" 2>/dev/null || echo "$cpu")
  echo "$(date +%T) cpu=$cpu" > progress.txt
  if [ "$cpu" -ge "$budget" ]; then kill -INT "$pid"; break; fi
done
wait "$pid"
rc=$?
echo "target=$target exit=$rc wall_s=$(( $(date +%s) - start )) cpu_s=$cpu" | tee -a "$work/summary.txt"
