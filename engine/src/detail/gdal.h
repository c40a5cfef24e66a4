#pragma once
// RAII for GDAL datasets, and capture of GDAL's error messages so that they end up in our
// one-line errors instead of on stderr.

#include <cpl_error.h>
#include <gdal_priv.h>

#include <memory>
#include <string>

namespace landbank {

struct GdalDatasetCloser {
  void operator()(GDALDataset* dataset) const { GDALClose(GDALDataset::ToHandle(dataset)); }
};
using GdalDatasetPtr = std::unique_ptr<GDALDataset, GdalDatasetCloser>;

/// While alive, GDAL errors and warnings on this thread are collected instead of printed.
class GdalErrorCapture {
 public:
  GdalErrorCapture();
  ~GdalErrorCapture();
  GdalErrorCapture(const GdalErrorCapture&) = delete;
  GdalErrorCapture& operator=(const GdalErrorCapture&) = delete;
  /// ": <last message>" or "" when GDAL said nothing.
  std::string suffix() const;
  const std::string& lastMessage() const { return m_last; }

 private:
  static void CPL_STDCALL handler(CPLErr level, CPLErrorNum number, const char* message);
  std::string m_last;
};

/// Turns GDAL's and PROJ's network access off for the whole process: CPLHTTPFetch answers with an
/// error, /vsicurl/ and its kin refuse every name, PROJ does not fetch grids. Landbank reads local
/// files only; a source that points elsewhere must not make a connection. Called by ensureGdalRegistered.
void disableNetworkAccess();

/// Registers GDAL drivers once per process (network access off first).
void ensureGdalRegistered();

}  // namespace landbank
