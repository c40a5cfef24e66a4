#include "app/viewer_options.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QFont>
#include <QFontDatabase>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <tuple>

#include "app/main_window.h"
#include "app/map_canvas.h"
#include "landbank/crs.h"
#include "landbank/error.h"
#include "landbank/language.h"
#include "landbank/ledger.h"

namespace landbank::viewer {

namespace {

// --lang read before the parser exists: the help and the parser's own errors follow it too.
bool englishAsked(const QStringList& arguments) {
  const qsizetype at = arguments.indexOf(QStringLiteral("--lang"));
  return (at >= 0 && at + 1 < arguments.size() && arguments[at + 1] == QStringLiteral("en")) || arguments.contains(QStringLiteral("--lang=en"));
}

// The options, described in the language asked for.
struct ViewerCommandLine {
  explicit ViewerCommandLine(bool english)
      : db(QStringLiteral("db"), text(english, "数据库文件", "Database file"), QStringLiteral("FILE")),
        lang(QStringLiteral("lang"), text(english, "界面语言：zh_CN（默认）或 en", "zh_CN (default) or en"), QStringLiteral("LANG")),
        extent(QStringLiteral("extent"),
               text(english, "显示范围 X1,Y1,X2,Y2：经纬度（WGS84），用 --crs 可给其他坐标系", "X1,Y1,X2,Y2 to show: lon,lat (WGS84) unless --crs names another CRS"),
               QStringLiteral("BOX")),
        crs(QStringLiteral("crs"), text(english, "--extent 的坐标系（默认 EPSG:4326 经纬度；米用 EPSG:4549 等）", "CRS of --extent (default EPSG:4326 lon,lat; e.g. EPSG:4549 for metres)"),
            QStringLiteral("CRS")),
        user(QStringLiteral("user"), text(english, "在查看器中编辑时审计记录的操作人", "Who the audit trail names for edits made in the viewer"), QStringLiteral("NAME")),
        today(QStringLiteral("today"), text(english, "台账的业务日期，用于停滞与逾期（YYYY-MM-DD）", "The ledger's date for stalled and overdue (YYYY-MM-DD)"), QStringLiteral("DATE")),
        projectsBy(QStringLiteral("projects-by"), text(english, "项目着色：按阶段（默认）或按评级", "Colour projects by stage (default) or grade"), QStringLiteral("stage|grade")),
        project(QStringLiteral("project"), text(english, "选中并匹配该项目", "Project to select"), QStringLiteral("ID")),
        search(QStringLiteral("search"), text(english, "按编号或名称查找要素，缩放到它并显示属性", "Find a feature by id or name, zoom to it and identify it"), QStringLiteral("TEXT")),
        plan(QStringLiteral("plan"), text(english, "求解并显示在谈项目的用地统筹方案（同 landbank allocate）", "Solve and show the allocation plan of the open projects (as landbank allocate)")),
        screenshot(QStringLiteral("screenshot"), text(english, "把窗口保存为 PNG 后退出", "Save the window as PNG and exit"), QStringLiteral("FILE")),
        size(QStringLiteral("size"), text(english, "--screenshot 的窗口大小 宽x高", "Window size WxH for --screenshot"), QStringLiteral("WxH")),
        basemap(QStringLiteral("basemap"), text(english, "绘制在图层下方的栅格底图（GeoTIFF、MBTiles、GeoPackage 瓦片等）", "Raster drawn beneath the layers (GeoTIFF, MBTiles, GeoPackage tiles, ...)"),
                QStringLiteral("FILE")) {
    parser.setApplicationDescription(text(english, "Landbank 地图查看器", "Landbank map viewer"));
    parser.addOption(QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, text(english, "显示本帮助", "Displays this help")));
    parser.addOptions({db, lang, extent, crs, project, search, plan, basemap, user, today, projectsBy, screenshot, size});
  }
  static QString text(bool english, const char* zh, const char* en) { return QString::fromUtf8(english ? en : zh); }

  QCommandLineParser parser;
  const QCommandLineOption db, lang, extent, crs, user, today, projectsBy, project, search, plan, screenshot, size, basemap;
};

}  // namespace

bool helpRequested(const QStringList& arguments) {
  return arguments.contains(QStringLiteral("-h")) || arguments.contains(QStringLiteral("--help"));
}

