// Fuzz target: the --where language, end to end. Any text either compiles and runs against a real
// SpatiaLite store (with an extra attribute to reach the JSON path), or is refused as a malformed
// expression (Error Expression/Usage). Any other outcome is a bug: SQL that SQLite rejects means the
// compiler emitted invalid SQL, and a crash or sanitizer report speaks for itself.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "fuzz_store.h"
#include "landbank/error.h"
#include "landbank/query.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static landbank::fuzz::FuzzStore store;
  landbank::FeatureQuery query;
  query.layer = landbank::Layer::Parcels;
  query.where.assign(reinterpret_cast<const char*>(data), size);
  query.limit = 5;
  try {
    landbank::runQuery(store.store(), query);
  } catch (const landbank::Error& error) {
    if (error.code() != landbank::ErrorCode::Expression && error.code() != landbank::ErrorCode::Usage) {
      landbank::fuzz::reportBug("--where", query.where, error.what());
    }
  }
  return 0;
}
