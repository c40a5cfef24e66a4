#!/usr/bin/env bash
# Import throughput: `landbank import parcels` against `ogr2ogr -f SQLite -dsco SPATIALITE=YES`
# (the peer: GDAL writing the same parcels into a SpatiaLite file with a spatial index) on the same
# generated GeoPackage, in the same run. Landbank does more per feature (validity check, typed
# parsing, code lists, area, subdistrict derivation); the ratio says what that costs.
# Usage: engine/bench/import_bench.sh [BUILD_DIR] [N ...]   (default: build/release, 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
shift || true
sizes=("${@:-10000 100000}")
[ $# -eq 0 ] && sizes=(10000 100000)
lb=$build/engine/landbank
gen=$build/engine/landbank-sample-gen
work=$(mktemp -d /tmp/landbank-import-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
# Wall and CPU (user + sys) seconds of one command: this machine is shared, and CPU time is the
# steadier figure when other builds run; both are printed.
timed() { /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >/dev/null; awk '{ printf "%.2f %.2f", $1, $2 + $3 }' "$work/time"; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| parcels | landbank import wall / CPU (s) | ogr2ogr to SpatiaLite wall / CPU (s) | ratio landbank/ogr2ogr wall, CPU |\n|---|---|---|---|\n'
for n in "${sizes[@]}"; do
  "$gen" --out "$work/s$n.gpkg" --parcels "$n" >/dev/null 2>&1
  "$lb" --db "$work/lb$n.sqlite" init >/dev/null
  # boundaries first so that subdistricts are derived as in real use
  "$lb" --db "$work/lb$n.sqlite" import boundaries "$work/s$n.gpkg" >/dev/null
  read -r lbWall lbCpu <<< "$(timed "$lb" --db "$work/lb$n.sqlite" import parcels "$work/s$n.gpkg")"
  read -r ogrWall ogrCpu <<< "$(timed ogr2ogr -f SQLite -dsco SPATIALITE=YES -lco SPATIAL_INDEX=YES -gt 65536 "$work/ogr$n.sqlite" "$work/s$n.gpkg" parcels)"
  awk -v n="$n" -v a="$lbWall" -v b="$lbCpu" -v c="$ogrWall" -v d="$ogrCpu" \
    'BEGIN { printf "| %d | %.2f / %.2f | %.2f / %.2f | %.2f, %.2f |\n", n, a, b, c, d, a / c, b / d }'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
