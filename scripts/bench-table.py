#!/usr/bin/env python3
"""Turns the JSON lines of scripts/bench-queries.sh into the Markdown tables of docs/benchmarks.md."""
import json
import sys

queries, cli = [], []
for line in sys.stdin:
    line = line.strip()
    if not line.startswith("{"):
        continue
    row = json.loads(line)
    (cli if row["query"] == "cli_process" else queries).append(row)


def us(value):
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


print("| parcels | query | rows | Landbank warm median / p95 µs | PostGIS warm median / p95 µs | PostGIS ÷ Landbank warm "
      "| Landbank cold median µs | PostGIS cold median µs | ratio cold |")
print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in queries:
    lw, pw, lc, pc = r["landbank_warm"], r["postgis_warm"], r["landbank_cold"], r["postgis_cold"]
    print(f"| {r['parcels']:,} | {r['query']} | {lw['rows_median']} | {us(lw['median_us'])} / {us(lw['p95_us'])} "
          f"| {us(pw['median_us'])} / {us(pw['p95_us'])} | {r['ratio_postgis_over_landbank_warm']:.2f} "
          f"| {us(lc['median_us'])} | {us(pc['median_us'])} | {r['ratio_postgis_over_landbank_cold']:.1f} |")
print()
print("| parcels | `landbank --version` median ms | `landbank parcels --at X,Y --format json` median / p95 ms |")
print("| ---: | ---: | ---: |")
for r in cli:
    print(f"| {r['parcels']:,} | {r['version_median_us'] / 1000:.0f} | {r['point_query_median_us'] / 1000:.0f} / {r['point_query_p95_us'] / 1000:.0f} |")
