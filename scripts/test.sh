#!/usr/bin/env bash
# README command 2: install dependencies, build with warnings, run every test through CTest.
# Pass --asan to build and run the tests under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=dev
[ "${1:-}" = "--asan" ] && preset=asan
./scripts/install-deps.sh
./scripts/build.sh "$preset"
export QT_QPA_PLATFORM=offscreen
ctest --preset "$preset" -j "$(nproc)"
