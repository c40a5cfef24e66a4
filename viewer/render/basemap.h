#pragma once
// An optional raster basemap: any raster GDAL opens (a GeoTIFF, an MBTiles or GeoPackage tile set,
// an orthophoto the user owns), warped to the database CRS for the window being drawn. Nothing is
// fetched from the network. Drawn beneath the vector layers by renderMap.

#include <QImage>
#include <QString>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "landbank/geo.h"

namespace landbank::render {

class Basemap {
 public:
  /// Opens `path` once to check it: a raster with a georeference and 1 (grey or palette), 2 (grey +
  /// alpha), 3 (RGB) or 4 (RGBA) 8-bit bands. `targetCrs` is the database CRS ("EPSG:4549").
  /// Throws landbank::Error(Io) naming the file with GDAL's reason when it cannot be used.
  static std::shared_ptr<const Basemap> open(const std::filesystem::path& path, const std::string& targetCrs);

  const std::filesystem::path& path() const { return m_path; }
  /// The file name, for the layers panel.
  QString title() const;

  /// The raster warped (bilinear, overviews used when zoomed out) to `extent` (database CRS metres)
  /// at `size` pixels, transparent where it has no data. Thread-safe: each call opens its own GDAL
  /// handle (datasets are not shareable between threads); the last image is kept for a repeat.
  QImage render(const ProjectedBox& extent, QSize size) const;

 private:
  Basemap() = default;
  std::filesystem::path m_path;
  std::string m_targetWkt;
  mutable std::mutex m_cacheMutex;
  mutable ProjectedBox m_cachedExtent{0, 0, 0, 0};
  mutable QImage m_cached;
};

}  // namespace landbank::render
