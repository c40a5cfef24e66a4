#pragma once
// `landbank export packet` (see export_packet.cpp); called by the export command.

#include <filesystem>
#include <optional>
#include <string>

#include "cli.h"
#include "landbank/export_selection.h"
#include "landbank/geo.h"

namespace landbank::cli {

struct PacketRequest {
  ExportSelection selection;      ///< --project [--top] or --parcels
  std::filesystem::path output;
  bool force = false;
  std::string paper = "A4";       ///< A4 or A3
  bool landscape = false;
  std::optional<LonLat> start;    ///< --start; default the district seat
};

/// The packet renderer's C entry point (liblandbank_map_export.so).
using PacketRenderFunction = int (*)(const char*, char*, std::size_t);

int runPacketExport(Context& context, const PacketRequest& packet, PacketRenderFunction render);

// Shared by the packet and the catalogue (export_catalogue.cpp):
/// A box around `box` with `margin` metres each side, widened to `aspect` (width / height).
ProjectedBox framed(ProjectedBox box, double margin, double aspect);

}  // namespace landbank::cli
