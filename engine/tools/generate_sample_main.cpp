// landbank-sample-gen: writes the synthetic Chengyang sample (or a larger one for benchmarks) as a
// GeoPackage. A thin wrapper: all the work is in writeSampleGeoPackage().
//
//   landbank-sample-gen --out FILE.gpkg [--seed N] [--parcels N] [--parks N] [--buildings N]
//                       [--projects N] [--districts PATH]
//
// --districts defaults to $LANDBANK_GISDATA/qingdao-districts/qingdao-districts.geojson, else
// qingdao-districts/qingdao-districts.geojson in the bundled data folder (landbank::bundledDataDir()).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>

#include "landbank/error.h"
#include "landbank/landuse.h"
#include "landbank/sample_generator.h"

namespace {

constexpr const char* kUsage =
    "usage: landbank-sample-gen --out FILE.gpkg [--seed N] [--parcels N] [--parks N] [--buildings N]\n"
    "                           [--projects N] [--districts PATH]\n";

std::int64_t parseInteger(std::string_view option, const std::string& text) {
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty())
    throw landbank::Error(landbank::ErrorCode::Usage, std::string(option) + " expects an integer, got '" + text + "'");
  return value;
}

std::filesystem::path defaultDistricts() {
  // The same bundled folder the engine uses ($LANDBANK_GISDATA, else the build's gisdata/).
  return landbank::bundledDataDir() / "qingdao-districts" / "qingdao-districts.geojson";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    landbank::SampleOptions options;
    std::filesystem::path out;
    for (int i = 1; i < argc; ++i) {
      const std::string_view option = argv[i];
      if (option == "-h" || option == "--help") {
        std::cout << kUsage;
        return 0;
      }
      if (i + 1 >= argc) throw landbank::Error(landbank::ErrorCode::Usage, std::string(option) + " needs a value");
      const std::string value = argv[++i];
      if (option == "--out") out = value;
      else if (option == "--seed") options.seed = static_cast<std::uint64_t>(parseInteger(option, value));
      else if (option == "--parcels") options.parcelCount = parseInteger(option, value);
      else if (option == "--parks") options.parkCount = static_cast<int>(parseInteger(option, value));
      else if (option == "--buildings") options.buildingCount = static_cast<int>(parseInteger(option, value));
      else if (option == "--projects") options.projectCount = static_cast<int>(parseInteger(option, value));
      else if (option == "--districts") options.districtsGeoJson = value;
      else throw landbank::Error(landbank::ErrorCode::Usage, "unknown option " + std::string(option));
    }
    if (out.empty()) throw landbank::Error(landbank::ErrorCode::Usage, "--out is required");
    if (options.districtsGeoJson.empty()) options.districtsGeoJson = defaultDistricts();

    const auto start = std::chrono::steady_clock::now();
    const landbank::SampleSummary summary = landbank::writeSampleGeoPackage(options, out);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const auto& [layer, count] : summary.featureCounts) std::cout << layer << '\t' << count << '\n';
    std::fprintf(stderr, "wrote %s in %.1f s\n", out.string().c_str(), seconds);
    return 0;
  } catch (const landbank::Error& error) {
    std::cerr << "landbank-sample-gen: " << error.what() << '\n';
    if (error.code() == landbank::ErrorCode::Usage) std::cerr << kUsage;
    return landbank::exitCodeFor(error.code());
  } catch (const std::exception& error) {
    std::cerr << "landbank-sample-gen: " << error.what() << '\n';
    return 1;
  }
}
