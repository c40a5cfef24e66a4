#pragma once
// What GDAL may open for Landbank: local files only, each use through its own allow-list of drivers.
// Network access is off for the whole process (gdal.h); these lists keep out the drivers and
// virtual file systems that would reach for other files or hosts (VRT, WMS/WMTS/TMS descriptions,
// WFS, GML schemas, /vsicurl/ and kin) before GDAL even parses them. The importer and the viewer's
// basemap both open through here, so there is one list per use and one place to review them.

#include <cpl_string.h>

#include <string>

#include "detail/gdal.h"

namespace landbank {

enum class LocalSourceUse {
  VectorImport,  ///< `landbank import`: local vector formats
  Basemap,       ///< the viewer's --basemap and the map exports' rasters: local raster formats
};

/// The GDAL driver names allowed for `use` (a nullptr-terminated list, as GDALOpenEx takes it).
const char* const* allowedDrivers(LocalSourceUse use);

/// Throws Error(Io) naming `path` when it is a URL or a GDAL virtual file system path ("/vsi...",
/// "scheme://"), before GDAL sees it.
void refuseRemotePath(const std::string& path, LocalSourceUse use);

/// Opens `path` read-only with the drivers allowed for `use` (after refuseRemotePath). Returns null
/// when no allowed driver reads it; GDAL's message is left in `capture`.
GdalDatasetPtr openLocalSource(const std::string& path, LocalSourceUse use, const GdalErrorCapture& capture,
                               CSLConstList openOptions = nullptr);

}  // namespace landbank
