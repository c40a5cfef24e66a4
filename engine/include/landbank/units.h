#pragma once
// Units planners use for land: square metres, 亩 (mu) and hectares.

#include <string>
#include <string_view>

namespace landbank {

/// 1 亩 = 10000/15 m² (the municipal mu used in Chinese land administration).
inline constexpr double kSquareMetresPerMu = 10000.0 / 15.0;
inline constexpr double kSquareMetresPerHectare = 10000.0;

inline constexpr double squareMetresToMu(double squareMetres) { return squareMetres / kSquareMetresPerMu; }
inline constexpr double muToSquareMetres(double mu) { return mu * kSquareMetresPerMu; }

/// Parses an area with an optional unit suffix: "30000", "30000m2", "30000m²", "45mu", "45亩", "3ha".
/// A plain number is square metres. Returns square metres. Throws Error(Usage) naming the text.
double parseAreaSquareMetres(std::string_view text);

/// Parses a length with an optional suffix: "1500", "1500m", "2km". Returns metres. Throws Error(Usage).
double parseLengthMetres(std::string_view text);

}  // namespace landbank
