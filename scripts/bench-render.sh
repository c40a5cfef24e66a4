#!/usr/bin/env bash
# Render benchmark: the viewer's render library vs QGIS (python3-qgis) on the same databases,
# 1920x1080, full extent and a 2 km window. Usage: scripts/bench-render.sh BUILD_DIR WORK_DIR [PARCEL_COUNTS...]
# Databases are created with `landbank init --sample [--sample-parcels N]` in WORK_DIR (reused when present:
# WORK_DIR/render-N.sqlite, e.g. a copy of a prebuilt 10^6 store). FRAMES (default 9) frames per view;
# QGIS_FRAMES_1M (default 3) for QGIS at 10^6 parcels, where one full-extent frame takes minutes.
# Prints the load average before each database.
set -euo pipefail
"$(cd "$(dirname "$0")" && git rev-parse --show-toplevel)/scripts/install-bench-deps.sh"
build=${1:?build dir}; work=${2:?work dir}; shift 2
counts=("$@"); [ ${#counts[@]} -eq 0 ] && counts=(sample 100000)
mkdir -p "$work"
export QT_QPA_PLATFORM=offscreen
for n in "${counts[@]}"; do
  db="$work/render-$n.sqlite"
  if [ ! -f "$db" ]; then
    if [ "$n" = sample ]; then "$build/engine/landbank" --db "$db" init --sample >/dev/null
    else "$build/engine/landbank" --db "$db" init --sample --sample-parcels "$n" >/dev/null; fi
  fi
  frames=${FRAMES:-9}
  qgis_frames=$frames
  [ "$n" = 1000000 ] && qgis_frames=${QGIS_FRAMES_1M:-3}
  echo "== $n parcels ($(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  out=$("$build/viewer/landbank-render-bench" --db "$db" --frames "$frames" 2>/dev/null)
  echo "$out" | grep -v 'extent [0-9]'
  full=$(echo "$out" | sed -n 's/^  full extent \([0-9.,]*\)$/\1/p')
  window=$(echo "$out" | sed -n 's/^  window extent \([0-9.,]*\)$/\1/p')
  if /usr/bin/python3 -c 'import qgis.core' 2>/dev/null; then
    # QGIS 3.22 may crash in exitQgis() after printing its figures: keep going.
    /usr/bin/python3 "$(dirname "$0")/../viewer/bench/qgis_render.py" "$db" 1920x1080 "$qgis_frames" "$full" "$window" 2>/dev/null || true
  echo "   (done $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg))"
  else
    echo "  QGIS: python3-qgis not importable, no peer measurement"
  fi
done
