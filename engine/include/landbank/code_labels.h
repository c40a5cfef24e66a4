#pragma once
// The one table of labels for people: every code list of DESIGN.md (status, sector, tier, origin,
// stage, facility type, constraint type and effect, building type, boundary level; the ledger's
// stages with dropped, problem categories and kinds of capital increase), the names of
// matching rules and scoring criteria, units and the canonical field names, each with its zh_CN
// and en label; and the reverse lookup, from what a planner types (a code, a label or a common
// synonym such as 洽谈/谈判 for negotiating) back to the code. Land-use classes come from the
// classification table (landuse.h) and are reached through landUseFromText()/landUseLabel().
//
// Codes are the stable contract (JSON, the database); labels are for tables and messages only.
// All functions are pure and thread-safe; none throws except parseCodes() (Error(Usage)).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "landbank/language.h"

namespace landbank {

class LandUseTable;

enum class CodeList {
  ParcelStatus,      ///< reserved, available, negotiating, allocated, building, built
  BuildingType,      ///< factory, office, incubator, warehouse, lab
  ConstraintType,    ///< eco_redline, basic_farmland, ...
  ConstraintEffect,  ///< exclude, require_within, limit_height, exclude_polluting, penalty
  FacilityType,      ///< highway_exit, rail_station, ...
  BoundaryLevel,     ///< district, subdistrict
  Sector,            ///< district_dev, advanced_mfg, ...
  Tier,              ///< global500, china500, ...
  Origin,            ///< capital_region, ...
  Stage,             ///< lead, negotiating, signed, landed, building, operating (the projects layer's list)
  LedgerStage,       ///< the stages and dropped, which only the ledger writes (ledger.h)
  ProblemCategory,   ///< approval, registration, land, planning, customs, environment, finance, other
  CapitalKind,       ///< strategic, expansion, production (capital increases of landed firms)
  Rule,              ///< hard-rule names of match --why and of "rejected": status, land_use, area, ...
  Criterion,         ///< scoring criteria: area_fit, price, ...; "<facility>_distance" is composed
  Unit,              ///< units of criteria values: m, 万元/亩, days late, ...
  RoadClass,         ///< expressway, trunk, main, secondary, local
  WaterClass,        ///< river, reservoir, sea
  PlaceClass,        ///< village, landmark, government
  Subsector,         ///< rail_transit, robotics, ... (open: an unlisted subsector is shown as written)
};

/// The codes of a list, in DESIGN.md order. For Rule and Criterion these are the fixed names;
/// composed names ("constraint:hv_corridor", "near:port", "highway_exit_distance") are labelled
/// from their parts by codeLabel().
std::span<const std::string_view> codesOf(CodeList list);

/// The label of `code` in `language` ("reserved" -> "储备" / "reserved"). English labels of the
/// code lists are the codes themselves (they are readable English and what scripts see), except
/// for rules, criteria and units, which get words. Composed rule and criterion names are labelled
/// part by part: "constraint:hv_corridor" -> "管控:高压走廊", "highway_exit_distance" -> "高速出入口距离".
/// An unknown code is returned as given.
std::string codeLabel(CodeList list, std::string_view code, Language language);

/// The code a planner meant: the code itself (ASCII case-insensitive), its Chinese label, or a
/// synonym ("洽谈", "谈判", "洽谈中" -> negotiating for Stage; "高速口" -> highway_exit).
/// std::nullopt when nothing matches.
std::optional<std::string> codeFromText(CodeList list, std::string_view text);

/// The valid values for a message: "reserved (储备), available (可供应), ..." (zh_CN) or the codes
/// alone (en).
std::string codeListText(CodeList list, Language language);

/// Splits `text` at commas (also "，" and "、") and maps each item through codeFromText(). Throws
/// Error(Usage) "OPTION: unknown value 'x'; expected one of ..." naming the valid values with labels.
std::vector<std::string> parseCodes(CodeList list, std::string_view option, std::string_view text, Language language);

/// A land-use code or prefix from what a planner typed: a code or prefix as given ("1001",
/// "100102"), a legacy GB 50137 code ("M2" -> "100102"), or a class name with or without "用地"
/// ("工业" and "工业用地" -> "1001", "二类工业用地" -> "100102", "Industrial land" -> "1001").
/// std::nullopt when nothing matches.
std::optional<std::string> landUseFromText(const LandUseTable& table, std::string_view text);

/// The class name of a land-use code in `language` ("100102" -> "二类工业用地"), or the code.
std::string landUseLabel(const LandUseTable& table, std::string_view code, Language language);

/// A column header for a canonical or derived field ("area_mu" -> "面积(亩)"); English keeps the
/// field name, which is also the JSON key. Unknown fields are returned as given.
std::string fieldLabel(std::string_view field, Language language);

/// A layer's name for people ("parcels" -> "地块"); English keeps the layer name, which is also what
/// commands and JSON use. Unknown names are returned as given.
std::string layerLabel(std::string_view layer, Language language);

/// The code list a field of a layer holds ("parcels", "status" -> ParcelStatus; "type" depends on
/// the layer; "sectors" of parks -> Sector); std::nullopt when the field holds no code of a list.
std::optional<CodeList> codeListOfField(std::string_view layerName, std::string_view field);

}  // namespace landbank
