#pragma once
// Shared by the fuzz targets: a small real store in a temporary folder (created once per process),
// and the one way a target reports a broken invariant (print, then abort so libFuzzer keeps the input).

#include <cstdint>
#include <filesystem>
#include <string>

#include "landbank/store.h"

namespace landbank::fuzz {

class FuzzStore {
 public:
  /// A fresh EPSG:4549 store with four parcels (one with an extra attribute "score" of 45).
  FuzzStore();
  ~FuzzStore();
  Store& store() { return *m_store; }
  const std::filesystem::path& folder() const { return m_folder; }
  std::int64_t parcelCount() const;

 private:
  std::filesystem::path m_folder;
  std::unique_ptr<Store> m_store;
};

[[noreturn]] void reportBug(const std::string& what, const std::string& input, const std::string& problem);

}  // namespace landbank::fuzz
