#!/usr/bin/env bash
# README command 1: install dependencies, build, create the Chengyang sample database and show it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh dev
export LANDBANK_DB=${LANDBANK_DB:-$PWD/chengyang.sqlite}
lb=build/dev/engine/landbank
rm -f "$LANDBANK_DB" "$LANDBANK_DB-wal" "$LANDBANK_DB-shm"
"$lb" init --sample
echo
"$lb" info --format table
echo
echo "Parcels, first 15:"
"$lb" parcels --format table --limit 15
echo
echo "Database: $LANDBANK_DB   (try: $lb --db $LANDBANK_DB parcels --help)"
