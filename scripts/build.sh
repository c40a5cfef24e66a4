#!/usr/bin/env bash
# Configures and builds Landbank in build/<preset> (default: dev). Used by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-dev}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
