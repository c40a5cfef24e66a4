#pragma once
// The viewer's command line: landbank-viewer [--db FILE] [--lang zh_CN|en] [--extent X1,Y1,X2,Y2]
// [--project ID] [--search TEXT] [--basemap FILE] [--screenshot FILE.png --size WxH].

#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

#include "landbank/geo.h"

namespace landbank::viewer {

struct ViewerOptions {
  QString database;  ///< empty: $LANDBANK_DB, else landbank.sqlite when it exists
  QString language = QStringLiteral("zh_CN");
  std::optional<ProjectedBox> extent;  ///< database CRS metres
  QString project;
  QString basemap;  ///< --basemap FILE: a raster GDAL opens, drawn beneath the layers
  QString search;  ///< --search TEXT: find, zoom to, highlight and identify a feature (as the search box)
  QString screenshot;
  QSize size{1600, 1000};
};

/// Parses the arguments (argv[0] first). Throws landbank::Error(Usage) with a one-line message.
ViewerOptions parseViewerOptions(const QStringList& arguments);

/// The whole program: parse, open, show (or take the screenshot and quit). Returns the exit code.
int runViewer(int argc, char** argv);

}  // namespace landbank::viewer
