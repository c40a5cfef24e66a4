#pragma once
// The viewer's command line: landbank-viewer [--db FILE] [--lang zh_CN|en] [--extent X1,Y1,X2,Y2 [--crs CRS]]
// [--project ID] [--search TEXT] [--plan] [--basemap FILE] [--user NAME] [--today DATE]
// [--projects-by stage|grade] [--screenshot FILE.png --size WxH].

#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>
#include <string>

#include "landbank/geo.h"

namespace landbank::viewer {

/// --extent as given: X1,Y1,X2,Y2 in `crs` (lon,lat in EPSG:4326 unless --crs names another, as the
/// command line's --bbox), turned into database CRS metres once the database is open.
struct ExtentOption {
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  std::string crs = "EPSG:4326";
};

/// The box covering the extent's four corners in `databaseCrs` (metres). Throws Error(Usage) when
/// PROJ cannot transform them (a CRS it does not know, a point outside its domain).
ProjectedBox extentInDatabaseCrs(const ExtentOption& extent, const std::string& databaseCrs);

struct ViewerOptions {
  QString database;  ///< empty: $LANDBANK_DB, else landbank.sqlite when it exists
  QString language = QStringLiteral("zh_CN");
  std::optional<ExtentOption> extent;
  QString user;    ///< --user: who the audit rows of the viewer's edits name
  QString today;   ///< --today: the ledger's business date (stalled, overdue, dialog defaults)
  bool projectsByGrade = false;  ///< --projects-by grade: projects coloured by follow-through grade
  QString project;
  QString basemap;  ///< --basemap FILE: a raster GDAL opens, drawn beneath the layers
  bool plan = false;  ///< --plan: solve the allocation plan and show it (panel raised, sites on the map)
  QString search;  ///< --search TEXT: find, zoom to, highlight and identify a feature (as the search box)
  QString screenshot;
  QSize size{1600, 1000};
};

/// -h or --help among the arguments.
bool helpRequested(const QStringList& arguments);
/// The options described in the language --lang asks for (Chinese by default).
QString viewerHelpText(const QStringList& arguments);
/// Parses the arguments (argv[0] first). Throws landbank::Error(Usage) with a one-line message.
ViewerOptions parseViewerOptions(const QStringList& arguments);

class MainWindow;

/// Applies the options to a shown window in the order that honours them all: user, date, database,
/// project colours, basemap, extent, project (selected and matched), search, and the extent again
/// when --project or --search moved the map. Returns 0, or the exit code of the first error (also
/// printed on stderr).
int applyViewerOptions(MainWindow& window, const ViewerOptions& options);

/// The whole program: parse, open, show (or take the screenshot and quit). Returns the exit code.
int runViewer(int argc, char** argv);

}  // namespace landbank::viewer
