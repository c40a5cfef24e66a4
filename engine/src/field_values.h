#pragma once
// Parsing attribute text into canonical typed values. Shared by the importer and by readers of
// project specs, so "12,5" or "yes" mean the same everywhere.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "landbank/layers.h"

namespace landbank {

/// Parses `text` as `spec.type` and checks its code list and range. Empty text gives null.
/// Throws Error(BadValue) with the problem only (the caller adds file/feature/field context).
/// `text` must already be UTF-8.
nlohmann::json parseFieldValue(const FieldSpec& spec, std::string_view text);

/// Same for a numeric source value (OGR Integer/Real fields) without going through text.
nlohmann::json parseFieldNumber(const FieldSpec& spec, double value);

/// Code lists accept the canonical code or its Chinese label ("储备" -> "reserved").
std::string canonicalCode(const FieldSpec& spec, std::string_view text);

}  // namespace landbank
