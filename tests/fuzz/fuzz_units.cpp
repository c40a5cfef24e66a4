// Fuzz target: areas and lengths as people type them ("30mu", "3ha", "2km"): either a finite,
// non-negative number or a refusal (Error BadValue/Usage), never a crash, NaN or infinity.
#include <cmath>
#include <cstdint>
#include <string>

#include "fuzz_store.h"
#include "landbank/error.h"
#include "landbank/units.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (auto parse : {&landbank::parseAreaSquareMetres, &landbank::parseLengthMetres}) {
    try {
      const double value = parse(text);
      if (!std::isfinite(value) || value < 0) landbank::fuzz::reportBug("units", text, "gave " + std::to_string(value));
    } catch (const landbank::Error&) {
    }
  }
  return 0;
}
