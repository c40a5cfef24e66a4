#!/usr/bin/env python3
# Writes the bad-input corpus cases (text files + case.json) into tests/data/bad/.
import json, os, sys
root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
S = "POLYGON ((527000 4018000, 527100 4018000, 527100 4018100, 527000 4018100, 527000 4018000))"
def sq(x, y, d=100):
    return f"POLYGON (({x} {y}, {x+d} {y}, {x+d} {y+d}, {x} {y+d}, {x} {y}))"
cases = []
def case(name, files, args, exit, stderr, setup=None, truncate=None, remove=None, desc="", data_cjk=None):
    cases.append((name, files, args, exit, stderr, setup, truncate, remove, desc, data_cjk))
def csv(rows, header="id,land_use,status,WKT"):
    out = header + "\n"
    for r in rows:
        out += ",".join(f'"{c}"' if ("," in c or " " in c) else c for c in r) + "\n"
    return out
CRS = ["--crs", "EPSG:4549"]
def imp(layer, f, *extra):
    return ["import", layer, "{case}/" + f] + list(extra)

# ---- geometry
case("geom-bowtie", {"p.csv": csv([["B-1","100101","reserved","POLYGON ((527000 4018000, 527100 4018100, 527100 4018000, 527000 4018100, 527000 4018000))"]])},
     imp("parcels","p.csv",*CRS), 1, ["p.csv", "feature 'B-1'", "Self-intersection", "--repair"], desc="bow-tie polygon")
case("geom-unclosed-ring", {"p.geojson": json.dumps({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"U-1","land_use":"100101","status":"reserved"},"geometry":{"type":"Polygon","coordinates":[[[120.3,36.3],[120.31,36.3],[120.31,36.31],[120.3,36.31]]]}}]})},
     imp("parcels","p.geojson"), 1, ["p.geojson", "U-1", "unclosed ring"])
