#!/usr/bin/env bash
# The peers the benchmarks measure against, installed only when a benchmark runs (they are large
# and no test needs them): PostgreSQL 15 + PostGIS 3 (query and matching benchmarks) and QGIS 3.22
# headless from Python (render benchmark).
set -euo pipefail
packages=(postgresql-15 postgresql-client-15 postgresql-15-postgis-3 python3-qgis qgis-providers)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
