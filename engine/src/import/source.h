#pragma once
// Opening an import source: local files only through an allow-list of GDAL drivers, the text
// encoding it declares (--encoding, .cpg, DBF code-page byte), the layer to read and its CRS (given,
// declared, or detected for lon/lat), checked against the coordinates (place_checks.h).

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <optional>
#include <string>

#include "detail/gdal.h"
#include "landbank/feedback.h"
#include "landbank/importer.h"

namespace landbank::importing {

std::string lowerCase(std::string text);

/// GDAL reader settings for the whole import (thread-local configuration options): DXF arcs in
/// 1-degree chords, spreadsheets with a header row read as text.
class ScopedReaderConfig {
 public:
  ScopedReaderConfig();
  ~ScopedReaderConfig();
  ScopedReaderConfig(const ScopedReaderConfig&) = delete;
  ScopedReaderConfig& operator=(const ScopedReaderConfig&) = delete;
};

/// How the source's text is to be decoded (see chooseEncoding).
struct SourceEncoding {
  std::optional<std::string> declared;  ///< as given; TextDecoder maps it to iconv's name
  Message label;                        ///< "936 (.cpg)", "CP936 (code page byte)"; empty: the decoder's own
};

/// --encoding, else a shapefile's .cpg, else its DBF code-page byte, else nothing (detection).
SourceEncoding chooseEncoding(const ImportOptions& options);

/// Default x/y column names of a CSV of points (GDAL's X/Y_POSSIBLE_NAMES).
extern const char* const kDefaultXNames;
extern const char* const kDefaultYNames;

/// Opens a local file with the import's driver allow-list; throws Error(Io) in our words.
GdalDatasetPtr openSource(const ImportOptions& options);

/// --src-layer, the only layer, or the layer named like the target.
OGRLayer* chooseSourceLayer(GDALDataset& dataset, const ImportOptions& options);

struct SourceCrs {
  OGRSpatialReference reference;  ///< traditional GIS axis order
  std::string name;               ///< for provenance and messages
};

/// The CRS of the source (given, declared or detected as lon/lat), checked for plausibility unless
/// --force-crs; std::nullopt for a table without geometry. Throws Error(Crs) with a hint.
std::optional<SourceCrs> resolveSourceCrs(OGRLayer& layer, const ImportOptions& options, Feedback& feedback);

/// "Beijing 1954", "Xi'an 1980", "New Beijing" or empty.
std::string legacyChineseDatum(const OGRSpatialReference& reference);

/// CSV and spreadsheets are read as text (see openSource); their extra attributes get typed later.
bool sourceHasOnlyText(GDALDataset& dataset);

}  // namespace landbank::importing
