#include "render/basemap.h"

#include <gdal_utils.h>
#include <ogr_spatialref.h>

#include <array>
#include <vector>

#include "detail/gdal.h"
#include "detail/local_sources.h"
#include "landbank/error.h"
#include "landbank/texts.h"

namespace landbank::render {

namespace {

struct WarpOptionsDeleter {
  void operator()(GDALWarpAppOptions* options) const { GDALWarpAppOptionsFree(options); }
};

/// Colour bands of a dataset and whether its last band is alpha.
struct BandLayout {
  int colourBands = 0;
  bool alpha = false;
};

BandLayout bandLayout(GDALDataset& dataset) {
  const int count = dataset.GetRasterCount();
  BandLayout layout;
  layout.alpha = count > 1 && dataset.GetRasterBand(count)->GetColorInterpretation() == GCI_AlphaBand;
  layout.colourBands = count - (layout.alpha ? 1 : 0);
  return layout;
}

GdalDatasetPtr openRaster(const std::filesystem::path& path, GdalErrorCapture& capture) {
  // Local rasters only, through the engine's allow-list for basemaps (URLs, /vsicurl/, VRT and
  // WMS/TMS descriptions refused): the same rule as imports.
  GdalDatasetPtr dataset = openLocalSource(path.string(), LocalSourceUse::Basemap, capture);
  if (!dataset)
    throw Error(ErrorCode::Io, Message{"无法把底图当作栅格打开" + capture.suffix(), "cannot open the basemap as a raster" + capture.suffix()}, {.file = path.string()});
  return dataset;
}

}  // namespace

std::shared_ptr<const Basemap> Basemap::open(const std::filesystem::path& path, const std::string& targetCrs) {
  GdalErrorCapture capture;
  GdalDatasetPtr dataset = openRaster(path, capture);
  auto fail = [&](const Message& why) { throw Error(ErrorCode::Io, Message{"无法使用这个底图：" + why.zh, "cannot use the basemap: " + why.en}, {.file = path.string()}); };
  if (dataset->GetRasterCount() == 0) fail(Message{"没有栅格波段", "it has no raster bands"});
  if (!dataset->GetSpatialRef() && dataset->GetGCPCount() == 0) fail(Message{"没有坐标参考系（CRS）", "it has no coordinate reference system"});
  std::array<double, 6> transform{};
  if (dataset->GetGCPCount() == 0 && dataset->GetGeoTransform(transform.data()) != CE_None) fail(Message{"没有地理配准信息", "it has no georeference"});
  const BandLayout layout = bandLayout(*dataset);
  if (layout.colourBands != 1 && layout.colourBands != 3) fail(bilingual("有 {0} 个波段（应为 1 到 4 个）", "it has {0} bands (1 to 4 expected)", dataset->GetRasterCount()));
  for (int b = 1; b <= dataset->GetRasterCount(); ++b)
    if (dataset->GetRasterBand(b)->GetRasterDataType() != GDT_Byte) fail(bilingual("第 {0} 波段不是 8 位", "band {0} is not 8-bit", b));

  OGRSpatialReference target;
  if (target.SetFromUserInput(targetCrs.c_str()) != OGRERR_NONE) fail(Message{"未知的地图坐标系 " + targetCrs, "unknown map CRS " + targetCrs});
  char* wkt = nullptr;
  target.exportToWkt(&wkt);
  auto basemap = std::shared_ptr<Basemap>(new Basemap());
  basemap->m_path = path;
  basemap->m_targetWkt = wkt ? wkt : "";
  CPLFree(wkt);
  return basemap;
}

QString Basemap::title() const { return QString::fromStdString(m_path.filename().string()); }

QImage Basemap::render(const ProjectedBox& extent, QSize size) const {
  {
    std::lock_guard lock(m_cacheMutex);
    if (!m_cached.isNull() && m_cached.size() == size && m_cachedExtent.minEasting == extent.minEasting &&
        m_cachedExtent.minNorthing == extent.minNorthing && m_cachedExtent.maxEasting == extent.maxEasting &&
        m_cachedExtent.maxNorthing == extent.maxNorthing)
      return m_cached;
  }
  QImage image(size, QImage::Format_ARGB32_Premultiplied);
  image.fill(Qt::transparent);
  // A map never stops drawing because of its basemap: a failure (the file moved, a corrupt tile)
  // leaves the raster out of this frame.
  try {
    GdalErrorCapture capture;
    GdalDatasetPtr source = openRaster(m_path, capture);
    const BandLayout layout = bandLayout(*source);
    // A single band is grey, or indexes the source's colour table (a palette GeoTIFF): indexes
    // must not be interpolated.
    const GDALColorTable* palette = layout.colourBands == 1 ? source->GetRasterBand(1)->GetColorTable() : nullptr;
    const std::vector<std::string> args{"-of", "MEM", "-t_srs", m_targetWkt, "-te", std::to_string(extent.minEasting),
                                        std::to_string(extent.minNorthing), std::to_string(extent.maxEasting), std::to_string(extent.maxNorthing),
                                        "-ts", std::to_string(size.width()), std::to_string(size.height()), "-r", palette ? "near" : "bilinear", "-dstalpha"};
    std::vector<char*> argv;
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    std::unique_ptr<GDALWarpAppOptions, WarpOptionsDeleter> options(GDALWarpAppOptionsNew(argv.data(), nullptr));
    GDALDatasetH sources[] = {GDALDataset::ToHandle(source.get())};
    int usageError = 0;
    GdalDatasetPtr warped(GDALDataset::FromHandle(GDALWarp("", nullptr, 1, sources, options.get(), &usageError)));
    if (!warped || warped->GetRasterCount() != layout.colourBands + 1) return image;

    const int width = size.width(), height = size.height();
    std::vector<std::vector<GByte>> bands(static_cast<std::size_t>(warped->GetRasterCount()), std::vector<GByte>(std::size_t(width) * height));
    for (int b = 0; b < warped->GetRasterCount(); ++b)
      if (warped->GetRasterBand(b + 1)->RasterIO(GF_Read, 0, 0, width, height, bands[std::size_t(b)].data(), width, height, GDT_Byte, 0, 0) != CE_None)
        return image;
    const std::vector<GByte>& alpha = bands.back();
    for (int y = 0; y < height; ++y) {
      QRgb* line = reinterpret_cast<QRgb*>(image.scanLine(y));
      for (int x = 0; x < width; ++x) {
        const std::size_t i = std::size_t(y) * width + x;
        int r, g, b;
        if (layout.colourBands == 3) r = bands[0][i], g = bands[1][i], b = bands[2][i];
        else if (palette && palette->GetColorEntry(bands[0][i])) {
          const GDALColorEntry* entry = palette->GetColorEntry(bands[0][i]);
          r = entry->c1, g = entry->c2, b = entry->c3;
        } else r = g = b = bands[0][i];
        line[x] = qPremultiply(qRgba(r, g, b, alpha[i]));
      }
    }
  } catch (const Error&) {
    return image;
  }
  std::lock_guard lock(m_cacheMutex);
  m_cached = image;
  m_cachedExtent = extent;
  return image;
}

}  // namespace landbank::render
