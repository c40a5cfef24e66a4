#pragma once
// The layers of DESIGN.md, their canonical fields and code lists: the one place that says what a
// parcel or a project is made of. The store creates its tables from this, the importer checks
// against it, and the listings print from it.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace landbank {

/// Roads, Water and Places are context for maps (what the GIS office holds): drawn beneath the land,
/// never matched against. They came with schema migration 5; the others with migration 1.
enum class Layer { Parcels, Parks, Buildings, Constraints, Facilities, Boundaries, Projects, Roads, Water, Places };

enum class FieldType {
  Text,
  Real,
  Integer,
  Boolean,   ///< stored 0/1; accepts 1/0, true/false, yes/no, y/n, 是/否, 有/无
  Date,      ///< stored as ISO "YYYY-MM-DD"; accepts YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD
  TextList,  ///< stored as a JSON array of strings; accepts "a,b", "a;b", "a、b" or a JSON array
};

enum class Requirement { Optional, Required };

/// Which geometries a layer accepts (after multi-part promotion and Z/M dropping).
enum class GeometryKind {
  Polygonal,        ///< Polygon/MultiPolygon, stored as MULTIPOLYGON
  PointOrPolygon,   ///< buildings
  PointOrLine,      ///< facilities (a point or a line such as a rail line)
  OptionalPoint,    ///< projects: none, or a point
  Line,             ///< roads: LineString/MultiLineString
  LineOrPolygon,    ///< water: a river's line or a water surface (Polygon/MultiPolygon)
  Point,            ///< places
};

struct FieldSpec {
  std::string_view name;
  FieldType type;
  Requirement requirement = Requirement::Optional;
  /// The code list values must come from, or empty for free values. Land use is checked
  /// against the classification table in gisdata/ instead (see LandUseTable).
  std::span<const std::string_view> codes = {};
  /// Inclusive numeric range where one applies (e.g. pollution_class 1..3, penalty 0..1).
  std::optional<double> minValue = std::nullopt;
  std::optional<double> maxValue = std::nullopt;
};

struct LayerSpec {
  Layer layer;
  std::string_view name;  ///< table and CLI name: "parcels"
  GeometryKind geometry;
  std::span<const FieldSpec> fields;  ///< canonical fields in DESIGN.md order; "id" first
  /// Whether the layer carries a derived `subdistrict` (parcels, parks, buildings).
  bool derivesSubdistrict;

  const FieldSpec* field(std::string_view name) const;
};

const LayerSpec& layerSpec(Layer layer);
std::span<const LayerSpec> allLayerSpecs();
/// "parcels" -> Layer::Parcels; std::nullopt for an unknown name.
std::optional<Layer> layerFromName(std::string_view name);
std::string_view layerName(Layer layer);

/// Code lists of DESIGN.md (exposed for completion, help texts and tests).
namespace codes {
extern const std::span<const std::string_view> parcelStatus;      // reserved, available, ...
extern const std::span<const std::string_view> buildingType;       // factory, office, ...
extern const std::span<const std::string_view> constraintType;     // eco_redline, ...
extern const std::span<const std::string_view> constraintEffect;   // exclude, require_within, ...
extern const std::span<const std::string_view> facilityType;       // highway_exit, ...
extern const std::span<const std::string_view> boundaryLevel;      // district, subdistrict
extern const std::span<const std::string_view> sector;             // district_dev, advanced_mfg, ...
extern const std::span<const std::string_view> tier;               // global500, ...
extern const std::span<const std::string_view> origin;             // capital_region, ...
extern const std::span<const std::string_view> stage;              // lead, negotiating, ...
extern const std::span<const std::string_view> roadClass;          // expressway, trunk, main, secondary, local
extern const std::span<const std::string_view> waterClass;         // river, reservoir, sea
extern const std::span<const std::string_view> placeClass;         // village, landmark, government
}  // namespace codes

/// Chinese label of a code of any list ("reserved" -> "储备"), or the code itself when none is known.
/// Prefer codeLabel() of code_labels.h, which knows the list and the language.
std::string codeLabelZh(std::string_view code);

}  // namespace landbank
