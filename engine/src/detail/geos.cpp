#include "detail/geos.h"

#include <cstdarg>
#include <cstdio>

#include "landbank/error.h"

namespace landbank {

namespace {

thread_local std::string t_lastMessage;

void captureMessage(const char* format, ...) {
  char buffer[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  t_lastMessage = buffer;
}

// One context per thread, as the GEOS C API's re-entrant functions require.
struct ThreadContext {
  GEOSContextHandle_t handle;
  ThreadContext() : handle(GEOS_init_r()) {
    GEOSContext_setNoticeHandler_r(handle, captureMessage);
    GEOSContext_setErrorHandler_r(handle, captureMessage);
  }
  ~ThreadContext() { GEOS_finish_r(handle); }
};

}  // namespace

GEOSContextHandle_t geosContext() {
  thread_local ThreadContext context;
  return context.handle;
}

std::string lastGeosMessage() { return t_lastMessage; }

GeosGeometryPtr takeGeometry(GEOSGeometry* geometry, const char* operation) {
  if (!geometry) throw Error(ErrorCode::InvalidGeometry, Message{std::string("GEOS 的 ") + operation + " 运算失败：" + t_lastMessage, std::string("GEOS ") + operation + " failed: " + t_lastMessage});
  return GeosGeometryPtr(geometry);
}

GeosGeometryPtr geometryFromWkb(const unsigned char* wkb, std::size_t size) {
  GEOSContextHandle_t context = geosContext();
  GEOSWKBReader* reader = GEOSWKBReader_create_r(context);
  GEOSGeometry* geometry = GEOSWKBReader_read_r(context, reader, wkb, size);
  GEOSWKBReader_destroy_r(context, reader);
  return takeGeometry(geometry, "WKB read");
}

GeosGeometryPtr geometryFromWkt(const std::string& wkt) {
  GEOSContextHandle_t context = geosContext();
  GEOSWKTReader* reader = GEOSWKTReader_create_r(context);
  GEOSGeometry* geometry = GEOSWKTReader_read_r(context, reader, wkt.c_str());
  GEOSWKTReader_destroy_r(context, reader);
  return takeGeometry(geometry, "WKT read");
}

std::vector<unsigned char> geometryToWkb(const GEOSGeometry* geometry) {
  GEOSContextHandle_t context = geosContext();
  GEOSWKBWriter* writer = GEOSWKBWriter_create_r(context);
  GEOSWKBWriter_setOutputDimension_r(context, writer, 2);
  std::size_t size = 0;
  unsigned char* data = GEOSWKBWriter_write_r(context, writer, geometry, &size);
  GEOSWKBWriter_destroy_r(context, writer);
  if (!data) throw Error(ErrorCode::InvalidGeometry, Message{"GEOS 写出 WKB 失败：" + t_lastMessage, "GEOS WKB write failed: " + t_lastMessage});
  std::vector<unsigned char> bytes(data, data + size);
  GEOSFree_r(context, data);
  return bytes;
}

std::string geometryToWkt(const GEOSGeometry* geometry, int decimals) {
  GEOSContextHandle_t context = geosContext();
  GEOSWKTWriter* writer = GEOSWKTWriter_create_r(context);
  GEOSWKTWriter_setRoundingPrecision_r(context, writer, decimals);
  GEOSWKTWriter_setTrim_r(context, writer, 1);
  char* text = GEOSWKTWriter_write_r(context, writer, geometry);
  GEOSWKTWriter_destroy_r(context, writer);
  if (!text) return {};
  std::string wkt(text);
  GEOSFree_r(context, text);
  return wkt;
}

GeosGeometryPtr cloneGeometry(const GEOSGeometry* geometry) {
  return takeGeometry(GEOSGeom_clone_r(geosContext(), geometry), "clone");
}

GeosPreparedPtr prepareGeometry(const GEOSGeometry* geometry) {
  const GEOSPreparedGeometry* prepared = GEOSPrepare_r(geosContext(), geometry);
  if (!prepared) throw Error(ErrorCode::InvalidGeometry, Message{"GEOS 预处理几何失败：" + t_lastMessage, "GEOS prepare failed: " + t_lastMessage});
  return GeosPreparedPtr(prepared);
}

double geometryArea(const GEOSGeometry* geometry) {
  double area = 0;
  if (!GEOSArea_r(geosContext(), geometry, &area)) throw Error(ErrorCode::InvalidGeometry, Message{"GEOS 计算面积失败：" + t_lastMessage, "GEOS area failed: " + t_lastMessage});
  return area;
}

double geometryDistance(const GEOSGeometry* a, const GEOSGeometry* b) {
  double distance = 0;
  if (!GEOSDistance_r(geosContext(), a, b, &distance))
    throw Error(ErrorCode::InvalidGeometry, Message{"GEOS 计算距离失败：" + t_lastMessage, "GEOS distance failed: " + t_lastMessage});
  return distance;
}

double intersectionArea(const GEOSGeometry* a, const GEOSGeometry* b) {
  GEOSContextHandle_t context = geosContext();
  if (GEOSIntersects_r(context, a, b) != 1) return 0.0;
  GeosGeometryPtr overlap = takeGeometry(GEOSIntersection_r(context, a, b), "intersection");
  return geometryArea(overlap.get());
}

bool geometryCentroid(const GEOSGeometry* geometry, double& x, double& y) {
  GEOSContextHandle_t context = geosContext();
  if (GEOSisEmpty_r(context, geometry)) return false;
  GeosGeometryPtr centroid = takeGeometry(GEOSGetCentroid_r(context, geometry), "centroid");
  return GEOSGeomGetX_r(context, centroid.get(), &x) && GEOSGeomGetY_r(context, centroid.get(), &y);
}

bool geometryEnvelope(const GEOSGeometry* geometry, double& minX, double& minY, double& maxX, double& maxY) {
  GEOSContextHandle_t context = geosContext();
  if (GEOSisEmpty_r(context, geometry)) return false;
  return GEOSGeom_getXMin_r(context, geometry, &minX) && GEOSGeom_getYMin_r(context, geometry, &minY) &&
         GEOSGeom_getXMax_r(context, geometry, &maxX) && GEOSGeom_getYMax_r(context, geometry, &maxY);
}

}  // namespace landbank