QString viewerHelpText(const QStringList& arguments) {
  ViewerCommandLine line(englishAsked(arguments));
  const bool english = englishAsked(arguments);
  // Qt's own help starts "Usage: <path>"; ours names the program as people type it.
  QString help = line.parser.helpText();
  help.replace(QRegularExpression(QStringLiteral("^Usage: \\S+")), ViewerCommandLine::text(english, "用法：landbank-viewer", "Usage: landbank-viewer"));
  help.replace(QStringLiteral("\nOptions:\n"), ViewerCommandLine::text(english, "\n选项：\n", "\nOptions:\n"));
  if (!english) help.replace(QStringLiteral(" [options]"), QStringLiteral(" [选项]"));
  return help;
}

ViewerOptions parseViewerOptions(const QStringList& arguments) {
  ViewerCommandLine line(englishAsked(arguments));
  QCommandLineParser& parser = line.parser;
  const auto& [db, lang, extent, crs, user, today, projectsBy, project, search, plan, screenshot, size, basemap] =
      std::tie(line.db, line.lang, line.extent, line.crs, line.user, line.today, line.projectsBy, line.project, line.search, line.plan,
               line.screenshot, line.size, line.basemap);
  if (!parser.parse(arguments)) {
    // Qt words its two parse errors in English: said again in Chinese, anything else kept as Qt says it.
    const QString qtError = parser.errorText();
    QString chinese = QStringLiteral("命令行参数有误：") + qtError;
    if (const auto unknown = QRegularExpression(QStringLiteral("^Unknown options?:? (.*)\\.$")).match(qtError); unknown.hasMatch())
      chinese = QStringLiteral("未知的选项：") + unknown.captured(1);
    else if (const auto missing = QRegularExpression(QStringLiteral("^Missing value after '(.*)'\\.$")).match(qtError); missing.hasMatch())
      chinese = QStringLiteral("'") + missing.captured(1) + QStringLiteral("' 后面缺少值");
    throw Error(ErrorCode::Usage, Message{chinese.toStdString() + "（landbank-viewer --help 列出全部选项）",
                                          qtError.toStdString() + " (landbank-viewer --help lists the options)"});
  }
  ViewerOptions options;
  options.database = parser.value(db);
  if (parser.isSet(lang)) {
    // The engine's parser: the CLI and the viewer accept the same codes with the same usage error.
    const std::string_view code = languageCode(parseLanguage(parser.value(lang).toStdString()));
    options.language = QString::fromUtf8(code.data(), static_cast<qsizetype>(code.size()));
  }
  if (parser.isSet(extent)) {
    const QStringList parts = parser.value(extent).split(QLatin1Char(','));
    bool ok = parts.size() == 4;
    double v[4] = {0, 0, 0, 0};
    for (int i = 0; ok && i < 4; ++i) v[i] = parts[i].trimmed().toDouble(&ok);
    if (!ok || v[2] <= v[0] || v[3] <= v[1])
      throw Error(ErrorCode::Usage, Message{"--extent 必须写成 X1,Y1,X2,Y2，且 X1 < X2、Y1 < Y2，不能是 '" + parser.value(extent).toStdString() + "'",
                                            "--extent must be X1,Y1,X2,Y2 with X1 < X2 and Y1 < Y2, not '" + parser.value(extent).toStdString() + "'"});
    options.extent = ExtentOption{v[0], v[1], v[2], v[3], parser.isSet(crs) ? parser.value(crs).trimmed().toStdString() : std::string("EPSG:4326")};
    if (options.extent->crs.empty()) throw Error(ErrorCode::Usage, Message{"--crs 需要一个坐标系，如 EPSG:4549", "--crs needs a CRS such as EPSG:4549"});
    // Lon/lat out of range is almost always metres given without --crs.
    if (options.extent->crs == "EPSG:4326" && (std::abs(v[0]) > 180 || std::abs(v[2]) > 180 || std::abs(v[1]) > 90 || std::abs(v[3]) > 90))
      throw Error(ErrorCode::Usage, Message{"--extent '" + parser.value(extent).toStdString() + "' 不是以度为单位的经纬度；如果是米，请指明坐标系，如 --crs EPSG:4549",
                                            "--extent '" + parser.value(extent).toStdString() +
                                                "' is not lon,lat in degrees; for metres name their CRS, e.g. --crs EPSG:4549"});
  } else if (parser.isSet(crs)) {
    throw Error(ErrorCode::Usage, Message{"--crs 用于 --extent；请同时给出 --extent X1,Y1,X2,Y2", "--crs applies to --extent; give --extent X1,Y1,X2,Y2 too"});
  }
  options.user = parser.value(user).trimmed();
  if (parser.isSet(today)) {
    try {
      options.today = QString::fromStdString(parseLedgerDate(parser.value(today).toStdString(), "--today"));
    } catch (const Error& error) {
      throw Error(ErrorCode::Usage, error.problemMessage(), error.context());
    }
  }
  if (parser.isSet(projectsBy)) {
    const QString by = parser.value(projectsBy).trimmed();
    if (by != QStringLiteral("stage") && by != QStringLiteral("grade"))
      throw Error(ErrorCode::Usage, Message{"--projects-by 只能是 stage 或 grade，不能是 '" + by.toStdString() + "'", "--projects-by must be stage or grade, not '" + by.toStdString() + "'"});
    options.projectsByGrade = by == QStringLiteral("grade");
  }
  options.project = parser.value(project);
  options.search = parser.value(search);
  options.plan = parser.isSet(plan);
  options.screenshot = parser.value(screenshot);
  options.basemap = parser.value(basemap);
  if (parser.isSet(size)) {
    const QStringList parts = parser.value(size).split(QLatin1Char('x'));
    bool okW = false, okH = false;
    if (parts.size() == 2) options.size = QSize(parts[0].toInt(&okW), parts[1].toInt(&okH));
    if (!okW || !okH || options.size.width() < 200 || options.size.height() < 150 || options.size.width() > 8000 || options.size.height() > 8000)
      throw Error(ErrorCode::Usage, Message{"--size 必须是 200x150 到 8000x8000 之间的 宽x高，不能是 '" + parser.value(size).toStdString() + "'",
                                            "--size must be WxH between 200x150 and 8000x8000, not '" + parser.value(size).toStdString() + "'"});
  }
  if (options.database.isEmpty()) {
    if (const char* env = std::getenv("LANDBANK_DB"); env && *env) options.database = QString::fromLocal8Bit(env);
    else if (QFileInfo::exists(QStringLiteral("landbank.sqlite"))) options.database = QStringLiteral("landbank.sqlite");
  }
  if (!options.screenshot.isEmpty() && options.database.isEmpty())
    throw Error(ErrorCode::Usage, Message{"--screenshot 需要数据库（--db 文件 或 $LANDBANK_DB）", "--screenshot needs a database (--db FILE or $LANDBANK_DB)"});
  return options;
}

