// Fuzz target: the CSV reader, and csvField's quoting read back by it: any text written as one
// field of one row comes back as exactly that field.
#include <cstdint>
#include <string>

#include "landbank/csv.h"
#include "fuzz_store.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  (void)landbank::parseCsv(text);
  // Round trip of one field next to a plain one ("x," keeps a row that is otherwise empty).
  const auto rows = landbank::parseCsv("x," + landbank::csvField(text) + "\n");
  if (rows.size() != 1 || rows[0].size() != 2 || rows[0][1] != text) landbank::fuzz::reportBug("csvField/parseCsv", text, "did not round-trip");
  return 0;
}
