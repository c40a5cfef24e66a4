// landbank parcels|parks|buildings|constraints|facilities|boundaries|projects [--format] [--limit]:
// the plain listings. Filters are added per layer by the query commands.
#include <CLI/CLI.hpp>

#include <ostream>

#include "cli.h"
#include "landbank/features.h"
#include "landbank/store.h"
#include "output.h"

namespace landbank::cli {

namespace {

// Default table columns per layer: what a planner scans first.
std::vector<std::string> tableColumns(Layer layer) {
  switch (layer) {
    case Layer::Parcels: return {"id", "name", "land_use", "status", "subdistrict", "area_m2", "area_mu", "price_wan_per_mu"};
    case Layer::Parks: return {"id", "name", "sectors", "subdistrict", "operator"};
    case Layer::Buildings: return {"id", "name", "park_id", "type", "vacant_floor_m2", "clear_height_m", "rent_yuan_m2_month"};
    case Layer::Constraints: return {"id", "type", "effect", "value", "name", "area_mu"};
    case Layer::Facilities: return {"id", "type", "name", "sector", "tier"};
    case Layer::Boundaries: return {"id", "name", "level", "area_mu"};
    case Layer::Projects: return {"id", "name", "sector", "tier", "stage", "investment_wan", "land_min_m2", "land_max_m2"};
  }
  return {"id"};
}

class ListCommand : public Command {
 public:
  explicit ListCommand(Layer layer) : m_layer(layer) {}

  void setup(CLI::App& app) override {
    app.add_option("--format", m_format, "table (default on a terminal), json");
    app.add_option("--limit", m_limit, "At most N features");
  }

  int run(Context& context) override {
    const Store store = Store::open(context.databasePath, StoreAccess::ReadOnly);
    ReadOptions read;
    if (m_limit >= 0) read.limit = m_limit;
    read.withGeometry = false;
    const std::vector<FeatureRecord> records = readFeatures(store, m_layer, read);
    const ProjectedToLonLat toLonLat(store.databaseCrs());
    switch (resolveOutputFormat(m_format, context.outIsTerminal)) {
      case OutputFormat::Table: {
        const std::vector<std::string> columns = tableColumns(m_layer);
        std::vector<std::vector<std::string>> rows;
        for (const FeatureRecord& record : records) {
          std::vector<std::string> row;
          for (const std::string& column : columns)
            row.push_back(column == "id" ? record.id
                                         : cellText(record.properties.value(column, nlohmann::json(nullptr)),
                                                    column == "area_mu" ? 1 : (column == "area_m2" ? 0 : 1)));
          rows.push_back(std::move(row));
        }
        printTable(context.out, columns, rows);
        context.out << records.size() << " " << layerName(m_layer) << "\n";
        break;
      }
      default: {
        nlohmann::json array = nlohmann::json::array();
        for (const FeatureRecord& record : records) array.push_back(featureJson(record, toLonLat));
        context.out << array.dump(2) << "\n";
      }
    }
    return 0;
  }

 private:
  Layer m_layer;
  std::string m_format;
  std::int64_t m_limit = -1;
};

}  // namespace

std::unique_ptr<Command> makeParcelsCommand() { return std::make_unique<ListCommand>(Layer::Parcels); }
std::unique_ptr<Command> makeParksCommand() { return std::make_unique<ListCommand>(Layer::Parks); }
std::unique_ptr<Command> makeBuildingsCommand() { return std::make_unique<ListCommand>(Layer::Buildings); }
std::unique_ptr<Command> makeConstraintsCommand() { return std::make_unique<ListCommand>(Layer::Constraints); }
std::unique_ptr<Command> makeFacilitiesCommand() { return std::make_unique<ListCommand>(Layer::Facilities); }
std::unique_ptr<Command> makeBoundariesCommand() { return std::make_unique<ListCommand>(Layer::Boundaries); }
std::unique_ptr<Command> makeProjectsCommand() { return std::make_unique<ListCommand>(Layer::Projects); }

}  // namespace landbank::cli
