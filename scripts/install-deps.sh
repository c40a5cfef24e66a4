#!/usr/bin/env bash
# Installs every build, test and runtime dependency of Landbank from Debian 12 packages.
# Idempotent: packages already present are skipped by apt. Run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3
  # geospatial stack
  libgdal-dev gdal-bin libgeos-dev libproj-dev proj-bin proj-data
  libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite spatialite-bin
  # small libraries (see docs/dependencies.md for why each is here)
  libcli11-dev nlohmann-json3-dev libfmt-dev
  # SHA-256 of the hash-chained audit log (libcrypto)
  libssl-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # libpq so the query benchmark program builds (its PostGIS peer server comes from
  # scripts/install-bench-deps.sh, which only the benchmark scripts run)
  libpq-dev
  # viewer and its renderer (Qt 6) and fonts for Chinese text
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libgl-dev
  fonts-wqy-microhei
  # Qt's own dialog texts in Chinese (OK/Cancel, Yes/No): qtbase_zh_CN.qm
  qt6-translations-l10n
  # exports: QR codes; PDF inspection in tests
  libqrencode-dev poppler-utils zbar-tools
  # allocation: CBC solves the MILP; glpsol (GLPK) cross-checks it in the tests
  coinor-libcbc-dev glpk-utils
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: installed ${#missing[@]} packages"