ProjectedBox extentInDatabaseCrs(const ExtentOption& extent, const std::string& databaseCrs) {
  try {
    const CrsTransform transform(normaliseCrsName(extent.crs), databaseCrs);
    // All four corners: a lon/lat box is not a box in the projected CRS (as the CLI's --bbox).
    ProjectedBox box{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(),
                     std::numeric_limits<double>::lowest()};
    for (int corner = 0; corner < 4; ++corner) {
      double x = corner & 1 ? extent.x2 : extent.x1, y = corner & 2 ? extent.y2 : extent.y1;
      transform.transform(x, y);
      box.minEasting = std::min(box.minEasting, x), box.maxEasting = std::max(box.maxEasting, x);
      box.minNorthing = std::min(box.minNorthing, y), box.maxNorthing = std::max(box.maxNorthing, y);
    }
    return box;
  } catch (const Error& error) {
    throw Error(ErrorCode::Usage, Message{"--extent（" + extent.crs + "）：" + error.message(Language::Chinese), "--extent in " + extent.crs + ": " + error.what()});
  }
}

int applyViewerOptions(MainWindow& window, const ViewerOptions& options) {
  std::optional<ProjectedBox> extent;
  try {
    if (!options.user.isEmpty()) window.setAuditUser(options.user.toStdString());
    if (!options.today.isEmpty()) window.setLedgerToday(options.today.toStdString());
    if (!options.database.isEmpty()) window.openDatabase(options.database.toStdString());
    if (options.projectsByGrade) window.setProjectStyling(render::ProjectStyling::Grade);
    if (options.extent) {
      if (options.database.isEmpty())
        throw Error(ErrorCode::Usage, Message{"--extent 需要数据库（--db 文件 或 $LANDBANK_DB）", "--extent needs a database (--db FILE or $LANDBANK_DB)"});
      extent = extentInDatabaseCrs(*options.extent, window.databaseCrs());
    }
    if (!options.basemap.isEmpty()) {
      if (options.database.isEmpty())
        throw Error(ErrorCode::Usage, Message{"--basemap 需要数据库（--db 文件 或 $LANDBANK_DB）", "--basemap needs a database (--db FILE or $LANDBANK_DB)"});
      window.addBasemap(options.basemap.toStdString());
    }
    if (extent) window.canvas()->setExtent(*extent);
    if (!options.project.isEmpty()) {
      window.selectProject(options.project.toStdString());
      window.matchProject(options.project.toStdString());
    }
    if (options.plan) {
      if (options.database.isEmpty()) throw Error(ErrorCode::Usage, Message{"--plan 需要数据库（--db 文件 或 $LANDBANK_DB）", "--plan needs a database (--db FILE or $LANDBANK_DB)"});
      window.showPlan();
    }
  } catch (const Error& error) {
    std::fprintf(stderr, "landbank-viewer: %s\n", error.message(window.engineLanguage()).c_str());
    return exitCodeFor(error.code());
  }
  if (!options.search.isEmpty() && !window.search(options.search))
    std::fprintf(stderr, "landbank-viewer: %s\n",
                 window.engineLanguage() == Language::English ? ("nothing found for '" + options.search.toStdString() + "'").c_str()
                                                              : ("没有找到 '" + options.search.toStdString() + "'").c_str());
  // --project zooms to its candidates and --search to what it found: an --extent given as well is
  // what the user asked to see, so it is applied last.
  if (extent && (!options.project.isEmpty() || !options.search.isEmpty())) window.canvas()->setExtent(*extent);
  return 0;
}

