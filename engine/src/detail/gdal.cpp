#include "detail/gdal.h"

#include <cpl_http.h>

#include <cstdlib>
#include <mutex>
#include <string>

namespace landbank {

GdalErrorCapture::GdalErrorCapture() {
  ensureGdalRegistered();
  CPLPushErrorHandlerEx(&GdalErrorCapture::handler, this);
}

GdalErrorCapture::~GdalErrorCapture() { CPLPopErrorHandler(); }

void CPL_STDCALL GdalErrorCapture::handler(CPLErr level, CPLErrorNum, const char* message) {
  auto* self = static_cast<GdalErrorCapture*>(CPLGetErrorHandlerUserData());
  if (self && level >= CE_Failure && message) self->m_last = message;
}

std::string GdalErrorCapture::suffix() const { return m_last.empty() ? std::string() : ": " + m_last; }

namespace {

// Every HTTP request GDAL makes through CPLHTTPFetch (a GeoJSON "crs" of type link, GML schemas,
// WFS/WMS/TMS descriptions, importFromUrl) ends here, without a connection.
CPLHTTPResult* refuseHttp(const char* url, CSLConstList, GDALProgressFunc, void*, CPLHTTPFetchWriteFunc, void*, void*) {
  auto* result = static_cast<CPLHTTPResult*>(CPLCalloc(1, sizeof(CPLHTTPResult)));
  result->nStatus = 1;
  result->pszErrBuf = CPLStrdup((std::string("network access is disabled in Landbank: ") + (url ? url : "")).c_str());
  CPLError(CE_Failure, CPLE_AppDefined, "network access is disabled in Landbank: %s", url ? url : "");
  return result;
}

}  // namespace

void disableNetworkAccess() {
  CPLHTTPSetFetchCallback(&refuseHttp, nullptr);
  // /vsicurl/ and the cloud file systems built on it talk to curl directly: with no file extension
  // allowed, they refuse every name before connecting.
  CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".landbank-network-disabled");
  CPLSetConfigOption("GDAL_HTTP_MAX_RETRY", "0");
  CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR");
  // PROJ's CDN grids (PROJ_NETWORK is read when PROJ contexts are created).
  setenv("PROJ_NETWORK", "OFF", 1);
  CPLSetConfigOption("PROJ_NETWORK", "OFF");
}

void ensureGdalRegistered() {
  static std::once_flag once;
  std::call_once(once, [] {
    disableNetworkAccess();
    GDALAllRegister();
    // Our own messages name the file and feature; GDAL's warnings (e.g. about field widths)
    // would only clutter stderr, which scripts read.
    CPLSetErrorHandler(CPLQuietErrorHandler);
  });
}

}  // namespace landbank
