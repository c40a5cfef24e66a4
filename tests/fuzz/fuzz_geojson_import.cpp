// Fuzz target: the import path of a GeoJSON file into parcels, through GDAL, the field mapping,
// the geometry checks and the store. Either the import succeeds or it throws landbank::Error and
// leaves the layer exactly as it was (counted before and after: all or nothing).
#include <cstdint>
#include <fstream>
#include <string>

#include "fuzz_store.h"
#include "landbank/error.h"
#include "landbank/feedback.h"
#include "landbank/importer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static landbank::fuzz::FuzzStore store;
  const std::filesystem::path file = store.folder() / "input.geojson";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  landbank::ImportOptions options;
  options.layer = landbank::Layer::Parcels;
  options.sourcePath = file;
  options.mode = landbank::ImportMode::Replace;
  landbank::Feedback quiet;
  const std::int64_t before = store.parcelCount();
  try {
    landbank::importLayer(store.store(), options, quiet);
  } catch (const landbank::Error& error) {
    if (store.parcelCount() != before) landbank::fuzz::reportBug("geojson import", std::string(reinterpret_cast<const char*>(data), size), "a failed import changed the layer");
    if (error.code() == landbank::ErrorCode::Internal) landbank::fuzz::reportBug("geojson import", "", error.what());
  }
  return 0;
}