int runViewer(int argc, char** argv) {
  {
    // --help needs no display: answered before QApplication, which would need one.
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    if (helpRequested(arguments)) {
      QCoreApplication core(argc, argv);
      std::fputs(viewerHelpText(arguments).toUtf8().constData(), stdout);
      return 0;
    }
  }
  if (std::getenv("QT_QPA_PLATFORM") == nullptr && std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr) {
    // Without a display Qt aborts with a page about platform plugins; say what is wrong in one line.
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    std::fputs(englishAsked(arguments)
                   ? "landbank-viewer: no display (DISPLAY and WAYLAND_DISPLAY are not set); on a server use QT_QPA_PLATFORM=offscreen with --screenshot, or landbank export map\n"
                   : "landbank-viewer: 没有图形显示（DISPLAY 与 WAYLAND_DISPLAY 均未设置）；在服务器上请用 QT_QPA_PLATFORM=offscreen 加 --screenshot，或用 landbank export map\n",
               stderr);
    return 1;
  }
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("landbank-viewer"));
  // Chinese text needs a CJK font; WenQuanYi Micro Hei (fonts-wqy-microhei) is the one set up by install-deps.
  QFont font = QApplication::font();
  font.setFamilies({QStringLiteral("WenQuanYi Micro Hei"), QStringLiteral("Noto Sans CJK SC"), font.family()});
  QApplication::setFont(font);
  ViewerOptions options;
  try {
    options = parseViewerOptions(QApplication::arguments());
  } catch (const Error& error) {
    // The options did not parse: the language is the one asked for, if it can be read.
    std::fprintf(stderr, "landbank-viewer: %s\n", error.message(englishAsked(QApplication::arguments()) ? Language::English : Language::Chinese).c_str());
    return exitCodeFor(error.code());
  }
  MainWindow window;
  window.setLanguage(options.language);
  if (!options.screenshot.isEmpty()) window.resize(options.size);
  window.show();
  if (const int code = applyViewerOptions(window, options); code != 0) return code;
  if (options.screenshot.isEmpty()) return QApplication::exec();

  // Let the layout settle at the final size, then wait for the map to be drawn before grabbing.
  QApplication::processEvents();
  window.canvas()->waitForRender();
  QApplication::processEvents();
  window.canvas()->waitForRender();
  if (!window.grab().save(options.screenshot, "PNG")) {
    const std::string path = options.screenshot.toStdString();
    std::fprintf(stderr, "landbank-viewer: %s\n",
                 (window.engineLanguage() == Language::English ? "cannot write '" + path + "'" : "无法写入 '" + path + "'").c_str());
    return 1;
  }
  return 0;
}

}  // namespace landbank::viewer
