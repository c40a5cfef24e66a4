#include "landbank/layers.h"

#include <algorithm>
#include <array>
#include <utility>

#include "landbank/code_labels.h"

namespace landbank {

namespace codes {
namespace {
constexpr std::array<std::string_view, 6> kParcelStatus{"reserved", "available", "negotiating", "allocated", "building", "built"};
constexpr std::array<std::string_view, 5> kBuildingType{"factory", "office", "incubator", "warehouse", "lab"};
constexpr std::array<std::string_view, 11> kConstraintType{"eco_redline",  "basic_farmland", "dev_boundary", "water_source_1",
                                                           "water_source_2", "airport_height", "hv_corridor", "flood",
                                                           "heritage",     "hazard_buffer",  "other"};
constexpr std::array<std::string_view, 5> kConstraintEffect{"exclude", "require_within", "limit_height", "exclude_polluting", "penalty"};
constexpr std::array<std::string_view, 10> kFacilityType{"highway_exit", "rail_station", "rail_freight",       "port",       "airport",
                                                         "metro",        "university",   "research_institute", "substation", "enterprise"};
constexpr std::array<std::string_view, 2> kBoundaryLevel{"district", "subdistrict"};
constexpr std::array<std::string_view, 7> kSector{"district_dev", "advanced_mfg", "modern_services", "hq_economy",
                                                  "emerging",     "research",     "biomedicine"};
constexpr std::array<std::string_view, 6> kTier{"global500", "china500", "private500", "service500", "industry100", "other"};
constexpr std::array<std::string_view, 5> kOrigin{"capital_region", "shenzhen_dongguan_huizhou", "yangtze_delta", "belt_and_road", "other"};
constexpr std::array<std::string_view, 6> kStage{"lead", "negotiating", "signed", "landed", "building", "operating"};
constexpr std::array<std::string_view, 5> kRoadClass{"expressway", "trunk", "main", "secondary", "local"};
constexpr std::array<std::string_view, 3> kWaterClass{"river", "reservoir", "sea"};
constexpr std::array<std::string_view, 3> kPlaceClass{"village", "landmark", "government"};
}  // namespace
const std::span<const std::string_view> parcelStatus{kParcelStatus};
const std::span<const std::string_view> buildingType{kBuildingType};
const std::span<const std::string_view> constraintType{kConstraintType};
const std::span<const std::string_view> constraintEffect{kConstraintEffect};
const std::span<const std::string_view> facilityType{kFacilityType};
const std::span<const std::string_view> boundaryLevel{kBoundaryLevel};
const std::span<const std::string_view> sector{kSector};
const std::span<const std::string_view> tier{kTier};
const std::span<const std::string_view> origin{kOrigin};
const std::span<const std::string_view> stage{kStage};
const std::span<const std::string_view> roadClass{kRoadClass};
const std::span<const std::string_view> waterClass{kWaterClass};
const std::span<const std::string_view> placeClass{kPlaceClass};
}  // namespace codes

namespace {

using enum FieldType;
constexpr Requirement kRequired = Requirement::Required;

// Field tables in DESIGN.md order. Code lists are attached where DESIGN.md names one.
const std::array kParcelFields{
    FieldSpec{"id", Text, kRequired},
    FieldSpec{"name", Text},
    FieldSpec{"land_use", Text, kRequired},  // checked against the classification table
    FieldSpec{"status", Text, kRequired, codes::parcelStatus},
    FieldSpec{"subdistrict", Text},
    FieldSpec{"price_wan_per_mu", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"far_min", Real, Requirement::Optional, {}, 0.0, 20.0},  // FAR: 200 would be a percentage
    FieldSpec{"far_max", Real, Requirement::Optional, {}, 0.0, 20.0},  // FAR: 200 would be a percentage
    FieldSpec{"height_max_m", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"density_max", Real, Requirement::Optional, {}, 0.0, 1.0},
    FieldSpec{"power_kva", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"water", Boolean},
    FieldSpec{"gas", Boolean},
    FieldSpec{"sewage", Boolean},
    FieldSpec{"road", Boolean},
    FieldSpec{"available_from", Date},
    FieldSpec{"owner", Text},
};
const std::array kParkFields{
    FieldSpec{"id", Text, kRequired},
    FieldSpec{"name", Text, kRequired},
    FieldSpec{"sectors", TextList, Requirement::Optional, codes::sector},
    FieldSpec{"subdistrict", Text},
    FieldSpec{"operator", Text},
    FieldSpec{"contact", Text},
};
const std::array kBuildingFields{
    FieldSpec{"id", Text, kRequired},
    FieldSpec{"name", Text},
    FieldSpec{"park_id", Text},
    FieldSpec{"type", Text, kRequired, codes::buildingType},
    FieldSpec{"vacant_floor_m2", Real, kRequired, {}, 0.0},
    FieldSpec{"floor_load_kn_m2", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"clear_height_m", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"power_kva", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"rent_yuan_m2_month", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"available_from", Date},
};
const std::array kConstraintFields{
    FieldSpec{"id", Text, kRequired},
    FieldSpec{"type", Text, kRequired, codes::constraintType},
    FieldSpec{"effect", Text, kRequired, codes::constraintEffect},
    FieldSpec{"value", Real},
    FieldSpec{"name", Text},
};
const std::array kFacilityFields{
    FieldSpec{"id", Text, kRequired},
    FieldSpec{"type", Text, kRequired, codes::facilityType},
    FieldSpec{"name", Text},
    FieldSpec{"sector", Text, Requirement::Optional, codes::sector},
    FieldSpec{"tier", Text, Requirement::Optional, codes::tier},
};
const std::array kBoundaryFields{
    FieldSpec{"id", Text, kRequired},
    FieldSpec{"name", Text, kRequired},
    FieldSpec{"level", Text, kRequired, codes::boundaryLevel},
};
const std::array kProjectFields{
    FieldSpec{"id", Text, kRequired},
    FieldSpec{"name", Text, kRequired},
    FieldSpec{"enterprise", Text},
    FieldSpec{"tier", Text, Requirement::Optional, codes::tier},
    FieldSpec{"origin", Text, Requirement::Optional, codes::origin},
    FieldSpec{"sector", Text, kRequired, codes::sector},
    FieldSpec{"subsector", Text},
    FieldSpec{"investment_wan", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"land_min_m2", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"land_max_m2", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"floor_need_m2", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"building_type", Text, Requirement::Optional, codes::buildingType},
    FieldSpec{"floor_load_min", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"clear_height_min_m", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"power_kva", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"pollution_class", Integer, Requirement::Optional, {}, 1.0, 3.0},
    FieldSpec{"height_m", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"jobs", Integer, Requirement::Optional, {}, 0.0},
    FieldSpec{"output_wan", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"tax_wan", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"energy_tce", Real, Requirement::Optional, {}, 0.0},
    FieldSpec{"stage", Text, Requirement::Optional, codes::stage},
    FieldSpec{"near", Text},
};

// Context layers (DESIGN.md: roads, water, places): a name and a class from the layer's list.
const std::array kRoadFields{
    FieldSpec{"id", Text, kRequired},
    FieldSpec{"name", Text},
    FieldSpec{"class", Text, kRequired, codes::roadClass},
};
const std::array kWaterFields{
    FieldSpec{"id", Text, kRequired},
    FieldSpec{"name", Text},
    FieldSpec{"class", Text, kRequired, codes::waterClass},
};
const std::array kPlaceFields{
    FieldSpec{"id", Text, kRequired},
    FieldSpec{"name", Text},
    FieldSpec{"class", Text, kRequired, codes::placeClass},
};

const std::array kLayerSpecs{
    LayerSpec{Layer::Parcels, "parcels", GeometryKind::Polygonal, kParcelFields, true},
    LayerSpec{Layer::Parks, "parks", GeometryKind::Polygonal, kParkFields, true},
    LayerSpec{Layer::Buildings, "buildings", GeometryKind::PointOrPolygon, kBuildingFields, true},
    LayerSpec{Layer::Constraints, "constraints", GeometryKind::Polygonal, kConstraintFields, false},
    LayerSpec{Layer::Facilities, "facilities", GeometryKind::PointOrLine, kFacilityFields, false},
    LayerSpec{Layer::Boundaries, "boundaries", GeometryKind::Polygonal, kBoundaryFields, false},
    LayerSpec{Layer::Projects, "projects", GeometryKind::OptionalPoint, kProjectFields, false},
    LayerSpec{Layer::Roads, "roads", GeometryKind::Line, kRoadFields, false},
    LayerSpec{Layer::Water, "water", GeometryKind::LineOrPolygon, kWaterFields, false},
    LayerSpec{Layer::Places, "places", GeometryKind::Point, kPlaceFields, false},
};


}  // namespace

const FieldSpec* LayerSpec::field(std::string_view fieldName) const {
  for (const FieldSpec& spec : fields)
    if (spec.name == fieldName) return &spec;
  return nullptr;
}

const LayerSpec& layerSpec(Layer layer) {
  for (const LayerSpec& spec : kLayerSpecs)
    if (spec.layer == layer) return spec;
  return kLayerSpecs.front();  // unreachable: every enumerator has a spec
}

std::span<const LayerSpec> allLayerSpecs() { return kLayerSpecs; }

std::optional<Layer> layerFromName(std::string_view name) {
  for (const LayerSpec& spec : kLayerSpecs)
    if (spec.name == name) return spec.layer;
  return std::nullopt;
}

std::string_view layerName(Layer layer) { return layerSpec(layer).name; }

std::string codeLabelZh(std::string_view code) {
  // Kept for callers that label a code without knowing its list; the labels live in code_labels.cpp.
  for (CodeList list : {CodeList::ParcelStatus, CodeList::BuildingType, CodeList::ConstraintType, CodeList::ConstraintEffect,
                        CodeList::FacilityType, CodeList::BoundaryLevel, CodeList::Sector, CodeList::Tier, CodeList::Origin,
                        CodeList::Stage, CodeList::RoadClass, CodeList::WaterClass, CodeList::PlaceClass})
    for (std::string_view known : codesOf(list))
      if (known == code) return codeLabel(list, code, Language::Chinese);
  return std::string(code);
}

}  // namespace landbank
