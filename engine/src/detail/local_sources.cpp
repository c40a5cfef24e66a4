#include "detail/local_sources.h"

#include "landbank/error.h"

namespace landbank {

namespace {

// Local vector formats only. Not VRT (its sources may be URLs or other files), WFS/OAPIF/WMS/TMS
// descriptions or GML (it fetches schemas). LIBKML reads the ExtendedData our KML fields live in;
// a NetworkLink it follows meets the disabled network.
const char* const kVectorImportDrivers[] = {"GPKG",       "ESRI Shapefile", "GeoJSON", "GeoJSONSeq", "TopoJSON",     "ESRIJSON",
                                            "LIBKML",     "KML",            "CSV",     "XLSX",       "ODS",          "DXF",
                                            "FlatGeobuf", "OpenFileGDB",    "GPX",     "SQLite",     "MapInfo File", nullptr};

// Local raster formats a basemap comes in (georeferenced, 8-bit): GeoTIFF and COG, images with a
// world file, GeoPackage and MBTiles tile stores, JPEG 2000. Not VRT (its sources may be URLs),
// WMS/WMTS/TMS descriptions or the cloud and HTTP drivers.
const char* const kBasemapDrivers[] = {"GTiff", "PNG", "JPEG", "GPKG", "MBTiles", "JP2OpenJPEG", "BMP", "GIF", nullptr};

}  // namespace

const char* const* allowedDrivers(LocalSourceUse use) {
  return use == LocalSourceUse::VectorImport ? kVectorImportDrivers : kBasemapDrivers;
}

void refuseRemotePath(const std::string& path, LocalSourceUse use) {
  if (path.rfind("/vsi", 0) == 0 || path.find("://") != std::string::npos)
    throw Error(ErrorCode::Io,
                Message{std::string(use == LocalSourceUse::VectorImport ? "导入" : "底图") + "只读取本地文件，不读网址或 GDAL 虚拟文件系统；请先下载或解压",
                        std::string(use == LocalSourceUse::VectorImport ? "import" : "a basemap") +
                            " reads local files only, not URLs or GDAL virtual file systems; download or unpack it first"},
                {.file = path});
}

GdalDatasetPtr openLocalSource(const std::string& path, LocalSourceUse use, const GdalErrorCapture&, CSLConstList openOptions) {
  refuseRemotePath(path, use);
  ensureGdalRegistered();
  const unsigned kind = use == LocalSourceUse::VectorImport ? GDAL_OF_VECTOR : GDAL_OF_RASTER;
  GDALDatasetH dataset = GDALOpenEx(path.c_str(), kind | GDAL_OF_READONLY, allowedDrivers(use), openOptions, nullptr);
  return GdalDatasetPtr(dataset ? GDALDataset::FromHandle(dataset) : nullptr);
}

}  // namespace landbank
