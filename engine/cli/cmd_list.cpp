// landbank boundaries|projects [--format] [--limit]: the plain listings. The layers with filters
// (parcels, parks, buildings, constraints, facilities) are query commands (cmd_query.cpp).
#include <CLI/CLI.hpp>

#include <ostream>

#include "cli.h"
#include "landbank/features.h"
#include "landbank/store.h"
#include "output.h"

namespace landbank::cli {

namespace {

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
        const std::vector<std::string> columns = defaultTableColumns(m_layer);
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

std::unique_ptr<Command> makeBoundariesCommand() { return std::make_unique<ListCommand>(Layer::Boundaries); }
std::unique_ptr<Command> makeProjectsCommand() { return std::make_unique<ListCommand>(Layer::Projects); }

}  // namespace landbank::cli
