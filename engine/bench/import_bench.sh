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
now() { date +%s.%N; }
printf '| parcels | landbank import (s) | ogr2ogr to SpatiaLite (s) | ratio landbank/ogr2ogr |\n|---|---|---|---|\n'
for n in "${sizes[@]}"; do
  "$gen" --out "$work/s$n.gpkg" --parcels "$n" >/dev/null
  "$lb" --db "$work/lb$n.sqlite" init >/dev/null
  # boundaries first so that subdistricts are derived as in real use
  "$lb" --db "$work/lb$n.sqlite" import boundaries "$work/s$n.gpkg" >/dev/null
  t0=$(now); "$lb" --db "$work/lb$n.sqlite" import parcels "$work/s$n.gpkg" >/dev/null; t1=$(now)
  ogr2ogr -f SQLite -dsco SPATIALITE=YES -lco SPATIAL_INDEX=YES -gt 65536 "$work/ogr$n.sqlite" "$work/s$n.gpkg" parcels; t2=$(now)
  awk -v n="$n" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "| %d | %.2f | %.2f | %.2f |\n", n, b-a, c-b, (b-a)/(c-b) }'
done
