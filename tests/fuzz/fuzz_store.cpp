#include "fuzz_store.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "landbank/feedback.h"
#include "landbank/importer.h"
#include "landbank/query.h"

namespace landbank::fuzz {

namespace {

// Four squares of 100 m near the CGCS2000 GK CM 120E origin of Chengyang, lon/lat, one with a score.
constexpr const char* kSeedParcels = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"A","land_use":"100101","status":"reserved","score":45},"geometry":{"type":"Polygon","coordinates":[[[120.30,36.30],[120.301,36.30],[120.301,36.301],[120.30,36.301],[120.30,36.30]]]}},
{"type":"Feature","properties":{"id":"B","land_use":"100102","status":"available","score":5},"geometry":{"type":"Polygon","coordinates":[[[120.31,36.30],[120.311,36.30],[120.311,36.301],[120.31,36.301],[120.31,36.30]]]}},
{"type":"Feature","properties":{"id":"C","land_use":"0901","status":"allocated","name":"商业"},"geometry":{"type":"Polygon","coordinates":[[[120.32,36.30],[120.321,36.30],[120.321,36.301],[120.32,36.301],[120.32,36.30]]]}},
{"type":"Feature","properties":{"id":"D","land_use":"100103","status":"reserved","price_wan_per_mu":30},"geometry":{"type":"Polygon","coordinates":[[[120.33,36.30],[120.331,36.30],[120.331,36.301],[120.33,36.301],[120.33,36.30]]]}}]})";

}  // namespace

FuzzStore::FuzzStore() {
  char pattern[] = "/tmp/landbank-fuzz-XXXXXX";
  if (!::mkdtemp(pattern)) std::abort();
  m_folder = pattern;
  m_store = std::make_unique<Store>(Store::create(m_folder / "fuzz.sqlite"));
  std::ofstream(m_folder / "seed.geojson") << kSeedParcels;
  ImportOptions options;
  options.layer = Layer::Parcels;
  options.sourcePath = m_folder / "seed.geojson";
  Feedback quiet;
  importLayer(*m_store, options, quiet);
}

FuzzStore::~FuzzStore() {
  m_store.reset();
  std::error_code ignored;
  std::filesystem::remove_all(m_folder, ignored);
}

std::int64_t FuzzStore::parcelCount() const {
  FeatureQuery query;
  query.layer = Layer::Parcels;
  return static_cast<std::int64_t>(runQuery(*m_store, query).hits.size());
}

void reportBug(const std::string& what, const std::string& input, const std::string& problem) {
  std::fprintf(stderr, "landbank fuzz: %s: %s\ninput (%zu bytes): %.200s\n", what.c_str(), problem.c_str(), input.size(), input.c_str());
  std::abort();
}

}  // namespace landbank::fuzz
