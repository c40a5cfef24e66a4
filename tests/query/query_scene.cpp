#include "query_scene.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

namespace landbank::test {

namespace {

std::string coordinate(double x, double y) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "[%.3f, %.3f]", kSceneX0 + x, kSceneY0 + y);
  return buffer;
}

// A closed ring of a rectangle, counter-clockwise, in scene metres.
std::string ring(double x1, double y1, double x2, double y2) {
  return "[" + coordinate(x1, y1) + ", " + coordinate(x2, y1) + ", " + coordinate(x2, y2) + ", " + coordinate(x1, y2) + ", " +
         coordinate(x1, y1) + "]";
}

std::string feature(const std::string& properties, const std::string& geometry) {
  return R"({"type": "Feature", "properties": )" + properties + R"(, "geometry": )" + geometry + "}";
}

std::string collection(const std::vector<std::string>& features) {
  std::string text = R"({"type": "FeatureCollection", "features": [)";
  for (std::size_t i = 0; i < features.size(); ++i) text += (i ? ",\n" : "\n") + features[i];
  return text + "]}\n";
}

void importLayer(const std::filesystem::path& database, const std::string& layer, const std::filesystem::path& file) {
  const CliResult result = runLandbank(database, {"import", layer, file.string(), "--crs", "EPSG:4549"});
  ASSERT_EQ(result.exitCode, 0) << layer << ": " << result.err;
}

}  // namespace

std::string scenePoint(double x, double y) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.3f,%.3f", kSceneX0 + x, kSceneY0 + y);
  return buffer;
}

void buildQueryScene(const TempDir& dir, const std::filesystem::path& database) {
  initDatabase(database);
  const std::string polygon = R"({"type": "Polygon", "coordinates": [)";
  writeTextFile(dir / "parcels.geojson",
                collection({
                    feature(R"({"id": "A", "name": "北区A地块", "land_use": "100102", "status": "reserved", "subdistrict": "S1", "price_wan_per_mu": 30, "plot_no": "X1"})",
                            polygon + ring(0, 100, 100, 200) + "]}"),
                    feature(R"({"id": "B", "name": "B", "land_use": "100103", "status": "available", "subdistrict": "S1", "price_wan_per_mu": 50, "plot_no": "X2"})",
                            polygon + ring(100, 100, 200, 200) + ", " + ring(140, 140, 160, 160) + "]}"),
                    feature(R"({"id": "C", "name": "C", "land_use": "100101", "status": "available", "subdistrict": "S2", "price_wan_per_mu": 40})",
                            polygon + ring(0, 0, 100, 100) + "]}"),
                    feature(R"({"id": "D", "name": "D", "land_use": "070101", "status": "allocated", "subdistrict": "S2"})",
                            R"({"type": "MultiPolygon", "coordinates": [[)" + ring(300, 0, 350, 50) + "], [" + ring(400, 0, 450, 50) + "]]}"),
                }));
  writeTextFile(dir / "parks.geojson",
                collection({feature(R"({"id": "P1", "name": "北区产业园"})", polygon + ring(0, 100, 200, 200) + "]}")}));
  writeTextFile(dir / "constraints.geojson",
                collection({
                    feature(R"({"id": "K1", "type": "hv_corridor", "effect": "exclude", "name": "走廊"})", polygon + ring(50, -10, 150, 210) + "]}"),
                    feature(R"({"id": "K2", "type": "airport_height", "effect": "limit_height", "value": 45})", polygon + ring(290, -10, 360, 60) + "]}"),
                }));
  writeTextFile(dir / "facilities.geojson",
                collection({feature(R"({"id": "F1", "type": "highway_exit", "name": "出口"})",
                                    R"({"type": "Point", "coordinates": )" + coordinate(500, 25) + "}")}));
  importLayer(database, "parcels", dir / "parcels.geojson");
  importLayer(database, "parks", dir / "parks.geojson");
  importLayer(database, "constraints", dir / "constraints.geojson");
  importLayer(database, "facilities", dir / "facilities.geojson");
}

}  // namespace landbank::test
