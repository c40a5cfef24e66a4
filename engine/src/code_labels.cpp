#include "landbank/code_labels.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "landbank/error.h"
#include "landbank/landuse.h"
#include "landbank/layers.h"

namespace landbank {

namespace {

// One row per code: the code, its Chinese label, its English label (empty: the code itself reads
// as English), then synonyms planners type (matched like labels on input, never printed).
struct LabelRow {
  std::string_view code;
  std::string_view zh;
  std::string_view en;
  std::array<std::string_view, 4> synonyms = {};
};

// Labels follow the district's working vocabulary (土地储备, 招商台账); where a national term exists
// (生态保护红线, 永久基本农田, 城镇开发边界) it is used as written in the 国土空间规划 documents.
constexpr LabelRow kParcelStatus[] = {
    {"reserved", "储备", "", {"储备地", "储备用地"}},
    {"available", "可供应", "", {"可供", "待供应", "待供"}},
    {"negotiating", "洽谈中", "", {"洽谈", "谈判", "谈判中"}},
    {"allocated", "已供地", "", {"已供", "供地", "已出让"}},
    {"building", "在建", "", {"建设中", "开工"}},
    {"built", "已建成", "", {"建成", "竣工"}},
};
constexpr LabelRow kBuildingType[] = {
    {"factory", "标准厂房", "", {"厂房"}},
    {"office", "办公楼宇", "", {"办公", "写字楼", "楼宇"}},
    {"incubator", "孵化器", "", {"众创空间"}},
    {"warehouse", "仓库", "", {"仓储", "库房"}},
    {"lab", "实验室", "", {"研发楼"}},
};
constexpr LabelRow kConstraintType[] = {
    {"eco_redline", "生态保护红线", "", {"生态红线", "红线"}},
    {"basic_farmland", "永久基本农田", "", {"基本农田"}},
    {"dev_boundary", "城镇开发边界", "", {"开发边界"}},
    {"water_source_1", "饮用水源一级保护区", "", {"水源一级保护区", "一级水源保护区"}},
    {"water_source_2", "饮用水源二级保护区", "", {"水源二级保护区", "二级水源保护区"}},
    {"airport_height", "机场净空限高区", "", {"机场净空", "净空限高"}},
    {"hv_corridor", "高压走廊", "", {"高压线走廊"}},
    {"flood", "洪涝风险区", "", {"洪涝", "行洪区"}},
    {"heritage", "文物保护范围", "", {"文物保护"}},
    {"hazard_buffer", "危险源防护距离", "", {"防护距离"}},
    {"other", "其他", "", {}},
};
constexpr LabelRow kConstraintEffect[] = {
    {"exclude", "禁止", "", {"禁止建设"}},
    {"require_within", "须位于其内", "", {}},
    {"limit_height", "限高", "", {}},
    {"exclude_polluting", "禁止污染项目", "", {}},
    {"penalty", "扣分", "", {}},
};
constexpr LabelRow kFacilityType[] = {
    {"highway_exit", "高速出入口", "", {"高速口", "高速路口", "高速公路出入口"}},
    {"rail_station", "火车站", "", {"高铁站", "铁路站"}},
    {"rail_freight", "铁路货场", "", {"货场", "铁路货运站"}},
    {"port", "港口", "", {"码头", "港区"}},
    {"airport", "机场", "", {}},
    {"metro", "地铁站", "", {"地铁", "轨道交通站"}},
    {"university", "高校", "", {"大学"}},
    {"research_institute", "科研院所", "", {"研究院", "研究所"}},
    {"substation", "变电站", "", {}},
    {"enterprise", "企业", "", {"重点企业"}},
};
constexpr LabelRow kBoundaryLevel[] = {
    {"district", "区(市)", "", {"区", "区县", "县级"}},
    {"subdistrict", "街道", "", {"镇街"}},
};
// Road classes as the GIS office's road layers write them (高速公路, 国省干线, 城市主干路, 次干路, 支路).
constexpr LabelRow kRoadClass[] = {
    {"expressway", "高速公路", "", {"高速"}},
    {"trunk", "国省干道", "", {"干线公路", "国道", "省道"}},
    {"main", "主干路", "", {"城市主干路", "主干道"}},
    {"secondary", "次干路", "", {"次干道"}},
    {"local", "支路", "", {"街坊路"}},
};
constexpr LabelRow kWaterClass[] = {
    {"river", "河流", "", {"河", "河道"}},
    {"reservoir", "水库", "", {}},
    {"sea", "海域", "", {"海"}},
};
constexpr LabelRow kPlaceClass[] = {
    {"village", "村庄社区", "", {"村", "村庄", "社区"}},
    {"landmark", "地标", "", {}},
    {"government", "政府驻地", "", {"政府", "街道办事处"}},
};
// Subsectors (细分产业) are an open list: a project may name one not here, shown as written. These
// are the rule pack's leading subsectors and the ones the district's ledger uses.
constexpr LabelRow kSubsector[] = {
    {"rail_transit", "轨道交通", "rail transit", {}},
    {"automotive", "汽车", "automotive", {}},
    {"new_energy_vehicles", "新能源汽车", "new energy vehicles", {}},
    {"machinery", "机械装备", "machinery", {}},
    {"intelligent_equipment", "智能装备", "intelligent equipment", {}},
    {"robotics", "机器人", "robotics", {}},
    {"electronics", "电子信息", "electronics", {}},
    {"semiconductors", "集成电路", "semiconductors", {}},
    {"sensors", "传感器", "sensors", {}},
    {"new_materials", "新材料", "new materials", {}},
    {"chemicals", "化工", "chemicals", {}},
    {"biomedicine", "生物医药", "biomedicine", {}},
    {"medical_devices", "医疗器械", "medical devices", {}},
    {"marine_biology", "海洋生物", "marine biology", {}},
    {"hydrogen", "氢能", "hydrogen", {}},
    {"energy_storage", "储能", "energy storage", {}},
    {"industrial_internet", "工业互联网", "industrial internet", {}},
    {"software", "软件和信息服务", "software", {}},
    {"food_processing", "食品加工", "food processing", {}},
    {"agritech", "现代农业科技", "agritech", {}},
    {"logistics", "现代物流", "logistics", {}},
    {"cross_border_ecommerce", "跨境电商", "cross-border e-commerce", {}},
    {"aviation_services", "临空服务", "aviation services", {}},
    {"finance", "金融", "finance", {}},
    {"headquarters", "总部", "headquarters", {}},
    {"rd_headquarters", "研发总部", "R&D headquarters", {}},
    {"tech_transfer", "科技成果转化", "technology transfer", {}},
    {"urban_renewal", "城市更新", "urban renewal", {}},
};
constexpr LabelRow kSector[] = {
    {"district_dev", "片区综合开发运营", "", {"片区开发", "综合开发"}},
    {"advanced_mfg", "先进制造业", "", {"先进制造", "制造业"}},
    {"modern_services", "现代服务业", "", {"现代服务", "服务业"}},
    {"hq_economy", "总部经济", "", {"总部"}},
    {"emerging", "新兴产业", "", {"战略性新兴产业"}},
    {"research", "高校科研院所", "", {"科研"}},
    {"biomedicine", "生物医药", "", {"医药"}},
};
constexpr LabelRow kTier[] = {
    {"global500", "世界500强", "", {"世界五百强"}},
    {"china500", "中国500强", "", {"中国五百强"}},
    {"private500", "民营500强", "", {"民企500强", "民营企业500强"}},
    {"service500", "服务业500强", "", {}},
    {"industry100", "行业百强", "", {"行业100强"}},
    {"other", "其他", "", {}},
};
constexpr LabelRow kOrigin[] = {
    {"capital_region", "京津冀", "", {}},
    {"shenzhen_dongguan_huizhou", "深莞惠", "", {}},
    {"yangtze_delta", "长三角", "", {}},
    {"belt_and_road", "一带一路", "", {}},
    {"other", "其他", "", {}},
};
// Stages in the ledger's words (谈判、签约、落地、在建、投产): a stage "negotiating" is 洽谈 where a
// parcel "negotiating" is 洽谈中, on purpose. The layer's list is the first six rows; the ledger's
// adds dropped, which only stage moves write.
constexpr LabelRow kLedgerStage[] = {
    {"lead", "线索", "", {"意向", "在谈线索", "储备项目"}},
    {"negotiating", "洽谈", "", {"洽谈中", "谈判", "谈判中"}},
    {"signed", "签约", "", {"已签约", "签约落户"}},
    {"landed", "落地", "", {"已落地", "供地落地"}},
    {"building", "在建", "", {"建设中", "开工"}},
    {"operating", "投产", "", {"运营", "已投产", "运营中", "投产运营"}},
    {"dropped", "终止", "", {"放弃", "已终止"}},
};
const std::span<const LabelRow> kStage = std::span(kLedgerStage).first(6);
// Problems that block a project, by the kind of approval or help they need.
constexpr LabelRow kProblemCategory[] = {
    {"approval", "审批", "", {}},
    {"registration", "注册登记", "", {"注册"}},
    {"land", "土地", "", {"用地"}},
    {"planning", "规划", "", {}},
    {"customs", "海关", "", {"通关"}},
    {"environment", "环保", "", {"环评"}},
    {"finance", "融资", "", {"金融"}},
    {"other", "其他", "", {}},
};
// Capital increases of landed firms (战略增资, 扩产增资, 生产性增资).
constexpr LabelRow kCapitalKind[] = {
    {"strategic", "战略增资", "", {"战略投资"}},
    {"expansion", "扩产增资", "", {"扩产"}},
    {"production", "生产性增资", "", {"技改"}},
};
constexpr LabelRow kRule[] = {
    {"status", "状态", "status"},
    {"land_use", "用地性质", "land use"},
    {"area", "面积", "area"},
    {"height", "限高", "height limit"},
    {"constraint", "管控", "constraint"},
    {"near", "邻近", "near"},
    {"type", "载体类型", "building type"},
    {"floor_area", "可用面积", "vacant floor"},
    {"floor_load", "楼面荷载", "floor load"},
    {"clear_height", "净高", "clear height"},
    {"power", "供电容量", "power supply"},
    {"rent", "租金", "rent"},
    {"water_source", "水源保护", "water source"},
    {"reserved", "预留", "reserved"},
    {"assembly", "合并", "assembly"},
    {"assembly:members", "合并:地块数", "assembly: members"},
    {"assembly:adjacency", "合并:相邻连片", "assembly: adjacency"},
    {"assembly:needed", "合并:每块必要", "assembly: every member needed"},
    {"assembly:compactness", "合并:形状紧凑度", "assembly: compactness"},
    {"assembly:area", "合并:面积", "assembly: area"},
};
constexpr LabelRow kCriterion[] = {
    {"facility_distance", "设施距离", "facility distance"},
    {"supply_chain", "产业链配套", "supply chain"},
    {"park_specialisation", "园区专业化", "park specialisation"},
    {"area_fit", "面积匹配", "area fit"},
    {"price", "地价", "price"},
    {"infrastructure", "基础设施", "infrastructure"},
    {"availability", "可用时间", "availability"},
    {"compactness", "地块形状", "compactness"},
    {"penalty", "管控扣分", "penalty"},
    {"preferred_subdistrict", "意向街道", "preferred subdistrict"},
    {"floor_fit", "面积匹配(载体)", "floor fit"},
    {"rent", "租金", "rent"},
};
constexpr LabelRow kUnit[] = {
    {"m", "米", "m"},
    {"m2", "平方米", "m²"},
    {"mu", "亩", "mu"},
    {"ha", "公顷", "ha"},
    {"kVA", "千伏安", "kVA"},
    {"enterprises", "家企业", "enterprises"},
    {"match", "匹配度", "match"},
    {"days late", "天(晚于需要)", "days late"},
    {"excess share", "超出比例", "excess share"},
    {"万元/亩", "万元/亩", "10k yuan/mu"},
    {"元/m²/月", "元/m²/月", "yuan/m²/month"},
    {"of 5 ready", "项(共5项)已通", "of 5 ready"},
    {"4πA/P²", "4πA/P²", "4πA/P²"},
    {"weighted share", "加权占比", "weighted share"},
};

// Column headers: every canonical field of DESIGN.md plus the derived ones the listings print.
constexpr std::pair<std::string_view, std::string_view> kFieldLabels[] = {
    {"id", "编号"},
    {"name", "名称"},
    {"land_use", "用地性质"},
    {"status", "状态"},
    {"subdistrict", "街道"},
    {"subdistrict_derived", "街道(推算)"},
    {"price_wan_per_mu", "地价(万元/亩)"},
    {"far_min", "容积率下限"},
    {"far_max", "容积率上限"},
    {"height_max_m", "限高(m)"},
    {"density_max", "建筑密度上限"},
    {"power_kva", "供电(kVA)"},
    {"water", "供水"},
    {"gas", "供气"},
    {"sewage", "污水"},
    {"road", "道路"},
    {"available_from", "可用日期"},
    {"owner", "权属"},
    {"sectors", "主导产业"},
    {"operator", "运营方"},
    {"contact", "联系人"},
    {"park_id", "园区"},
    {"park", "园区"},
    {"type", "类型"},
    {"vacant_floor_m2", "空置面积(m²)"},
    {"floor_load_kn_m2", "荷载(kN/m²)"},
    {"clear_height_m", "净高(m)"},
    {"rent_yuan_m2_month", "租金(元/m²/月)"},
    {"effect", "效力"},
    {"value", "取值"},
    {"sector", "产业"},
    {"tier", "企业层级"},
    {"level", "级别"},
    {"class", "类别"},
    {"enterprise", "企业"},
    {"origin", "来源地"},
    {"subsector", "细分产业"},
    {"subsectors", "主导细分产业"},
    {"investment_wan", "投资(万元)"},
    {"land_min_m2", "用地下限(m²)"},
    {"land_max_m2", "用地上限(m²)"},
    {"floor_need_m2", "面积需求(m²)"},
    {"building_type", "载体类型"},
    {"floor_load_min", "荷载需求(kN/m²)"},
    {"clear_height_min_m", "净高需求(m)"},
    {"pollution_class", "污染等级"},
    {"height_m", "建筑高度(m)"},
    {"jobs", "就业"},
    {"output_wan", "产值(万元)"},
    {"tax_wan", "税收(万元)"},
    {"energy_tce", "能耗(吨标煤)"},
    {"stage", "阶段"},
    {"near", "邻近要求"},
    {"area_m2", "面积(m²)"},
    {"area_mu", "面积(亩)"},
    {"distance_m", "距离(m)"},
    {"centroid", "中心点"},
    {"count", "数量"},
    {"land_use_class", "用地大类"},
    {"parcel", "地块"},
};

std::span<const LabelRow> rowsOf(CodeList list) {
  switch (list) {
    case CodeList::ParcelStatus: return kParcelStatus;
    case CodeList::BuildingType: return kBuildingType;
    case CodeList::ConstraintType: return kConstraintType;
    case CodeList::ConstraintEffect: return kConstraintEffect;
    case CodeList::FacilityType: return kFacilityType;
    case CodeList::BoundaryLevel: return kBoundaryLevel;
    case CodeList::Sector: return kSector;
    case CodeList::Tier: return kTier;
    case CodeList::Origin: return kOrigin;
    case CodeList::Stage: return kStage;
    case CodeList::LedgerStage: return kLedgerStage;
    case CodeList::ProblemCategory: return kProblemCategory;
    case CodeList::CapitalKind: return kCapitalKind;
    case CodeList::Rule: return kRule;
    case CodeList::Criterion: return kCriterion;
    case CodeList::Unit: return kUnit;
    case CodeList::RoadClass: return kRoadClass;
    case CodeList::WaterClass: return kWaterClass;
    case CodeList::PlaceClass: return kPlaceClass;
    case CodeList::Subsector: return kSubsector;
  }
  return {};
}

// The code spans of layers.h, which the importer and the store check against: the table above
// must list exactly these (tests/engine/code_labels_test.cpp holds both to it).
std::span<const std::string_view> layerCodes(CodeList list) {
  switch (list) {
    case CodeList::ParcelStatus: return codes::parcelStatus;
    case CodeList::BuildingType: return codes::buildingType;
    case CodeList::ConstraintType: return codes::constraintType;
    case CodeList::ConstraintEffect: return codes::constraintEffect;
    case CodeList::FacilityType: return codes::facilityType;
    case CodeList::BoundaryLevel: return codes::boundaryLevel;
    case CodeList::Sector: return codes::sector;
    case CodeList::Tier: return codes::tier;
    case CodeList::Origin: return codes::origin;
    case CodeList::Stage: return codes::stage;
    case CodeList::RoadClass: return codes::roadClass;
    case CodeList::WaterClass: return codes::waterClass;
    case CodeList::PlaceClass: return codes::placeClass;
    default: return {};
  }
}

bool equalsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

const LabelRow* findRow(CodeList list, std::string_view code) {
  for (const LabelRow& row : rowsOf(list))
    if (row.code == code) return &row;
  return nullptr;
}

std::string plainLabel(CodeList list, std::string_view code, Language language) {
  const LabelRow* row = findRow(list, code);
  if (!row) return std::string(code);
  if (language == Language::Chinese) return std::string(row->zh);
  return std::string(row->en.empty() ? row->code : row->en);
}

}  // namespace

std::span<const std::string_view> codesOf(CodeList list) {
  if (const auto fromLayers = layerCodes(list); !fromLayers.empty()) return fromLayers;
  // The ledger's lists, rules, criteria and units have no list in layers.h: build one view of the codes once.
  static const auto lists = [] {
    std::array<std::vector<std::string_view>, static_cast<std::size_t>(CodeList::Subsector) + 1> all;
    for (CodeList l : {CodeList::LedgerStage, CodeList::ProblemCategory, CodeList::CapitalKind, CodeList::Rule, CodeList::Criterion, CodeList::Unit,
                       CodeList::Subsector})
      for (const LabelRow& row : rowsOf(l)) all[static_cast<std::size_t>(l)].push_back(row.code);
    return all;
  }();
  return lists[static_cast<std::size_t>(list)];
}

std::string codeLabel(CodeList list, std::string_view code, Language language) {
  if (findRow(list, code)) return plainLabel(list, code, language);
  if (list == CodeList::Rule) {
    // "constraint:hv_corridor" -> 管控:高压走廊, "near:port" -> 邻近:港口
    const std::size_t colon = code.find(':');
    if (colon != std::string_view::npos && code.substr(0, colon) == "assembly")  // "assembly:constraint:eco_redline"
      return plainLabel(CodeList::Rule, "assembly", language) + ":" + codeLabel(CodeList::Rule, code.substr(colon + 1), language);
    if (colon != std::string_view::npos) {
      const std::string_view head = code.substr(0, colon), tail = code.substr(colon + 1);
      const CodeList part = head == "constraint" ? CodeList::ConstraintType : CodeList::FacilityType;
      return plainLabel(CodeList::Rule, head, language) + ":" + plainLabel(part, tail, language);
    }
  }
  if (list == CodeList::Criterion && code.ends_with("_distance")) {
    const std::string_view type = code.substr(0, code.size() - std::string_view("_distance").size());
    if (findRow(CodeList::FacilityType, type))
      return language == Language::Chinese ? plainLabel(CodeList::FacilityType, type, language) + "距离"
                                           : std::string(type) + " distance";
  }
  return std::string(code);
}

std::optional<std::string> codeFromText(CodeList list, std::string_view text) {
  text = trimmed(text);
  if (text.empty()) return std::nullopt;
  for (const LabelRow& row : rowsOf(list)) {
    if (equalsIgnoringAsciiCase(row.code, text) || row.zh == text || (!row.en.empty() && equalsIgnoringAsciiCase(row.en, text)))
      return std::string(row.code);
    for (std::string_view synonym : row.synonyms)
      if (!synonym.empty() && synonym == text) return std::string(row.code);
  }
  return std::nullopt;
}

std::string codeListText(CodeList list, Language language) {
  std::string text;
  for (const LabelRow& row : rowsOf(list)) {
    text += text.empty() ? "" : ", ";
    text += row.code;
    if (language == Language::Chinese) text += std::string(" (") + std::string(row.zh) + ")";
  }
  return text;
}

std::vector<std::string> parseCodes(CodeList list, std::string_view option, std::string_view text, Language /*language: the error carries both*/) {
  std::vector<std::string> result;
  std::string normalised(text);
  // Chinese commas and the enumeration comma separate items too.
  for (std::string_view separator : {"，", "、"})
    for (std::size_t at = normalised.find(separator); at != std::string::npos; at = normalised.find(separator))
      normalised.replace(at, separator.size(), ",");
  std::size_t start = 0;
  while (start <= normalised.size()) {
    const std::size_t end = std::min(normalised.find(',', start), normalised.size());
    const std::string_view item = trimmed(std::string_view(normalised).substr(start, end - start));
    start = end + 1;
    if (item.empty()) continue;
    const std::optional<std::string> code = codeFromText(list, item);
    if (!code)
      throw Error(ErrorCode::Usage, Message{std::string(option) + "：没有这个值 '" + std::string(item) + "'；可选值：" + codeListText(list, Language::Chinese),
                                            std::string(option) + ": unknown value '" + std::string(item) + "'; expected one of " +
                                                codeListText(list, Language::English)});
    result.push_back(*code);
  }
  if (result.empty())
    throw Error(ErrorCode::Usage, Message{std::string(option) + "：没有给出值；可选值：" + codeListText(list, Language::Chinese),
                                          std::string(option) + ": no value given; expected one of " + codeListText(list, Language::English)});
  return result;
}

std::optional<std::string> landUseFromText(const LandUseTable& table, std::string_view text) {
  text = trimmed(text);
  if (text.empty()) return std::nullopt;
  const std::string given(text);
  // A code or a prefix of codes, as given (digits only: "10", "1001", "100102").
  if (std::all_of(given.begin(), given.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    for (const auto& [code, landUse] : table.classes())
      if (code.starts_with(given)) return given;
    return std::nullopt;
  }
  if (auto national = table.normalise(given)) return national;
  for (const auto& [code, landUse] : table.classes())
    if (landUse.nameZh == given || landUse.nameZh == given + "用地" || equalsIgnoringAsciiCase(landUse.nameEn, given) ||
        equalsIgnoringAsciiCase(landUse.nameEn, given + " land"))
      return code;
  return std::nullopt;
}

std::string landUseLabel(const LandUseTable& table, std::string_view code, Language language) {
  const LandUseClass* landUse = table.find(std::string(code));
  if (!landUse) return std::string(code);
  return language == Language::Chinese ? landUse->nameZh : landUse->nameEn;
}

std::string layerLabel(std::string_view layer, Language language) {
  static constexpr std::pair<std::string_view, std::string_view> kLayerLabels[] = {
      {"parcels", "地块"},      {"parks", "园区"},      {"buildings", "载体"}, {"constraints", "管控区"}, {"facilities", "设施"},
      {"boundaries", "行政边界"}, {"projects", "项目"}, {"roads", "道路"},     {"water", "水系"},        {"places", "地名"}};
  if (language == Language::English) return std::string(layer);
  for (const auto& [name, label] : kLayerLabels)
    if (name == layer) return std::string(label);
  return std::string(layer);
}

std::string fieldLabel(std::string_view field, Language language) {
  if (language == Language::English) return std::string(field);
  for (const auto& [name, label] : kFieldLabels)
    if (name == field) return std::string(label);
  return std::string(field);
}

std::optional<CodeList> codeListOfField(std::string_view layerName, std::string_view field) {
  if (field == "status") return CodeList::ParcelStatus;
  if (field == "effect") return CodeList::ConstraintEffect;
  if (field == "level") return CodeList::BoundaryLevel;
  if (field == "sector" || field == "sectors") return CodeList::Sector;
  if (field == "tier") return CodeList::Tier;
  if (field == "subsector" || field == "subsectors") return CodeList::Subsector;
  if (field == "origin") return CodeList::Origin;
  if (field == "stage") return CodeList::Stage;
  if (field == "building_type") return CodeList::BuildingType;
  if (field == "class") {
    if (layerName == "roads") return CodeList::RoadClass;
    if (layerName == "water") return CodeList::WaterClass;
    if (layerName == "places") return CodeList::PlaceClass;
  }
  if (field == "type") {
    if (layerName == "buildings") return CodeList::BuildingType;
    if (layerName == "facilities") return CodeList::FacilityType;
    if (layerName == "constraints") return CodeList::ConstraintType;
  }
  return std::nullopt;
}

}  // namespace landbank
