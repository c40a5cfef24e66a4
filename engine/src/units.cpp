#include "landbank/units.h"

#include <charconv>
#include <cmath>
#include <string>

#include "landbank/error.h"

namespace landbank {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Splits "45mu" into 45 and "mu". The number must be finite and non-negative.
bool splitNumber(std::string_view text, double& number, std::string_view& suffix) {
  text = trim(text);
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, number);
  if (ec != std::errc() || ptr == begin || !std::isfinite(number) || number < 0) return false;
  suffix = trim(std::string_view(ptr, static_cast<std::size_t>(end - ptr)));
  return true;
}

}  // namespace

double parseAreaSquareMetres(std::string_view text) {
  double number = 0;
  std::string_view unit;
  if (splitNumber(text, number, unit)) {
    if (unit.empty() || unit == "m2" || unit == "m²" || unit == "sqm" || unit == "平方米") return number;
    if (unit == "mu" || unit == "亩") return muToSquareMetres(number);
    if (unit == "ha" || unit == "公顷") return number * kSquareMetresPerHectare;
  }
  throw Error(ErrorCode::Usage, Message{"'" + std::string(text) + "' 不是面积：请写非负数，可带单位 m2、mu（亩）或 ha，如 30000、45mu、3ha",
                                        "'" + std::string(text) +
                                            "' is not an area: write a non-negative number with an optional unit "
                                            "m2, mu (亩) or ha, e.g. 30000, 45mu, 3ha"});
}

double parseLengthMetres(std::string_view text) {
  double number = 0;
  std::string_view unit;
  if (splitNumber(text, number, unit)) {
    if (unit.empty() || unit == "m" || unit == "米") return number;
    if (unit == "km" || unit == "公里") return number * 1000.0;
  }
  throw Error(ErrorCode::Usage, Message{"'" + std::string(text) + "' 不是长度：请写非负的米数，或带 km，如 1500、2km",
                                        "'" + std::string(text) + "' is not a length: write a non-negative number of metres, or with km, e.g. 1500, 2km"});
}

}  // namespace landbank
