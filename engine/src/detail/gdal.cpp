#include "detail/gdal.h"

#include <mutex>

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

void ensureGdalRegistered() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // Our own messages name the file and feature; GDAL's warnings (e.g. about field widths)
    // would only clutter stderr, which scripts read.
    CPLSetErrorHandler(CPLQuietErrorHandler);
  });
}

}  // namespace landbank
