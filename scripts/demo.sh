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
echo "Reserved or available industrial parcels of 30 to 80 亩 in 棘洪滩街道, largest first:"
"$lb" parcels --status reserved,available --use 1001 --min-area 30mu --max-area 80mu --subdistrict 棘洪滩街道 \
  --sort area_m2:desc --limit 10 --format table
echo
echo "Matching project P-001 to the land:"
"$lb" match P-001 --top 5 --format table
echo
echo "Allocating land across the open projects, major projects first:"
"$lb" allocate --format table
echo
echo "Site-visit packet for P-001's top 5 sites:"
"$lb" export packet --project P-001 --top 5 -o "$(dirname "$LANDBANK_DB")/P-001-packet.pdf" --force
echo
echo "Database: $LANDBANK_DB   (try: $lb --db $LANDBANK_DB parcels --help, or"
echo "  build/dev/viewer/landbank-viewer --db $LANDBANK_DB for the map)"
