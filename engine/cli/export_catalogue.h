#pragma once
// `landbank export catalogue` (see export_catalogue.cpp); called by the export command.

#include <filesystem>
#include <string>

#include "cli.h"
#include "map_export_loader.h"

namespace landbank::cli {

struct CatalogueRequest {
  std::filesystem::path output;
  bool force = false;
  std::string subdistrict;  ///< --subdistrict as typed (empty: the whole district)
};

int runCatalogueExport(Context& context, const CatalogueRequest& catalogue, MapExportFunction render);

}  // namespace landbank::cli
