#pragma once
// Fixtures shared by the import suites: small vector files written with GDAL, a parcel square whose
// area is known, and a test base class that checks the promises of a refused import.
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace landbank::test {

using nlohmann::json;

// A 100 m x 100 m square in EPSG:4549 near Chengyang: 10,000 m² = 15 亩 in any format.
constexpr double kX0 = 527000, kY0 = 4018000;
inline const std::string kSquareWkt = "POLYGON ((527000 4018000, 527100 4018000, 527100 4018100, 527000 4018100, 527000 4018000))";

struct TestFeature {
  std::map<std::string, std::string> fields;  // all written as strings
  std::string wkt;                            // in the layer's CRS; empty for none
};

// Writes features with GDAL (the same library our users' tools use).
inline void writeVector(const std::filesystem::path& path, const char* driverName, const char* crs,
                 const std::vector<TestFeature>& features, char** layerOptions = nullptr,
                 OGRwkbGeometryType type = wkbUnknown) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driverName);
  ASSERT_NE(driver, nullptr) << driverName;
  GDALDataset* dataset = driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
  ASSERT_NE(dataset, nullptr) << path;
  OGRSpatialReference reference;
  if (crs) {
    reference.SetFromUserInput(crs);
    reference.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  OGRLayer* layer = dataset->CreateLayer(path.stem().c_str(), crs ? &reference : nullptr, type, layerOptions);
  ASSERT_NE(layer, nullptr);
  std::vector<std::string> names;
  for (const auto& feature : features)
    for (const auto& [name, value] : feature.fields)
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  for (const auto& name : names) {
    OGRFieldDefn field(name.c_str(), OFTString);
    layer->CreateField(&field);
  }
  for (const auto& feature : features) {
    OGRFeature* f = OGRFeature::CreateFeature(layer->GetLayerDefn());
    for (const auto& [name, value] : feature.fields) f->SetField(name.c_str(), value.c_str());
    if (!feature.wkt.empty()) {
      OGRGeometry* geometry = nullptr;
      OGRGeometryFactory::createFromWkt(feature.wkt.c_str(), nullptr, &geometry);
      f->SetGeometryDirectly(geometry);
    }
    EXPECT_EQ(layer->CreateFeature(f), OGRERR_NONE);
    OGRFeature::DestroyFeature(f);
  }
  GDALClose(dataset);
}

inline TestFeature parcel(const std::string& id, const std::string& wkt, std::map<std::string, std::string> extra = {}) {
  TestFeature f{{{"id", id}, {"land_use", "100102"}, {"status", "reserved"}}, wkt};
  for (auto& [k, v] : extra) f.fields[k] = v;
  return f;
}

inline json parcelsJson(const std::filesystem::path& db) {
  const CliResult result = runLandbank(db, {"parcels", "--format", "json"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  return json::parse(result.out);
}

inline double onlyArea(const std::filesystem::path& db) {
  const json parcels = parcelsJson(db);
  EXPECT_EQ(parcels.size(), 1u);
  return parcels.empty() ? 0 : parcels[0]["area_m2"].get<double>();
}

// The square's corners in lon/lat, transformed by PROJ (GDAL) independently of landbank.
inline std::string squareInLonLatWkt() {
  OGRSpatialReference from, to;
  from.importFromEPSG(4549);
  to.importFromEPSG(4326);
  from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  to.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRGeometry* geometry = nullptr;
  OGRGeometryFactory::createFromWkt(kSquareWkt.c_str(), &from, &geometry);
  geometry->transformTo(&to);
  char* wkt = nullptr;
  OGRWktOptions options;
  options.precision = 12;
  std::string text = geometry->exportToWkt(options);
  OGRGeometryFactory::destroyGeometry(geometry);
  (void)wkt;
  return text;
}

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override { initDatabase(db()); }
  std::filesystem::path db() const { return m_dir / "lb.sqlite"; }
  std::filesystem::path file(const std::string& name) const { return m_dir / name; }

  // Runs a failing import and checks the three promises: non-zero exit, a one-line message that
  // names what it should, and a database exactly as before. The message parts are English: the run
  // asks for --lang en (the Chinese lines are checked by the bad-input corpus, bad_corpus_test.cpp).
  void expectRefused(std::vector<std::string> args, const std::vector<std::string>& messageParts, int exitCode = 1) {
    const std::string before = databaseFingerprint(db());
    if (std::find(args.begin(), args.end(), "--lang") == args.end()) args.insert(args.end(), {"--lang", "en"});
    const CliResult result = runLandbank(db(), args);
    EXPECT_EQ(result.exitCode, exitCode) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    for (const auto& part : messageParts) EXPECT_NE(result.err.find(part), std::string::npos) << "missing '" << part << "' in: " << result.err;
    EXPECT_TRUE(databaseFingerprint(db()) == before) << "the database changed";
  }

  TempDir m_dir;
};

}  // namespace landbank::test
