// The sample's roads, water and places (sample_context.h). Positions are approximate and the
// routes simplified (a demo, not a survey): each expressway is drawn through the sample's highway
// exits (their coordinates repeated here exactly, so an exit lies on its expressway), the rivers
// follow the centre lines of the flood-risk zones the constraints layer already has, and the
// reservoirs are the ones of the water-source protection zones.
#include "sample_context.h"

#include <fmt/format.h>

#include <array>

namespace landbank::sample {

namespace {

struct FixedLine {
  const char* featureClass;
  const char* name;
  std::vector<Degrees> points;
};

// Expressways through the highway exits of the facilities layer (流亭立交, 城阳, 棘洪滩, 上马, 惜福镇,
// 夏庄, 青岛北, 红岛, 河套, 上马南, 胶东机场收费站), and on beyond the district.
const std::vector<FixedLine> kRoads{
    {"expressway", "G20青银高速", {{120.420, 36.190}, {120.405, 36.218}, {120.365, 36.245}, {120.345, 36.277}, {120.305, 36.316},
                                  {120.255, 36.350}, {120.200, 36.385}}},
    {"expressway", "G15沈海高速", {{120.445, 36.195}, {120.432, 36.240}, {120.428, 36.276}, {120.442, 36.310}, {120.460, 36.338},
                                  {120.475, 36.400}}},
    {"expressway", "G22青兰高速", {{120.365, 36.245}, {120.320, 36.233}, {120.272, 36.226}, {120.230, 36.236}, {120.190, 36.246},
                                  {120.120, 36.262}}},
    {"expressway", "胶东机场高速", {{120.305, 36.316}, {120.258, 36.320}, {120.210, 36.312}, {120.160, 36.334}, {120.110, 36.352},
                                   {120.085, 36.362}}},
    // Trunk roads between the subdistrict seats.
    {"trunk", "308国道", {{120.100, 36.362}, {120.180, 36.352}, {120.250, 36.338}, {120.300, 36.350}, {120.360, 36.338},
                         {120.420, 36.332}, {120.492, 36.320}, {120.560, 36.318}}},
    {"trunk", "烟青一级公路", {{120.388, 36.190}, {120.380, 36.240}, {120.384, 36.280}, {120.396, 36.307}, {120.415, 36.345},
                              {120.430, 36.400}}},
    {"trunk", "环湾大道", {{120.350, 36.200}, {120.300, 36.212}, {120.255, 36.222}, {120.200, 36.238}, {120.150, 36.262},
                          {120.110, 36.300}}},
    {"trunk", "双元路", {{120.440, 36.258}, {120.455, 36.290}, {120.492, 36.320}}},
};

// Rivers: the centre lines of the flood-risk zones (constraints 白沙河/墨水河/桃源河洪水风险区), drawn
// as water surfaces a few tens of metres wide; a stream as a line.
struct FixedRiver {
  const char* name;
  double halfWidthMetres;  ///< 0: drawn as a line
  std::vector<Degrees> points;
};
const std::vector<FixedRiver> kRivers{
    {"白沙河", 30, {{120.50, 36.245}, {120.45, 36.236}, {120.40, 36.228}, {120.35, 36.218}, {120.32, 36.212}}},
    {"墨水河", 25, {{120.46, 36.335}, {120.41, 36.318}, {120.36, 36.296}, {120.31, 36.262}, {120.29, 36.225}}},
    {"桃源河", 18, {{120.30, 36.345}, {120.27, 36.31}, {120.24, 36.28}, {120.22, 36.25}}},
    {"洪江河", 0, {{120.475, 36.305}, {120.452, 36.292}, {120.430, 36.283}, {120.415, 36.268}}},
};

struct FixedPlace {
  const char* featureClass;
  const char* name;
  Degrees where;
};
// Villages (社区/村) and landmarks: invented positions near where such places are.
const std::vector<FixedPlace> kPlaces{
    {"village", "后桃林村", {120.352, 36.318}}, {"village", "西后楼村", {120.378, 36.335}}, {"village", "南万村", {120.335, 36.262}},
    {"village", "大北曲村", {120.405, 36.352}}, {"village", "小寨子村", {120.362, 36.282}}, {"village", "河套村", {120.178, 36.268}},
    {"village", "罗家营村", {120.208, 36.262}}, {"village", "上马村", {120.238, 36.330}}, {"village", "西城汇村", {120.288, 36.362}},
    {"village", "赵家岭村", {120.470, 36.262}}, {"village", "古庙头村", {120.505, 36.335}}, {"village", "宋家庄村", {120.448, 36.222}},
    {"village", "红岛村", {120.238, 36.222}},   {"village", "东大洋村", {120.150, 36.312}}, {"village", "棘洪滩村", {120.318, 36.352}},
    {"landmark", "城阳世纪公园", {120.402, 36.298}}, {"landmark", "青岛国际院士港", {120.418, 36.305}},
    {"landmark", "毛公山", {120.540, 36.285}},      {"landmark", "白沙河湿地公园", {120.395, 36.226}},
    {"landmark", "棘洪滩水库", {120.243, 36.377}},  {"landmark", "红岛经济区会展中心", {120.262, 36.232}},
};

std::unique_ptr<OGRLineString> lineOf(const std::function<Metres(Degrees)>& project, const std::vector<Degrees>& points) {
  auto line = std::make_unique<OGRLineString>();
  for (const Degrees& point : points) {
    const Metres p = project(point);
    line->addPoint(p.easting, p.northing);
  }
  return line;
}

}  // namespace

ContextLayers buildSampleContext(const std::function<Metres(Degrees)>& project, std::vector<ContextFeature> gridRoads,
                                 std::vector<ContextFeature> reservoirs, const std::vector<std::pair<std::string, Degrees>>& governments) {
  ContextLayers layers;
  for (const FixedLine& road : kRoads)
    layers.roads.push_back({"", road.featureClass, road.name, lineOf(project, road.points)});
  for (ContextFeature& road : gridRoads) layers.roads.push_back(std::move(road));
  for (std::size_t i = 0; i < layers.roads.size(); ++i) layers.roads[i].id = fmt::format("RD-{:05d}", i + 1);

  for (const FixedRiver& river : kRivers) {
    std::unique_ptr<OGRLineString> line = lineOf(project, river.points);
    if (river.halfWidthMetres > 0) {
      // A water surface: the centre line buffered with round ends.
      std::unique_ptr<OGRGeometry> surface(line->Buffer(river.halfWidthMetres, 8));
      layers.water.push_back({"", "river", river.name, std::move(surface)});
    } else {
      layers.water.push_back({"", "river", river.name, std::move(line)});
    }
  }
  for (ContextFeature& reservoir : reservoirs) layers.water.push_back(std::move(reservoir));
  for (std::size_t i = 0; i < layers.water.size(); ++i) layers.water[i].id = fmt::format("WA-{:03d}", i + 1);

  for (const auto& [name, where] : governments) {
    const Metres p = project(where);
    layers.places.push_back({"", "government", name, std::make_unique<OGRPoint>(p.easting, p.northing)});
  }
  for (const FixedPlace& place : kPlaces) {
    const Metres p = project(place.where);
    layers.places.push_back({"", place.featureClass, place.name, std::make_unique<OGRPoint>(p.easting, p.northing)});
  }
  for (std::size_t i = 0; i < layers.places.size(); ++i) layers.places[i].id = fmt::format("PL-{:03d}", i + 1);
  return layers;
}

}  // namespace landbank::sample
