// The one list of commands (cli.h): what the full executable `landbank-all` runs and `--help` lists.
// The light `landbank` never references it, so its link pulls in only the commands of
// lightCommandRegistry() (light_cli.cpp).
#include "cli.h"

namespace landbank::cli {

const std::vector<CommandEntry>& commandRegistry() {
  static const std::vector<CommandEntry> registry{
      {"init", "创建数据库（可选载入自带的城阳区样例）", "Create a database (optionally with the bundled Chengyang sample)", makeInitCommand},
      {"import", "从 GDAL 能读的任何矢量文件导入一个图层，全部成功或全部不写入", "Import a layer from any vector file GDAL reads, all or nothing", makeImportCommand},
      {"info", "显示每个图层：要素数、范围、来源、现势日期、坐标系", "Show every layer: count, extent, source, as-of date, CRS", makeInfoCommand},
      {"parcels", "列出地块（闲置和储备用地）", "List parcels (idle and reserved land)", makeParcelsCommand},
      {"parks", "列出产业园区", "List industrial parks", makeParksCommand},
      {"buildings", "列出载体（厂房、写字楼、孵化器）", "List carrier buildings (factories, offices, incubators)", makeBuildingsCommand},
      {"constraints", "列出规划管控区", "List zoning constraints", makeConstraintsCommand},
      {"facilities", "列出设施（高速出入口、港口、高校、企业等）", "List facilities (highway exits, ports, universities, enterprises...)", makeFacilitiesCommand},
      {"boundaries", "列出区和街道边界", "List district and subdistrict boundaries", makeBoundariesCommand},
      {"projects", "列出招商项目", "List incoming investment projects", makeProjectsCommand},
      {"roads", "列出道路（底图要素：高速、干道、主干路、次干路、支路）", "List roads (map context: expressway, trunk, main, secondary, local)", makeRoadsCommand},
      {"water", "列出水系（底图要素：河流、水库、海域）", "List water (map context: rivers, reservoirs, sea)", makeWaterCommand},
      {"places", "列出地名（底图要素：村庄社区、地标、政府驻地）", "List places (map context: villages, landmarks, government seats)", makePlacesCommand},
      matchCommandEntry(),
      {"evaluate", "项目准入评价：五个维度评分并定级", "Admission evaluation of a project on five dimensions with a grade", makeEvaluateCommand},
      {"allocate", "在相互竞争的项目之间分配选址，重大项目优先：给出最优方案及各项目的让步", "Allocate sites across competing projects, major projects first: an optimal plan with regret", makeAllocateCommand},
      {"rules", "显示或检查规则包", "Show or check the rule pack", makeRulesCommand},
      {"parcel", "单个地块一览：parcel show 编号", "One parcel on one page: parcel show ID", makeParcelShowCommand},
      {"building", "单个载体一览：building show 编号", "One building on one page: building show ID", makeBuildingShowCommand},
      {"park", "单个园区一览：park show 编号", "One park on one page: park show ID", makeParkShowCommand},
      {"project", "人工录入的项目：project add|edit|show|list", "Projects entered by people: project add|edit|show|list", makeProjectCommand},
      {"ledger", "项目台账：阶段推进、问题、走访、承诺、实绩、预留、评级", "The project ledger: stage moves, problems, visits, commitments, results, reservations, grades", makeLedgerCommand},
      {"report", "月度例会统计：report --period 2026[-11] [--by ...]", "Statistics for the monthly meeting: report --period 2026[-11] [--by ...]", makeReportCommand},
      {"audit", "哈希链审计记录：audit verify | audit list", "The hash-chained audit trail: audit verify | audit list", makeAuditCommand},
      {"export", "将地块或图层导出为 KML、GPX、GeoJSON、GeoPackage、Shapefile、CSV 或 DXF（附踏勘顺序）", "Export parcels or a layer to KML, GPX, GeoJSON, GeoPackage, Shapefile, CSV or DXF (with a visit order)", makeExportCommand},
      {"coord", "在坐标系之间转换一个点（EPSG 代码，手机地图用 gcj02）；无需数据库", "Convert one point between CRSs (EPSG codes, gcj02 for phone maps); no database needed", makeCoordCommand},
  };
  return registry;
}

}  // namespace landbank::cli
