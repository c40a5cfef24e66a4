// landbank init [--crs EPSG:NNNN] [--sample]
#include <CLI/CLI.hpp>

#include <optional>
#include <ostream>

#include "cli.h"
#include "landbank/texts.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/importer.h"
#include "landbank/sample.h"
#include "landbank/store.h"

namespace landbank::cli {

namespace {

class InitCommand : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--crs", m_crs, helpText("数据库坐标系，以米为单位的投影坐标系（默认 EPSG:4549，CGCS2000 高斯-克吕格 中央经线 120°E）", "Database CRS, projected in metres (default EPSG:4549, CGCS2000 GK CM 120E)"));
    app.add_flag("--sample", m_sample, helpText("载入自带的城阳区样例数据（真实区界，模拟的用地与载体）", "Load the bundled Chengyang sample (real outline, synthetic inventory)"));
    app.add_option("--seed", m_seed, helpText("样例生成器的随机种子（默认 20261127）", "Seed of the sample generator (default 20261127)"));
    app.add_option("--sample-parcels", m_parcels, helpText("样例地块数量（默认 1600；性能测试用更多）", "Number of sample parcels (default 1600; benchmarks use more)"));
  }

  int run(Context& context) override {
    const std::string crs = checkedCrsOption("--crs", m_crs);  // before any file is touched
    std::optional<Store> store = Store::create(context.databasePath, StoreCreateOptions{.crs = crs, .user = context.user});
    context.out << say(context.language, "已创建 {}（{}，数据库结构版本 {}）\n", "created {} ({}, schema {})\n", context.databasePath.string(),
                       store->databaseCrs(), store->schemaVersion());
    if (!m_sample) return 0;
    if (!context.user.empty()) store->setUser(context.user);
    SampleOptions options;
    options.seed = m_seed;
    options.parcelCount = m_parcels;
    try {
      const SampleLoadResult loaded = loadSample(*store, options, context.feedback);
      for (std::size_t i = 0; i < loaded.imports.size(); ++i) {
        ImportOptions described;
        described.layer = sampleImportOrder()[i];
        described.sourcePath = "chengyang-sample.gpkg";
        context.out << describeImport(described, loaded.imports[i], context.language) << "\n";
      }
    } catch (...) {
      // `init --sample` is one operation: a failed sample leaves no half-filled database behind.
      store.reset();
      std::error_code ignored;
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(context.databasePath.string() + suffix, ignored);
      throw;
    }
    return 0;
  }

 private:
  std::string m_crs = "EPSG:4549";
  bool m_sample = false;
  std::uint64_t m_seed = SampleOptions{}.seed;
  std::int64_t m_parcels = SampleOptions{}.parcelCount;
};

}  // namespace

std::unique_ptr<Command> makeInitCommand() { return std::make_unique<InitCommand>(); }

}  // namespace landbank::cli
