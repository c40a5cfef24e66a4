#!/usr/bin/env bash
# Allocation benchmark (issue #13): whole-process `landbank allocate` on the bundled sample (24 open
# projects over 1,600 parcels), and on a generated district of N parcels with P projects (every stage
# taken as open), with the optimality gap, the solver time and the greedy baseline of the same instance.
# Usage: engine/bench/allocate_bench.sh [BUILD_DIR] [PARCELS] [PROJECTS] [--assemble]   (default build/release 100000 500)
# With --assemble both runs offer assemblies of adjacent parcels (rule pack matching.assembly).
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
parcels=${2:-100000}
projects=${3:-500}
assemble=()
if [ "${4:-}" = "--assemble" ]; then assemble=(--assemble); fi
lb=$build/engine/landbank
gen=$build/engine/landbank-sample-gen
work=$(mktemp -d /tmp/landbank-allocate-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

"$lb" --db "$work/sample.sqlite" init --sample >/dev/null
for i in 1 2 3; do
  /usr/bin/time -f "%e %U %S" -o "$work/t" "$lb" --db "$work/sample.sqlite" allocate "${assemble[@]}" --format json -o "$work/sample$i.json"
  read -r wall user sys < "$work/t"
  python3 - "$work/sample$i.json" "$wall" "$user" "$sys" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
print(f"sample: wall {sys.argv[2]} s, CPU {float(sys.argv[3]) + float(sys.argv[4]):.2f} s, solver {plan['seconds']} s, "
      f"status {plan['status']}, placed {plan['placed_by_class']}, greedy placed {plan['greedy']['placed_by_class']}, "
      f"total score {plan['total_score']} vs greedy {plan['greedy']['total_score']}, "
      f"on assemblies {sum(1 for a in plan['assignments'] if len(a['members']) > 1)}")
PY
done

"$gen" --out "$work/big.gpkg" --parcels "$parcels" --projects "$projects" >/dev/null
"$lb" --db "$work/big.sqlite" init >/dev/null
for layer in boundaries parks buildings constraints facilities parcels projects; do
  "$lb" --db "$work/big.sqlite" import "$layer" "$work/big.gpkg" >/dev/null
done
/usr/bin/time -f "%e %U %S" -o "$work/t" "$lb" --db "$work/big.sqlite" allocate --stage lead,negotiating,signed,landed,building,operating \
  "${assemble[@]}" --seconds 60 --format json -o "$work/big.json"
read -r wall user sys < "$work/t"
python3 - "$work/big.json" "$wall" "$user" "$sys" "$parcels" "$projects" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
placed = sum(plan['placed_by_class'].values())
print(f"{sys.argv[5]} parcels, {sys.argv[6]} projects: wall {sys.argv[2]} s, CPU {float(sys.argv[3]) + float(sys.argv[4]):.2f} s, "
      f"solver {plan['seconds']} s, status {plan['status']}, gap {plan['gap']}, placed {plan['placed_by_class']} ({placed}), "
      f"greedy placed {plan['greedy']['placed_by_class']}, total score {plan['total_score']} vs greedy {plan['greedy']['total_score']}, "
      f"on assemblies {sum(1 for a in plan['assignments'] if len(a['members']) > 1)}")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
