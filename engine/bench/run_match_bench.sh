#!/bin/sh
# Matching benchmark against PostGIS on the same data in the same run.
#   engine/bench/run_match_bench.sh BUILD_DIR N [N...]     e.g. build/release 100000 1000000
# For each N: landbank-match-bench builds a SpatiaLite store with N parcels and 10^4 constraint
# polygons and times MatchEngine; the same tables are copied to a private PostgreSQL 15 + PostGIS 3
# cluster (127.0.0.1:55433, data dir under /tmp, started here and stopped at the end) with ogr2ogr,
# indexed (GiST + btree on status, land_use, area_m2) and the same hard-rule filter is timed as one
# SQL query, warm (median of 5 runs after one warm-up).
set -eu
"$(cd "$(dirname "$0")" && git rev-parse --show-toplevel)/scripts/install-bench-deps.sh"
BUILD=$1; shift
PORT=55433
PGBIN=/usr/lib/postgresql/15/bin
WORK=$(mktemp -d /tmp/landbank-bench.XXXXXX)
chmod 755 "$WORK"
PGDATA="$WORK/pgdata"
mkdir -p "$PGDATA" && chown postgres "$PGDATA"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$PGBIN/initdb" -D "$PGDATA" -A trust -U postgres >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -o "-p $PORT -k $PGDATA -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c work_mem=64MB" -l "$PGDATA/pg.log" -w start >/dev/null
trap 'as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null; rm -rf "$WORK"' EXIT
PSQL="psql -h 127.0.0.1 -p $PORT -U postgres -X -q"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
for N in "$@"; do
  OUT="$WORK/n$N"
  # LANDBANK_BENCH_REUSE=DIR reuses DIR/nN/bench.sqlite from an earlier run (building 10^6 parcels takes minutes).
  if [ -n "${LANDBANK_BENCH_REUSE:-}" ] && [ -f "$LANDBANK_BENCH_REUSE/n$N/bench.sqlite" ]; then
    mkdir -p "$OUT" && ln "$LANDBANK_BENCH_REUSE/n$N/bench.sqlite" "$OUT/bench.sqlite"
  fi
  "$BUILD/engine/landbank-match-bench" --out "$OUT" --parcels "$N" --constraints 10000 --runs 5 > "$OUT.json"
  # Whole process, cold: `landbank match` as a planner runs it (process start, store open, engine
  # load over the stored parcel facts, match, JSON out); median of 5 wall times after one warm-up
  # (the file is in the page cache, as it is for PostGIS's warm query), and its user + sys CPU.
  printf '%s' '{"id": "BENCH", "name": "bench", "sector": "advanced_mfg", "pollution_class": 2, "land_use": ["100102", "100103"],
 "land_min_m2": 10000, "land_max_m2": 18000, "height_m": 24, "near": [{"type": "highway_exit", "max_m": 5000}]}' > "$WORK/spec.json"
  "$BUILD/engine/landbank" --db "$OUT/bench.sqlite" match --spec "$WORK/spec.json" --top 20 --format json > "$WORK/cold.json"
  : > "$WORK/cold.times"
  for i in 1 2 3 4 5; do
    /usr/bin/time -f "%e %U %S" -a -o "$WORK/cold.times" "$BUILD/engine/landbank" --db "$OUT/bench.sqlite" match --spec "$WORK/spec.json" --top 20 --format json > "$WORK/cold$i.json"
    cmp -s "$WORK/cold.json" "$WORK/cold$i.json" || echo "cold match $i differs from the first" >&2
  done
  COLD_WALL=$(awk '{print $1 * 1000}' "$WORK/cold.times" | sort -n | sed -n 3p)
  COLD_CPU=$(awk '{print ($2 + $3) * 1000}' "$WORK/cold.times" | sort -n | sed -n 3p)
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  $PSQL -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"
  $PSQL -d bench -c "CREATE EXTENSION postgis"
  for LAYER in parcels constraints facilities; do
    ogr2ogr -f PostgreSQL "PG:host=127.0.0.1 port=$PORT user=postgres dbname=bench" "$OUT/bench.sqlite" "$LAYER" \
      -lco GEOMETRY_NAME=geom -lco FID=fid -nln "$LAYER" --config PG_USE_COPY YES
  done
  $PSQL -d bench -c "CREATE INDEX ON parcels(status); CREATE INDEX ON parcels(land_use); CREATE INDEX ON parcels(area_m2);
                     CREATE INDEX ON facilities(type); CREATE INDEX ON constraints(effect);" -c "VACUUM ANALYZE"
  QUERY="WITH dev AS (SELECT ST_Union(geom) AS g FROM constraints WHERE effect = 'require_within')
SELECT count(*) FROM parcels p, dev
WHERE p.status IN ('reserved', 'available') AND p.land_use IN ('100102', '100103') AND p.area_m2 BETWEEN 10000 AND 18000
  AND NOT EXISTS (SELECT 1 FROM constraints c WHERE c.effect IN ('exclude', 'exclude_polluting') AND ST_Intersects(c.geom, p.geom)
                  AND ST_Area(ST_Intersection(c.geom, p.geom)) > 1.0)
  AND (ST_Covers(dev.g, p.geom) OR ST_Area(ST_Intersection(p.geom, dev.g)) >= 0.99 * ST_Area(p.geom))
  AND NOT EXISTS (SELECT 1 FROM constraints c WHERE c.effect = 'limit_height' AND c.value < 24 AND ST_Intersects(c.geom, p.geom)
                  AND ST_Area(ST_Intersection(c.geom, p.geom)) > 1.0)
  AND EXISTS (SELECT 1 FROM facilities f WHERE f.type = 'highway_exit' AND ST_DWithin(f.geom, p.geom, 5000));"
  # One warm-up, then five timed runs.
  TIMES=$( (printf '%s\n' '\timing on'; for i in 1 2 3 4 5 6; do echo "$QUERY"; done) | $PSQL -d bench -t | grep '^Time:' | tail -5 | awk '{print $2}' | sort -n)
  COUNT=$(echo "$QUERY" | $PSQL -d bench -t -A)
  MEDIAN=$(echo "$TIMES" | sed -n 3p)
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "{\"n\": $N, \"landbank\": $(cat "$OUT.json"), \"cli_cold_wall_ms_median\": $COLD_WALL, \"cli_cold_cpu_ms_median\": $COLD_CPU, \"postgis_warm_ms_median\": $MEDIAN, \"postgis_candidates\": $COUNT}"
done