case("geom-empty", {"p.csv": csv([["E-1","100101","reserved","POLYGON EMPTY"]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","E-1","empty geometry"])
case("geom-point-for-parcels", {"p.csv": csv([["PT-1","100101","reserved","POINT (527000 4018000)"]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","PT-1","geometry is Point","Polygon"])
case("geom-line-for-parcels", {"p.csv": csv([["L-1","100101","reserved","LINESTRING (527000 4018000, 527100 4018100)"]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","L-1","Line String"])
case("geom-collection-with-line", {"p.csv": csv([["GC-1","100101","reserved","GEOMETRYCOLLECTION (" + S + ", LINESTRING (527000 4018000, 527100 4018100))"]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","GC-1","Geometry Collection"])
case("geom-polygon-for-facilities", {"f.csv": csv([["F-1","port","港",S]], "id,type,name,WKT")}, imp("facilities","f.csv",*CRS), 1, ["f.csv","F-1","Point or LineString"])
case("geom-collapsed-zero-area", {"p.csv": csv([["Z-1","100101","reserved","POLYGON ((527000 4018000, 527100 4018000, 527200 4018000, 527000 4018000))"]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","Z-1"])
case("geom-nan-geojson-string", {"p.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"N-1","land_use":"100101","status":"reserved"},"geometry":{"type":"Polygon","coordinates":[[[120.3,36.3],[120.31,NaN],[120.31,36.31],[120.3,36.3]]]}}]}'},
     imp("parcels","p.geojson"), 1, ["p.geojson"])
case("geom-none-geojson", {"p.geojson": json.dumps({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"G-0","land_use":"100101","status":"reserved"},"geometry":None},{"type":"Feature","properties":{"id":"G-1","land_use":"100101","status":"reserved"},"geometry":{"type":"Polygon","coordinates":[[[120.3,36.3],[120.31,36.3],[120.31,36.31],[120.3,36.3]]]}}]})},
     imp("parcels","p.geojson"), 1, ["p.geojson","G-0","no geometry"])
case("geom-unparsable-wkt", {"p.csv": csv([["W-1","100101","reserved","POLYGN ((527000 4018000, 527100 4018000))"]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","W-1","WKT"])
case("geom-coordinates-1e12", {"p.csv": csv([["OK-1","100101","reserved",S],["H-1","100101","reserved",sq(10**12,10**12)]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","H-1","row 2","no place on Earth"])
case("geom-coordinates-1e12-only", {"p.csv": csv([["H-1","100101","reserved",sq(10**12,10**12)]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","no place on Earth","EPSG:4549"])
case("geom-coordinates-1e300", {"p.csv": csv([["H-2","100101","reserved","POLYGON ((1e300 1e300, 2e300 1e300, 2e300 2e300, 1e300 1e300))"]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","no place on Earth"])
case("geom-latitude-100", {"p.csv": csv([["OK-1","100101","reserved","POLYGON ((120.3 36.3, 120.31 36.3, 120.31 36.31, 120.3 36.3))"],["LAT-1","100101","reserved","POLYGON ((120.3 100, 120.31 100, 120.31 100.01, 120.3 100))"]])}, imp("parcels","p.csv","--crs","EPSG:4326"), 1, ["p.csv","LAT-1","latitude"])
case("geom-deep-geojson-100000", {"p.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"D-1","land_use":"100101","status":"reserved"},"geometry":{"type":"Polygon","coordinates":' + "["*100000 + "]"*100000 + "}}]}"},
     imp("parcels","p.geojson"), 1, ["p.geojson"])

# ---- fields and values
case("field-missing-status", {"p.csv": csv([["M-1","100101",S]], "id,land_use,WKT")}, imp("parcels","p.csv",*CRS), 1, ["p.csv","status","--map status="])
case("field-missing-id", {"p.csv": csv([["100101","reserved",S]], "land_use,status,WKT")}, imp("parcels","p.csv",*CRS), 1, ["p.csv","'id'","--id-from-fid"])
case("value-empty-id", {"p.csv": csv([["","100101","reserved",S]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","row 1","id","empty"])
case("value-duplicate-id", {"p.csv": csv([["D-1","100101","reserved",S],["D-1","100101","reserved",sq(527200,4018000)]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","D-1","row 2","duplicate id"])
case("value-sql-in-id-duplicate", {"p.csv": csv([["X'); DROP TABLE parcels;--","100101","reserved",S],["X'); DROP TABLE parcels;--","100101","reserved",sq(527200,4018000)]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","DROP TABLE","duplicate id"])
case("value-bad-status", {"p.csv": csv([["S-1","100101","idle",S]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","S-1","status","reserved"])
case("value-bad-land-use", {"p.csv": csv([["U-1","999999","reserved",S]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","U-1","land_use"])
case("value-bad-number", {"p.csv": csv([["N-1","100101","reserved","abc",S]], "id,land_use,status,price_wan_per_mu,WKT")}, imp("parcels","p.csv",*CRS), 1, ["p.csv","N-1","price_wan_per_mu","'abc' is not a number"])
case("value-bad-boolean", {"p.csv": csv([["B-1","100101","reserved","maybe",S]], "id,land_use,status,water,WKT")}, imp("parcels","p.csv",*CRS), 1, ["p.csv","B-1","water"])
case("value-bad-date", {"p.csv": csv([["DT-1","100101","reserved","2027-13-45",S]], "id,land_use,status,available_from,WKT")}, imp("parcels","p.csv",*CRS), 1, ["p.csv","DT-1","available_from"])
case("value-bad-facility-type", {"f.csv": csv([["F-1","spaceport","x","POINT (527000 4018000)"]], "id,type,name,WKT")}, imp("facilities","f.csv",*CRS), 1, ["f.csv","F-1","type"])
case("value-bad-constraint-effect", {"c.csv": csv([["C-1","flood","destroy",S]], "id,type,effect,WKT")}, imp("constraints","c.csv",*CRS), 1, ["c.csv","C-1","effect"])
case("value-bad-boundary-level", {"b.csv": csv([["BD-1","x县","county",S]], "id,name,level,WKT")}, imp("boundaries","b.csv",*CRS), 1, ["b.csv","BD-1","level"])
case("value-building-missing-floor", {"b.csv": csv([["BL-1","factory","POINT (527000 4018000)"]], "id,type,WKT")}, imp("buildings","b.csv",*CRS), 1, ["b.csv","vacant_floor_m2"])
case("id-json-object", {"p.geojson": json.dumps({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":{"a":1},"land_use":"100101","status":"reserved"},"geometry":{"type":"Polygon","coordinates":[[[120.3,36.3],[120.31,36.3],[120.31,36.31],[120.3,36.3]]]}}]})},
     imp("parcels","p.geojson"), 1, ["p.geojson","row 1","JSON object"])
case("id-integer-beyond-64-bits", {"p.geojson": '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":123456789012345678901,"land_use":"100101","status":"reserved"},"geometry":{"type":"Polygon","coordinates":[[[120.3,36.3],[120.31,36.3],[120.31,36.31],[120.3,36.3]]]}}]}'},
     imp("parcels","p.geojson"), 1, ["p.geojson","row 1","64 bits"])
case("id-list", {"p.geojson": json.dumps({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":[1,2],"land_use":"100101","status":"reserved"},"geometry":{"type":"Polygon","coordinates":[[[120.3,36.3],[120.31,36.3],[120.31,36.31],[120.3,36.3]]]}}]})},
     imp("parcels","p.geojson"), 1, ["p.geojson","row 1","list"])

case("merge-parts-attributes-differ", {"p.csv": csv([["C-1","100101","reserved",S],["C-1","100101","available",sq(527100,4018000)]])},
     imp("parcels","p.csv",*CRS,"--merge-parts","--lang","en"), 1, ["p.csv","feature 'C-1'","field 'status'","row 1","row 2"],
     desc="parts of one feature whose mapped fields differ")
case("merge-parts-point-layer", {"f.csv": csv([["F-1","port","港","POINT (527000 4018000)"]], "id,type,name,WKT")},
     imp("facilities","f.csv",*CRS,"--merge-parts"), 2, ["--merge-parts","facilities"])
case("value-duplicate-id-first-row", {"p.csv": csv([["D-1","100101","reserved",S],["D-2","100101","reserved",sq(527200,4018000)],["D-1","100101","reserved",sq(527400,4018000)]])},
     imp("parcels","p.csv",*CRS,"--lang","en"), 1, ["p.csv","D-1","row 3","first at row 1","--merge-parts"])
case("dry-run-bad-codes", {"p.csv": csv([["A-1","100101","idle",S],["A-2","999999","idle",sq(527200,4018000)],["A-3","100101","reserved",sq(527400,4018000)]])},
     imp("parcels","p.csv",*CRS,"--dry-run","--lang","en"), 1, ["p.csv","dry run","2 distinct bad values (3 in all) in 2 fields"],
     desc="--dry-run lists every bad value on stdout and writes nothing")

# ---- usage (exit 2)
case("usage-unknown-layer", {"p.csv": csv([["A-1","100101","reserved",S]])}, imp("lakes","p.csv",*CRS), 2, ["unknown layer 'lakes'"])
case("usage-map-unknown-canonical", {"p.csv": csv([["A-1","100101","reserved",S]])}, imp("parcels","p.csv",*CRS,"--map","colour=id"), 2, ["colour","not a field of parcels"])
case("usage-map-malformed", {"p.csv": csv([["A-1","100101","reserved",S]])}, imp("parcels","p.csv",*CRS,"--map","nonsense"), 2, ["CANONICAL=SOURCE"])
case("usage-set-id", {"p.csv": csv([["A-1","100101","reserved",S]])}, imp("parcels","p.csv",*CRS,"--set","id=X"), 2, ["--set id"])
case("usage-set-bad-status", {"p.csv": csv([["A-1","100101",S]], "id,land_use,WKT")}, imp("parcels","p.csv",*CRS,"--set","status=idle"), 2, ["--set status=idle"])
case("usage-map-and-set-same", {"p.csv": csv([["A-1","100101","reserved",S]])}, imp("parcels","p.csv",*CRS,"--map","status=status","--set","status=reserved"), 2, ["both by --map and by --set"])
case("usage-mode-bogus", {"p.csv": csv([["A-1","100101","reserved",S]])}, imp("parcels","p.csv",*CRS,"--mode","merge"), 2, ["--mode"])
case("usage-unknown-encoding", {"p.csv": csv([["A-1","100101","reserved",S]])}, imp("parcels","p.csv",*CRS,"--encoding","KLINGON-8"), 2, ["KLINGON-8","unknown encoding"])
case("usage-xy-malformed", {"p.csv": "id,type,lon,lat\nF-1,port,120.3,36.3\n"}, imp("facilities","p.csv","--xy","lon"), 2, ["--xy lon","XCOL,YCOL"])
case("usage-src-layer-unknown", {"p.geojson": json.dumps({"type":"FeatureCollection","features":[]})}, imp("parcels","p.geojson","--src-layer","nope"), 2, ["no layer 'nope'"])
case("map-source-field-missing", {"p.csv": csv([["A-1","100101","reserved",S]])}, imp("parcels","p.csv",*CRS,"--map","id=DKBH"), 1, ["p.csv","no field 'DKBH'"])

# ---- sources
case("source-not-found", {"README": "the command names a file that does not exist\n"}, imp("parcels","missing.gpkg"), 1, ["missing.gpkg","file not found"])
case("source-not-vector", {"p.gpkg": "this is not a GeoPackage\n"}, imp("parcels","p.gpkg"), 1, ["p.gpkg","GDAL cannot read"])
case("source-vsicurl-loopback", {"README": "a /vsicurl/ URL at the loopback address: refused without a connection\n"}, ["import","parcels","/vsicurl/http://127.0.0.1:9/p.geojson"], 1, ["127.0.0.1"])
case("source-empty-geojson", {"p.geojson": json.dumps({"type":"FeatureCollection","features":[]})}, imp("parcels","p.geojson"), 1, ["p.geojson","no features"])
case("source-empty-geojson-replace", {"p.geojson": json.dumps({"type":"FeatureCollection","features":[]}), "good.csv": csv([["A-1","100101","reserved",S]])},
     imp("parcels","p.geojson","--mode","replace"), 1, ["p.geojson","no features"], setup=[imp("parcels","good.csv",*CRS)])
case("source-csv-header-only", {"p.csv": "id,land_use,status,WKT\n"}, imp("parcels","p.csv",*CRS), 1, ["p.csv","no features"])
case("source-csv-no-geometry-columns", {"p.csv": "id,land_use,status,where\nA-1,100101,reserved,somewhere\n"}, imp("parcels","p.csv",*CRS), 1, ["p.csv","no geometry","--xy"])
case("source-csv-xy-columns-missing", {"p.csv": "id,type,E,N\nF-1,port,120.3,36.3\n"}, imp("facilities","p.csv","--xy","lon,lat"), 1, ["p.csv","'lon'","--xy"])

# ---- guards
case("guard-all-skipped-replace", {"good.csv": csv([["A-1","100101","reserved",S],["A-2","100101","reserved",sq(527200,4018000)]]), "bad.csv": csv([["B-1","100101","idle",S],["B-2","100101","idle",S]])},
     imp("parcels","bad.csv",*CRS,"--mode","replace","--skip-invalid"), 1, ["bad.csv","all 2 features were skipped"], setup=[imp("parcels","good.csv",*CRS)])
case("guard-all-skipped-append", {"bad.csv": csv([["B-1","100101","idle",S]])}, imp("parcels","bad.csv",*CRS,"--skip-invalid"), 1, ["bad.csv","all 1 features were skipped"])
case("guard-shrinking-replace", {"twelve.csv": csv([[f"P-{i}","100101","reserved",sq(527000+120*i,4018000)] for i in range(12)]), "one.csv": csv([["N-1","100101","reserved",S]])},
     imp("parcels","one.csv",*CRS,"--mode","replace"), 1, ["one.csv","remove 12","--force"], setup=[imp("parcels","twelve.csv",*CRS)])
case("guard-append-existing-id", {"a.csv": csv([["A-1","100101","reserved",S]])}, imp("parcels","a.csv",*CRS), 1, ["a.csv","A-1","already exists"], setup=[imp("parcels","a.csv",*CRS)])
case("guard-boundary-id-of-kept-level", {"sub.csv": csv([["SD-1","街道","subdistrict",sq(526000,4017000,2000)]], "id,name,level,WKT"), "district.csv": csv([["SD-1","区","district",sq(525000,4016000,4000)]], "id,name,level,WKT")},
     imp("boundaries","district.csv",*CRS,"--mode","replace"), 1, ["district.csv","SD-1","kept boundary"], setup=[imp("boundaries","sub.csv",*CRS)])

# ---- CRS
case("crs-none-metres", {"p.csv": csv([["A-1","100101","reserved",S]])}, imp("parcels","p.csv"), 1, ["p.csv","no CRS","EPSG:4549"])
case("crs-none-metres-not-qingdao", {"p.csv": csv([["A-1","100101","reserved",sq(527000,2500000)]])}, imp("parcels","p.csv"), 1, ["p.csv","not Qingdao"])
case("crs-none-zone-prefix", {"p.csv": csv([["A-1","100101","reserved",sq(40527000,4018000)]])}, imp("parcels","p.csv"), 1, ["p.csv","EPSG:4528"])
case("crs-unknown-name", {"p.csv": csv([["A-1","100101","reserved",S]])}, imp("parcels","p.csv","--crs","EPSG:999999"), 2, ["--crs EPSG:999999"])
case("usage-crs-fuzzy-name", {"p.csv": csv([["A-1","100101","reserved",S]])}, imp("parcels","p.csv","--crs","foo"), 2, ["--crs foo","AUTHORITY:CODE"],
     desc="PROJ's fuzzy name search would read 'foo' as Amersfoort")
case("usage-init-crs-fuzzy-name", {"README": "init --crs with a name PROJ matches only fuzzily\n"}, ["init","--crs","foo"], 2, ["--crs foo"])
case("crs-lonlat-declared-4549", {"p.csv": csv([["A-1","100101","reserved","POLYGON ((120.3 36.3, 120.31 36.3, 120.31 36.31, 120.3 36.3))"]])}, imp("parcels","p.csv","--crs","EPSG:4549"), 1, ["p.csv","look like longitude/latitude","--force-crs"])
case("crs-metres-declared-4326", {"p.csv": csv([["A-1","100101","reserved",S]])}, imp("parcels","p.csv","--crs","EPSG:4326"), 1, ["p.csv","not degrees","EPSG:4549"])
case("crs-metres-declared-taiwan", {"p.csv": csv([["A-1","100101","reserved",S]])}, imp("parcels","p.csv","--crs","EPSG:3826"), 1, ["p.csv","outside its area of use","Taiwan"])
case("crs-geojson-declared-wrong", {"p.geojson": json.dumps({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4549"}},"features":[{"type":"Feature","properties":{"id":"A-1","land_use":"100101","status":"reserved"},"geometry":{"type":"Polygon","coordinates":[[[120.3,36.3],[120.31,36.3],[120.31,36.31],[120.3,36.3]]]}}]})},
     imp("parcels","p.geojson"), 1, ["p.geojson","look like longitude/latitude"])

# ---- encodings
gbk_name = "城阳".encode("gbk")
latin1 = "Müller Straße".encode("latin-1")
eucjp = "東京都港区".encode("euc_jp") + "のテスト".encode("euc_jp")
big5 = "臺北市信義區".encode("big5")
def bytes_csv(value):
    return b"id,land_use,status,name,WKT\nA-1,100101,reserved," + value + b',"' + S.encode() + b'"\n'
case("encoding-latin1", {"p.csv": bytes_csv(latin1)}, imp("parcels","p.csv",*CRS), 1, ["p.csv","A-1","not valid UTF-8","CP1252"])
case("encoding-euc-jp-not-gbk", {"p.csv": bytes_csv(eucjp)}, imp("parcels","p.csv",*CRS), 1, ["p.csv","decodes cleanly as EUC-JP:"])
case("encoding-big5-hint", {"p.csv": bytes_csv(big5)}, imp("parcels","p.csv",*CRS), 1, ["p.csv","decodes cleanly as BIG5"])
case("encoding-declared-wrong", {"p.csv": bytes_csv(latin1)}, imp("parcels","p.csv",*CRS,"--encoding","BIG5"), 1, ["p.csv","A-1","not valid"])

# ---- project specs and --where
case("spec-nested-100000", {"spec.json": "["*100000 + "]"*100000}, ["match","--spec","{case}/spec.json"], 1, ["spec.json","nested deeper"])
case("spec-not-json", {"spec.json": "{\"name\": \"x\", "}, ["match","--spec","{case}/spec.json"], 1, ["spec.json","not valid JSON"])
case("spec-evaluate-nested", {"spec.json": "{\"a\":"*5000 + "1" + "}"*5000}, ["evaluate","--spec","{case}/spec.json"], 1, ["spec.json","nested deeper"])
case("where-sql-injection", {"README": "--where text that tries SQL\n"}, ["parcels","--where","status = 'a'; DROP TABLE parcels"], 2, ["--where"])
case("where-65-parentheses", {"README": "65 nested parentheses\n"}, ["parcels","--where","("*65 + "status = 'reserved'" + ")"*65], 2, ["at most 64"])
case("where-65-nots", {"README": "65 nested nots\n"}, ["parcels","--where","not "*65 + "status = 'reserved'"], 2, ["at most 64"])
case("where-unknown-column", {"README": "an unknown column\n"}, ["parcels","--where","colour = 'red'"], 2, ["colour"])
case("where-unterminated-string", {"README": "an unterminated string\n"}, ["parcels","--where","status = 'reserved"], 2, ["--where"])

# ---- shapefiles and FlatGeobuf (binary files copied in by make_binary_cases.sh)
case("shp-truncated-dbf", {}, imp("parcels","fifty.shp"), 1, ["fifty.shp","truncated"], truncate=[["fifty.dbf", 4060]])
case("shp-missing-dbf", {}, imp("parcels","fifty.shp"), 1, ["fifty.shp","fifty.dbf is missing"], remove=["fifty.dbf"])
case("shp-missing-shx", {}, imp("parcels","fifty.shp"), 1, ["fifty.shp","fifty.shx is missing"], remove=["fifty.shx"])
case("shp-truncated-shp", {}, imp("parcels","fifty.shp"), 1, ["fifty.shp"], truncate=[["fifty.shp", 3000]])
case("fgb-truncated", {}, imp("parcels","five.fgb"), 1, ["five.fgb"], truncate=[["five.fgb", 2452]])
case("shp-gbk-names-wrong-map", {}, imp("parcels","cities_gbk.shp","--map","id=代码"), 1, ["cities_gbk.shp","no field '代码'","城市代码"], data_cjk=["城市代码", "城市"])
case("shp-cpg-unknown", {"cities_gbk.cpg": "KLINGON\n"}, imp("parcels","cities_gbk.shp","--map","id=城市代码"), 1, ["cities_gbk.cpg","KLINGON"])
case("value-far-as-percentage", {"p.csv": csv([["F-1","100101","reserved","200",S]], "id,land_use,status,far_max,WKT")}, imp("parcels","p.csv",*CRS), 1, ["p.csv","F-1","far_max","percentage","2"])
case("value-density-as-percentage", {"p.csv": csv([["F-2","100101","reserved","35",S]], "id,land_use,status,density_max,WKT")}, imp("parcels","p.csv",*CRS), 1, ["p.csv","F-2","density_max","percentage","0.35"])
case("value-land-use-name-unknown", {"p.csv": csv([["U-2","四类工业用地","reserved",S]])}, imp("parcels","p.csv",*CRS), 1, ["p.csv","U-2","二类工业用地"])
case("value-control-chars-in-id", {"p.csv": 'id,land_use,status,WKT\n"A\x1b[2J-1",100101,reserved,"' + S + '"\n"A\x1b[2J-1",100101,reserved,"' + S + '"\n'}, imp("parcels","p.csv",*CRS), 1, ["p.csv","A\\x1B[2J-1","duplicate id"])
case("id-from-fid-duplicate-with-prefix", {"a.csv": csv([["X1","100101","reserved",S]], "code,land_use,status,WKT")}, imp("parcels","a.csv",*CRS,"--id-from-fid","--id-prefix","CY-"), 1, ["a.csv","CY-1","already exists"], setup=[imp("parcels","a.csv",*CRS,"--id-from-fid","--id-prefix","CY-")])

for name, files, args, exit, stderr, setup, truncate, remove, desc, data_cjk in cases:
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    for fname, content in files.items():
        mode = "wb" if isinstance(content, bytes) else "w"
        with open(os.path.join(d, fname), mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
            f.write(content)
    spec = {"args": args, "exit": exit, "stderr": stderr}
    if desc: spec = {"description": desc, **spec}
    if setup: spec["setup"] = setup
    if truncate: spec["truncate"] = truncate
    if remove: spec["remove"] = remove
    if data_cjk: spec["data_cjk"] = data_cjk  # Chinese from the data (a GBK file's field names), allowed in the English line
    with open(os.path.join(d, "case.json"), "w", encoding="utf-8") as f:
        json.dump(spec, f, ensure_ascii=False, indent=1)
        f.write("\n")
print(len(cases), "cases")
