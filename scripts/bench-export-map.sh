#!/usr/bin/env bash
# Whole-process benchmark of `landbank export map`: a 1920x1080 map of a 2 km window, against QGIS
# (python3-qgis, viewer/bench/qgis_render.py) drawing the same window of the same database in the
# same run. Usage: scripts/bench-export-map.sh BUILD_DIR DATABASE [RUNS]
# DATABASE is copied to a temporary folder first (the copy is upgraded and written; the original never).
# The window is 120.309,36.309 - 120.331,36.327 (2 km square in 棘洪滩, inside the sample's parks).
# Prints the load average before and after: the machine may be shared.
set -euo pipefail
build=${1:?build dir}; source_db=${2:?database}; runs=${3:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp "$source_db" "$work/db.sqlite"
landbank="$build/engine/landbank"
export QT_QPA_PLATFORM=offscreen
"$landbank" --db "$work/db.sqlite" info >/dev/null  # schema upgrade of an older file, not timed
echo "== $(basename "$source_db"): $(sqlite3 "$work/db.sqlite" "SELECT count(*) FROM parcels") parcels"
echo "   $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$runs"); do
  /usr/bin/time -f "   landbank export map: %e s wall, %U s user, %S s sys, %M KB peak" \
    "$landbank" --db "$work/db.sqlite" export map --extent 120.309,36.309,120.331,36.327 --size 1920x1080 -o "$work/map-$i.png" 2>&1 >/dev/null | tail -1
done
low=$("$landbank" coord 120.309,36.309 --to EPSG:4549 --format json | sed 's/[^0-9.,]//g')
high=$("$landbank" coord 120.331,36.327 --to EPSG:4549 --format json | sed 's/[^0-9.,]//g')
window="$low,$high"
if /usr/bin/python3 -c 'import qgis.core' 2>/dev/null; then
  for i in $(seq "$runs"); do
    # The script draws two extents; both are the window here. QGIS 3.22 may crash in exitQgis()
    # after printing its figures: keep going.
    /usr/bin/time -f "   QGIS (window twice): %e s wall, %U s user, %S s sys, %M KB peak" \
      /usr/bin/python3 "$(dirname "$0")/../viewer/bench/qgis_render.py" "$work/db.sqlite" 1920x1080 1 "$window" "$window" 2>&1 |
      grep -E "QGIS 2 km|QGIS \(window" || true
  done
else
  echo "   QGIS: python3-qgis not importable, no peer measurement"
fi
echo "   $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
