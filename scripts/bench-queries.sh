#!/usr/bin/env bash
# Query benchmark: Landbank (SpatiaLite R*Tree through the engine) against PostGIS on the same parcels,
# in the same run. Builds synthetic databases with `landbank init --sample --sample-parcels N`, starts
# a private PostgreSQL 15 + PostGIS 3 cluster on 127.0.0.1:55432 (data under /tmp, stopped at exit),
# loads each database's parcels with ogr2ogr, creates GiST and B-tree indexes, ANALYZEs, then runs
# landbank-query-bench. Output: one JSON line per query kind and size.
#
#   [ITERATIONS=200] [COLD_ITERATIONS=30] scripts/bench-queries.sh [BUILD_DIR] [SIZES]
#   e.g. scripts/bench-queries.sh build/dev "10000 100000"
# REUSE_DIR=DIR uses DIR/bench_N.sqlite when it exists (e.g. a 10^6 store imported beforehand from
# `landbank-sample-gen --parcels 1000000`) instead of building it, and keeps it afterwards.
set -euo pipefail
"$(cd "$(dirname "$0")" && git rev-parse --show-toplevel)/scripts/install-bench-deps.sh"
BUILD=${1:-build/dev}
SIZES=${2:-"10000 100000"}
LANDBANK=$(realpath "$BUILD/engine/landbank")
BENCH=$(realpath "$BUILD/engine/landbank-query-bench")
WORK=$(mktemp -d /tmp/landbank-bench.XXXXXX)
PGBIN=/usr/lib/postgresql/15/bin
PGDATA=$WORK/pgdata
PORT=55432
# PostgreSQL refuses to run as root: then the cluster runs as the postgres user.
PGUSER_NAME=$(id -un)
AS_PG=()
if [ "$(id -u)" -eq 0 ]; then
  PGUSER_NAME=postgres
  AS_PG=(runuser -u postgres --)
fi
mkdir -p "$PGDATA"
chmod 755 "$WORK"
[ "$(id -u)" -eq 0 ] && chown postgres "$PGDATA"
CONN="host=127.0.0.1 port=$PORT dbname=bench user=$PGUSER_NAME"

cleanup() {
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${AS_PG[@]}" "$PGBIN/initdb" -D "$PGDATA" -A trust -U "$PGUSER_NAME" >/dev/null
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/pg.log" -o "-h 127.0.0.1 -p $PORT -k $PGDATA" -w start >/dev/null
"$PGBIN/createdb" -h 127.0.0.1 -p $PORT -U "$PGUSER_NAME" bench
psql "$CONN" -qc "CREATE EXTENSION postgis" >/dev/null

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB RAM"
echo "# $(psql "$CONN" -Atc 'SELECT version()' | cut -d, -f1); PostGIS $(psql "$CONN" -Atc 'SELECT postgis_lib_version()')"
for N in $SIZES; do
  DB=$WORK/bench_$N.sqlite
  if [ -n "${REUSE_DIR:-}" ] && [ -f "$REUSE_DIR/bench_$N.sqlite" ]; then
    DB=$REUSE_DIR/bench_$N.sqlite
    echo "# $N parcels: reusing $DB"
  else
    start=$(date +%s)
    "$LANDBANK" --db "$DB" init --sample --sample-parcels "$N" >/dev/null
    echo "# $N parcels: landbank init --sample took $(( $(date +%s) - start )) s"
  fi
  psql "$CONN" -qc "DROP TABLE IF EXISTS parcels" >/dev/null
  start=$(date +%s)
  ogr2ogr -f PostgreSQL PG:"$CONN" "$DB" parcels -nln parcels -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=NONE -lco FID=fid
  psql "$CONN" -q <<SQL
CREATE INDEX parcels_geom ON parcels USING GIST (geom);
CREATE INDEX parcels_status ON parcels (status);
CREATE INDEX parcels_land_use ON parcels (land_use);
CREATE INDEX parcels_area ON parcels (area_m2);
ANALYZE parcels;
SQL
  echo "# $N parcels: PostGIS load + indexes took $(( $(date +%s) - start )) s"
  "$BENCH" --db "$DB" --pg "$CONN" --iterations "${ITERATIONS:-200}" --cold-iterations "${COLD_ITERATIONS:-30}" --landbank "$LANDBANK"
  if [ "$DB" = "$WORK/bench_$N.sqlite" ]; then rm -f "$DB"; fi
done
