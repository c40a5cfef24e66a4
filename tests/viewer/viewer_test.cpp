// The viewer under the offscreen platform: the real main window, canvas and render library over
// the bundled sample, checked against SpatiaLite SQL on the same file.

#include <gtest/gtest.h>
#include <algorithm>
#include <iterator>

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QInputDialog>
#include <QMessageBox>
#include <QTimer>
#include <QMenuBar>
#include <QPainter>
#include <QPicture>
#include <QPushButton>
#include <QTextEdit>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include <gdal.h>
#include <ogr_srs_api.h>

#include "app/filter_panel.h"
#include "app/identify_panel.h"
#include "app/layers_panel.h"
#include "app/main_window.h"
#include "app/map_canvas.h"
#include "app/map_tools.h"
#include "app/projects_panel.h"
#include "app/viewer_options.h"
#include "detail/geos.h"
#include "detail/sqlite.h"
#include "landbank/edits.h"
#include "landbank/error.h"
#include "landbank/features.h"
#include "landbank/units.h"
#include "landbank/crs.h"
#include "render/basemap.h"
#include "render/feature_snapshot.h"
#include "render/map_renderer.h"
#include "render/spatial_grid.h"
#include "render/styles.h"
#include "modal.h"
#include "sample_fixture.h"
#include "test_support.h"

namespace landbank {
namespace {

using render::FeatureSnapshot;
using render::MapSettings;

// The audit rows of one parcel's edits, oldest first, as the store wrote them.
struct AuditRow {
  std::string user, action, at;
  nlohmann::json detail;
};
std::vector<AuditRow> parcelAuditRows(SqliteDatabase& sql, const std::string& id) {
  auto audit = sql.prepare("SELECT user, action, detail, at FROM audit_log WHERE layer = 'parcels' AND feature_id = ? ORDER BY rowid");
  audit.bind(1, id);
  std::vector<AuditRow> rows;
  while (audit.step()) rows.push_back({audit.columnText(0), audit.columnText(1), audit.columnText(3), nlohmann::json::parse(audit.columnText(2))});
  return rows;
}

class ViewerTest : public test::SampleDatabaseTest {
 protected:
  static MapSettings settingsFor(const FeatureSnapshot& snapshot, QSize size = {800, 600}) {
    MapSettings settings;
    settings.extent = render::boxFromRect(snapshot.fullExtent());
    settings.outputSize = size;
    settings.background = Qt::white;
    return settings;
  }
};

int countPixels(const QImage& image, const std::function<bool(QRgb)>& predicate) {
  int n = 0;
  for (int y = 0; y < image.height(); ++y)
    for (int x = 0; x < image.width(); ++x) n += predicate(image.pixel(x, y)) ? 1 : 0;
  return n;
}

bool near(QRgb pixel, QColor colour, int tolerance) {
  return std::abs(qRed(pixel) - colour.red()) <= tolerance && std::abs(qGreen(pixel) - colour.green()) <= tolerance &&
         std::abs(qBlue(pixel) - colour.blue()) <= tolerance;
}

/// `colour` (with its alpha) composited over white, as the renderer's painter does.
QColor overWhite(QColor colour, double opacity = 1.0) {
  const double a = colour.alphaF() * opacity;
  auto mix = [a](int c) { return static_cast<int>(std::lround(c * a + 255 * (1 - a))); };
  return QColor(mix(colour.red()), mix(colour.green()), mix(colour.blue()));
}

TEST_F(ViewerTest, SampleOpensWithEveryLayer) {
  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  const FeatureSnapshot* snapshot = window.canvas()->snapshot();
  ASSERT_NE(snapshot, nullptr);
  // The sample's documented counts (PREAMBLE / sample generator).
  EXPECT_EQ(snapshot->layer(Layer::Parcels).features.size(), 1600u);
  EXPECT_EQ(snapshot->layer(Layer::Parks).features.size(), 10u);
  EXPECT_EQ(snapshot->layer(Layer::Buildings).features.size(), 180u);
  EXPECT_EQ(snapshot->layer(Layer::Constraints).features.size(), 45u);
  EXPECT_EQ(snapshot->layer(Layer::Facilities).features.size(), 69u);
  EXPECT_EQ(snapshot->layer(Layer::Boundaries).features.size(), 18u);
  EXPECT_EQ(snapshot->layer(Layer::Projects).features.size(), 48u);
  // The context layers (synthetic roads, water, places; gisdata/README.md).
  EXPECT_GT(snapshot->layer(Layer::Roads).features.size(), 100u);
  EXPECT_GT(snapshot->layer(Layer::Water).features.size(), 4u);
  EXPECT_GT(snapshot->layer(Layer::Places).features.size(), 20u);
  window.resize(1200, 800);
  window.show();
  window.canvas()->waitForRender();
  EXPECT_FALSE(window.canvas()->renderedImage().isNull());
}

TEST_F(ViewerTest, WkbReaderAgreesWithGeosOnPolygonWithHole) {
  const auto geometry = geometryFromWkt("MULTIPOLYGON(((0 0,10 0,10 10,0 10,0 0),(2 2,4 2,4 4,2 4,2 2)),((20 0,30 0,30 5,20 0)))");
  const auto wkb = geometryToWkb(geometry.get());
  render::ShapeKind kind;
  std::vector<QPolygonF> rings;
  ASSERT_TRUE(render::readWkbRings(wkb.data(), wkb.size(), kind, rings));
  EXPECT_EQ(kind, render::ShapeKind::Polygon);
  ASSERT_EQ(rings.size(), 3u);
  EXPECT_EQ(rings[1][2], QPointF(4, 4));
  EXPECT_EQ(rings[2].size(), 4);
  // Truncated input is refused, not read past its end.
  EXPECT_FALSE(render::readWkbRings(wkb.data(), wkb.size() - 9, kind, rings));
}

TEST_F(ViewerTest, SpatialGridFindsExactlyTheBoxesABruteForceScanFinds) {
  // Hand-made boxes in metres: a 10 x 10 lattice of 8 m squares 10 m apart, one 500 m box (goes to
  // the large list), one point-sized box and a null box (no geometry, never found).
  std::vector<QRectF> boxes;
  for (int i = 0; i < 10; ++i)
    for (int j = 0; j < 10; ++j) boxes.emplace_back(i * 10.0, j * 10.0, 8, 8);
  boxes.emplace_back(-200, -200, 500, 500);
  boxes.emplace_back(55.5, 55.5, 1, 1);
  boxes.emplace_back();
  const render::SpatialGrid grid(boxes);
  std::vector<std::uint32_t> found;
  grid.query(QRectF(8.2, 8.2, 1.6, 1.6), found);  // the gap between four squares: only the large box
  EXPECT_EQ(found, (std::vector<std::uint32_t>{100}));
  grid.query(QRectF(15, 15, 10, 10), found);  // squares (1..2, 1..2), the large box
  EXPECT_EQ(found, (std::vector<std::uint32_t>{11, 12, 21, 22, 100}));
  grid.query(QRectF(1000, 1000, 5, 5), found);
  EXPECT_TRUE(found.empty());
  // The sample's parcels: every window agrees with a scan of all bounds, in ascending order.
  const Store store = Store::open(sampleDb(), StoreAccess::ReadOnly);
  const auto snapshot = FeatureSnapshot::load(store);
  for (Layer layer : {Layer::Parcels, Layer::Constraints, Layer::Facilities, Layer::Boundaries}) {
    const auto& features = snapshot->layer(layer).features;
    const QRectF all = snapshot->layer(layer).bounds;
    for (double f : {0.01, 0.05, 0.2, 0.7}) {
      const QRectF window(all.left() + all.width() * f, all.top() + all.height() * (0.9 - f), all.width() * f, all.height() * f);
      std::vector<std::uint32_t> expected;
      for (std::uint32_t i = 0; i < features.size(); ++i)
        if (features[i].kind != render::ShapeKind::None && features[i].bounds.intersects(window)) expected.push_back(i);
      snapshot->featuresIn(layer, window, found);
      EXPECT_EQ(found, expected) << layerName(layer) << " window " << f;
    }
  }
}

/// Writes a 3-band GeoTIFF of `columns` x `rows` pixels whose left half is `left` and right half
/// `right`, north-up with its top-left corner at (x0, y0) and square pixels of `pixel` CRS units.
void writeTwoColourGeoTiff(const std::filesystem::path& path, const char* crs, double x0, double y0, double pixel, int columns, int rows,
                           QColor left, QColor right) {
  GDALAllRegister();
  GDALDriverH driver = GDALGetDriverByName("GTiff");
  GDALDatasetH dataset = GDALCreate(driver, path.string().c_str(), columns, rows, 3, GDT_Byte, nullptr);
  ASSERT_NE(dataset, nullptr);
  double transform[6] = {x0, pixel, 0, y0, 0, -pixel};
  GDALSetGeoTransform(dataset, transform);
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  OSRSetFromUserInput(srs, crs);
  GDALSetSpatialRef(dataset, srs);
  OSRDestroySpatialReference(srs);
  std::vector<GByte> band(std::size_t(columns) * rows);
  for (int b = 0; b < 3; ++b) {
    auto channel = [b](QColor c) { return GByte(b == 0 ? c.red() : b == 1 ? c.green() : c.blue()); };
    for (int y = 0; y < rows; ++y)
      for (int x = 0; x < columns; ++x) band[std::size_t(y) * columns + x] = channel(x < columns / 2 ? left : right);
    ASSERT_EQ(GDALRasterIO(GDALGetRasterBand(dataset, b + 1), GF_Write, 0, 0, columns, rows, band.data(), columns, rows, GDT_Byte, 0, 0), CE_None);
  }
  GDALClose(dataset);
}

TEST_F(ViewerTest, BasemapIsWarpedToTheMapBeneathTheLayers) {
  const Store store = Store::open(sampleDb(), StoreAccess::ReadOnly);
  const auto snapshot = FeatureSnapshot::load(store);
  const ProjectedToLonLat crs(store.databaseCrs());
  const QPointF centre = snapshot->fullExtent().center();
  const LonLat middle = crs.toLonLat(EastingNorthing::fromMetres(centre.x(), centre.y()));
  // EPSG:4326, 0.04 deg x 0.03 deg around the sample's centre (about 3.4 x 3.3 km): red west of
  // the centre's meridian, blue east of it. The map is in EPSG:4549, so it must be warped.
  const QColor red(200, 30, 30), blue(30, 30, 200), green(20, 160, 60), yellow(230, 200, 20);
  const auto geographic = m_dir / "two-halves-4326.tif";
  writeTwoColourGeoTiff(geographic, "EPSG:4326", middle.lon - 0.02, middle.lat + 0.015, 0.0002, 200, 150, red, blue);

  MapSettings settings = settingsFor(*snapshot);
  for (auto& state : settings.layers) state.visible = false;
  settings.basemap = render::Basemap::open(geographic, store.databaseCrs());
  auto pixelAt = [&](const QImage& image, LonLat at) {
    const EastingNorthing en = crs.toProjected(at);
    const QPointF p = settings.toPixel(en.easting, en.northing);
    return image.pixel(int(p.x()), int(p.y()));
  };
  const LonLat west = LonLat::fromDegrees(middle.lon - 0.01, middle.lat), east = LonLat::fromDegrees(middle.lon + 0.01, middle.lat);
  const LonLat outside = LonLat::fromDegrees(middle.lon, middle.lat + 0.025);  // north of the raster, inside the map
  QImage image = render::renderImage(settings, *snapshot);
  EXPECT_TRUE(near(pixelAt(image, west), red, 2));
  EXPECT_TRUE(near(pixelAt(image, east), blue, 2));
  EXPECT_TRUE(near(pixelAt(image, outside), Qt::white, 0)) << "transparent where the raster has no data";
  // Beneath the layers: parcels drawn on top change the pixels the raster covers.
  settings.layers = MapSettings::defaultLayers();
  settings.labels = false;
  const QImage withLayers = render::renderImage(settings, *snapshot);
  EXPECT_GT(countPixels(withLayers, [&](QRgb p) { return near(p, red, 2); }), 0);
  EXPECT_LT(countPixels(withLayers, [&](QRgb p) { return near(p, red, 2); }), countPixels(image, [&](QRgb p) { return near(p, red, 2); }));
  // Hidden, or at half opacity.
  for (auto& state : settings.layers) state.visible = false;
  settings.basemapVisible = false;
  EXPECT_TRUE(near(pixelAt(render::renderImage(settings, *snapshot), west), Qt::white, 0));
  settings.basemapVisible = true;
  settings.basemapOpacity = 0.5;
  EXPECT_TRUE(near(pixelAt(render::renderImage(settings, *snapshot), west), overWhite(red, 0.5), 3));
  settings.basemapOpacity = 1.0;

  // The same in the map's own CRS (no reprojection): 2 km x 1 km of 10 m pixels, green | yellow.
  const auto projected = m_dir / "two-halves-4549.tif";
  writeTwoColourGeoTiff(projected, "EPSG:4549", centre.x() - 1000, centre.y() + 500, 10, 200, 100, green, yellow);
  settings.basemap = render::Basemap::open(projected, store.databaseCrs());
  image = render::renderImage(settings, *snapshot);
  auto pixelAtMetres = [&](double e, double n) {
    const QPointF p = settings.toPixel(e, n);
    return image.pixel(int(p.x()), int(p.y()));
  };
  EXPECT_TRUE(near(pixelAtMetres(centre.x() - 500, centre.y()), green, 2));
  EXPECT_TRUE(near(pixelAtMetres(centre.x() + 500, centre.y()), yellow, 2));
  EXPECT_TRUE(near(pixelAtMetres(centre.x(), centre.y() + 800), Qt::white, 0));

  // Files GDAL cannot use are refused with the file named.
  std::ofstream(m_dir / "not-a-raster.tif") << "hello";
  try {
    render::Basemap::open(m_dir / "not-a-raster.tif", store.databaseCrs());
    ADD_FAILURE() << "a text file was accepted as a basemap";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("not-a-raster.tif"), std::string::npos) << error.what();
  }
}

TEST_F(ViewerTest, BasemapOpensOnlyLocalRastersAndMakesNoConnection) {
  // The engine's allow-list for basemaps (detail/local_sources.h), as imports have theirs: a
  // listener on the loopback address records any connection; tests never aim at another address.
  const int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(listener, 16), 0);
  socklen_t length = sizeof address;
  getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));

  std::ofstream(m_dir / "remote.vrt") << "<VRTDataset rasterXSize=\"10\" rasterYSize=\"10\"><VRTRasterBand dataType=\"Byte\" band=\"1\">"
                                         "<SimpleSource><SourceFilename>/vsicurl/" << url << "/b.tif</SourceFilename>"
                                         "<SourceBand>1</SourceBand></SimpleSource></VRTRasterBand></VRTDataset>\n";
  std::ofstream(m_dir / "tiles.xml")
      << "<GDAL_WMS><Service name=\"TMS\"><ServerUrl>" << url << "/${z}/${x}/${y}.png</ServerUrl></Service>"
      << "<DataWindow><UpperLeftX>-20037508.34</UpperLeftX><UpperLeftY>20037508.34</UpperLeftY><LowerRightX>20037508.34</LowerRightX>"
         "<LowerRightY>-20037508.34</LowerRightY><TileLevel>18</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY>"
         "<YOrigin>top</YOrigin></DataWindow><Projection>EPSG:3857</Projection><BlockSizeX>256</BlockSizeX>"
         "<BlockSizeY>256</BlockSizeY><BandsCount>3</BandsCount></GDAL_WMS>\n";
  // A URL is refused by name; a VRT and a tile-service description by the driver allow-list (GDAL
  // alone would open both and reach for the network only when drawing).
  const std::pair<std::filesystem::path, const char*> refused[] = {{"/vsicurl/" + url + "/b.tif", "local files only"},
                                                                   {m_dir / "remote.vrt", "cannot open the basemap as a raster"},
                                                                   {m_dir / "tiles.xml", "cannot open the basemap as a raster"}};
  for (const auto& [basemap, reason] : refused) {
    try {
      render::Basemap::open(basemap, "EPSG:4549");
      ADD_FAILURE() << basemap << " was accepted as a basemap";
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find(basemap.filename().string()), std::string::npos) << error.what();
      EXPECT_NE(std::string(error.what()).find(reason), std::string::npos) << error.what();
    }
  }
  const int connection = accept(listener, nullptr, nullptr);
  EXPECT_LT(connection, 0) << "something connected to " << url;
  if (connection >= 0) close(connection);
  close(listener);
}

TEST_F(ViewerTest, BasemapFromTheWindowHasALayerEntry) {
  const Store store = Store::open(sampleDb(), StoreAccess::ReadOnly);
  const ProjectedToLonLat crs(store.databaseCrs());
  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  const QPointF centre = window.canvas()->snapshot()->fullExtent().center();
  const LonLat middle = crs.toLonLat(EastingNorthing::fromMetres(centre.x(), centre.y()));
  const auto raster = m_dir / "basemap.tif";
  writeTwoColourGeoTiff(raster, "EPSG:4326", middle.lon - 0.02, middle.lat + 0.015, 0.0002, 200, 150, QColor(200, 30, 30), QColor(30, 30, 200));
  EXPECT_THROW(window.addBasemap(m_dir / "missing.tif"), Error);
  window.addBasemap(raster);
  window.resize(1200, 800);
  window.show();
  for (Layer layer : {Layer::Parcels, Layer::Parks, Layer::Buildings, Layer::Constraints, Layer::Facilities, Layer::Boundaries, Layer::Projects,
                      Layer::Roads, Layer::Water, Layer::Places})  // the context layers too: roads and rivers cross the raster
    window.layersPanel()->setLayerVisible(layer, false);
  window.canvas()->waitForRender();
  const auto redPixels = [](const QImage& image) { return countPixels(image, [](QRgb p) { return near(p, QColor(200, 30, 30), 2); }); };
  EXPECT_GT(redPixels(window.canvas()->renderedImage()), 1000);
  window.layersPanel()->setBasemapVisible(false);
  EXPECT_FALSE(window.canvas()->settings().basemapVisible);
  window.canvas()->waitForRender();
  EXPECT_EQ(redPixels(window.canvas()->renderedImage()), 0);
}

TEST_F(ViewerTest, EveryLayerDrawsInItsOwnColour) {
  const Store store = Store::open(sampleDb(), StoreAccess::ReadOnly);
  const auto snapshot = FeatureSnapshot::load(store);
  for (const LayerSpec& spec : allLayerSpecs()) {
    MapSettings settings = settingsFor(*snapshot);
    // Projects and facilities are few points: frame the layer itself so they are all in view.
    settings.extent = render::expanded(render::boxFromRect(snapshot->layer(spec.layer).bounds), 0.05);
    settings.labels = false;
    for (auto& state : settings.layers) state.visible = state.layer == spec.layer, state.opacity = 1.0;
    const QImage image = render::renderImage(settings, *snapshot);
    // The first feature that has a shape (a project at stage "lead" has no point yet).
    const auto& features = snapshot->layer(spec.layer).features;
    const render::MapFeature& first = *std::ranges::find_if(features, [](const render::MapFeature& f) { return f.kind != render::ShapeKind::None; });
    const render::FeatureStyle style = render::featureStyle(spec.layer, first, settings);
    const QColor expected = style.fill.alpha() > 0 && spec.layer != Layer::Parks ? overWhite(style.fill) : style.stroke;
    const int coloured = countPixels(image, [&](QRgb p) { return near(p, expected, 14); });
    EXPECT_GT(coloured, 3) << layerName(spec.layer) << " drew no pixel in " << expected.name().toStdString();
  }
}

// A shape reaching far beyond the map is clipped to it before it is drawn: a vector page (PDF, SVG,
// here a QPicture recording the painter's calls) then carries the visible part only, and the fill is
// still right, hole included. Scene in EPSG:4549: a flood zone, a 10 km circle of 4,000 vertices
// around (527000, 4018000) with a 1 km square hole at its centre; the map shows 4 km x 3 km there.
TEST(MapClipping, AShapeFarBeyondTheMapIsClippedAndStillFillsRight) {
  test::TempDir dir;
  const auto db = dir / "clip.sqlite";
  test::initDatabase(db);
  std::string ring;
  for (int i = 0; i <= 4000; ++i) {
    const double angle = 2 * 3.14159265358979323846 * (i % 4000) / 4000.0;
    ring += (i ? ", " : "") + std::to_string(527000 + 10000 * std::cos(angle)) + " " + std::to_string(4018000 + 10000 * std::sin(angle));
  }
  const std::string hole = "526500 4017500, 526500 4018500, 527500 4018500, 527500 4017500, 526500 4017500";
  test::writeTextFile(dir / "flood.csv", "id,type,effect,value,WKT\nF-1,flood,penalty,0.3,\"POLYGON ((" + ring + "), (" + hole + "))\"\n");
  const auto imported = test::runLandbank(db, {"import", "constraints", (dir / "flood.csv").string(), "--crs", "EPSG:4549"});
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const Store store = Store::open(db, StoreAccess::ReadOnly);
  const auto snapshot = FeatureSnapshot::load(store);
  MapSettings settings;
  settings.extent = ProjectedBox{525000, 4016500, 529000, 4019500};
  settings.outputSize = QSize(800, 600);
  settings.background = Qt::white;
  settings.labels = false;

  QPicture picture;
  {
    QPainter painter(&picture);
    render::renderMap(painter, settings, *snapshot);
  }
  // 4,000 vertices of two doubles are 64 KB; the clipped ring has a handful of points.
  EXPECT_LT(picture.size(), 8000u) << "the circle is drawn whole";

  const QImage image = render::renderImage(settings, *snapshot);
  auto at = [&](double e, double n) {
    const QPointF p = settings.toPixel(e, n);
    return image.pixel(int(p.x()), int(p.y()));
  };
  EXPECT_TRUE(near(at(527000, 4018000), Qt::white, 0)) << "the hole stays empty";
  // In the zone, near its edges too: the flood colour (tint or hatch line), not white.
  for (const auto& [e, n] : {std::pair{525300.0, 4016800.0}, {528700.0, 4019200.0}, {526000.0, 4018000.0}}) {
    const QRgb pixel = at(e, n);
    EXPECT_FALSE(near(pixel, Qt::white, 8)) << e << " " << n;
    EXPECT_GT(qBlue(pixel), qRed(pixel) + 10) << e << " " << n << ": " << QColor(pixel).name().toStdString();
  }
}

TEST_F(ViewerTest, IdentifyAtAParcelInteriorPointReturnsThatParcel) {
  // The probe point comes from SpatiaLite (PointOnSurface, transformed to WGS84), not from our code.
  SqliteDatabase db(sampleDb().string(), SqliteDatabase::Access::ReadOnly);
  auto query = db.prepare(
      "SELECT id, X(Transform(PointOnSurface(geom), 4326)), Y(Transform(PointOnSurface(geom), 4326)) FROM parcels "
      "WHERE area_m2 > 20000 ORDER BY id LIMIT 1 OFFSET 37");
  ASSERT_TRUE(query.step());
  const std::string id = query.columnText(0);
  const LonLat probe = LonLat::fromDegrees(query.columnDouble(1), query.columnDouble(2));

  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  window.resize(1200, 800);
  window.show();
  window.identifyAtLonLat(probe);
  const auto& reports = window.identifyPanel()->reports();
  ASSERT_FALSE(reports.empty());
  const auto parcel = std::ranges::find_if(reports, [](const auto& r) { return r.layer == Layer::Parcels; });
  ASSERT_NE(parcel, reports.end());
  EXPECT_EQ(parcel->record.id, id);
  // Exactly the parcels SpatiaLite says contain the point.
  auto containing = db.prepare("SELECT count(*) FROM parcels WHERE ST_Contains(geom, Transform(MakePoint(?, ?, 4326), 4549))");
  containing.bind(1, probe.lon).bind(2, probe.lat);
  ASSERT_TRUE(containing.step());
  EXPECT_EQ(std::ranges::count_if(reports, [](const auto& r) { return r.layer == Layer::Parcels; }), containing.columnInt(0));
  ASSERT_TRUE(window.canvas()->settings().highlighted.size() == 1);
  EXPECT_EQ(window.canvas()->settings().highlighted.front().id, reports.front().record.id);
  // Constraint overlaps agree with SpatiaLite's intersection areas.
  auto overlaps = db.prepare(
      "SELECT c.id, ST_Area(ST_Intersection(c.geom, p.geom)) FROM constraints c, parcels p WHERE p.id = ? AND ST_Intersects(c.geom, p.geom) "
      "AND ST_Area(ST_Intersection(c.geom, p.geom)) > 0 ORDER BY c.id");
  overlaps.bind(1, id);
  std::map<std::string, double> expected;
  while (overlaps.step()) expected[overlaps.columnText(0)] = overlaps.columnDouble(1);
  std::map<std::string, double> actual;
  for (const auto& c : parcel->constraints)
    if (c.overlapSquareMetres > 0) actual[c.id] = c.overlapSquareMetres;
  ASSERT_EQ(actual.size(), expected.size());
  for (const auto& [cid, area] : expected) EXPECT_NEAR(actual[cid], area, 0.01) << cid;
}

TEST_F(ViewerTest, ToggleLayerChangesTheRenderedImage) {
  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  window.resize(1200, 800);
  window.show();
  window.canvas()->waitForRender();
  const QImage before = window.canvas()->renderedImage();
  window.layersPanel()->setLayerVisible(Layer::Parcels, false);
  EXPECT_FALSE(window.canvas()->settings().isVisible(Layer::Parcels));
  window.canvas()->waitForRender();
  const QImage after = window.canvas()->renderedImage();
  ASSERT_EQ(before.size(), after.size());
  int differing = 0;
  for (int y = 0; y < before.height(); ++y)
    for (int x = 0; x < before.width(); ++x) differing += before.pixel(x, y) != after.pixel(x, y) ? 1 : 0;
  EXPECT_GT(differing, 1000);
}

TEST_F(ViewerTest, FilterFormShowsTheSameParcelsAsSql) {
  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  window.filterPanel()->setStatuses({"reserved", "available"});
  for (QPushButton* button : window.filterPanel()->findChildren<QPushButton*>())
    if (button->text() == QStringLiteral("应用到地图")) button->click();
  const auto filter = window.canvas()->settings().parcelFilter;
  ASSERT_NE(filter, nullptr);
  SqliteDatabase db(sampleDb().string(), SqliteDatabase::Access::ReadOnly);
  EXPECT_EQ(static_cast<std::int64_t>(filter->size()), *db.queryInt("SELECT count(*) FROM parcels WHERE status IN ('reserved', 'available')"));
}

TEST_F(ViewerTest, StatusEditIsStoredAuditedAndSurvivesReopening) {
  const auto db = copyOfSample();
  std::string id;
  {
    SqliteDatabase sql(db.string(), SqliteDatabase::Access::ReadOnly);
    id = *sql.queryText("SELECT id FROM parcels WHERE status = 'reserved' ORDER BY id LIMIT 1");
  }
  setenv("LANDBANK_USER", "planner-wang", 1);
  {
    viewer::MainWindow window;
    window.openDatabase(db);
    const StatusChange change = window.setParcelStatus(id, "negotiating");
    EXPECT_TRUE(change.changed);
    EXPECT_EQ(change.before, "reserved");
    EXPECT_EQ(window.canvas()->snapshot()->find(Layer::Parcels, id)->category, "negotiating");
    EXPECT_THROW(window.setParcelStatus(id, "sold"), Error);
    EXPECT_THROW(window.setParcelStatus("NO-SUCH", "built"), Error);
  }
  const Store store = Store::open(db, StoreAccess::ReadOnly);
  EXPECT_EQ(readFeature(store, Layer::Parcels, id).properties["status"], "negotiating");
  SqliteDatabase sql(db.string(), SqliteDatabase::Access::ReadOnly);
  const std::vector<AuditRow> audit = parcelAuditRows(sql, id);
  ASSERT_EQ(audit.size(), 1u) << "one edit, one audit row (the refused ones leave none)";
  EXPECT_EQ(audit[0].user, "planner-wang");
  EXPECT_EQ(audit[0].action, "set_status");
  EXPECT_EQ(audit[0].detail["before"], "reserved");
  EXPECT_EQ(audit[0].detail["after"], "negotiating");
  EXPECT_FALSE(audit[0].at.empty());
  unsetenv("LANDBANK_USER");
}

using test::whenModal;

/// In the status dialog: picks the entry of `status` ("洽谈 (negotiating)") and presses OK.
void chooseStatus(QInputDialog* dialog, const QString& status) {
  auto* combo = dialog->findChild<QComboBox*>();
  ASSERT_NE(combo, nullptr);
  const int index = combo->findText(QStringLiteral("(%1)").arg(status), Qt::MatchEndsWith);
  ASSERT_GE(index, 0);
  combo->setCurrentIndex(index);
  dialog->accept();
}

TEST_F(ViewerTest, StatusEditDrivenThroughTheDialogsIsStoredAuditedAndSurvivesReopening) {
  const auto db = copyOfSample();
  SqliteDatabase before(db.string(), SqliteDatabase::Access::ReadOnly);
  auto query = before.prepare("SELECT id, X(PointOnSurface(geom)), Y(PointOnSurface(geom)) FROM parcels WHERE status = 'reserved' ORDER BY id LIMIT 1");
  ASSERT_TRUE(query.step());
  const std::string id = query.columnText(0);
  const auto point = EastingNorthing::fromMetres(query.columnDouble(1), query.columnDouble(2));
  setenv("LANDBANK_USER", "planner-li", 1);
  const auto started = QDateTime::currentDateTimeUtc().addSecs(-1);
  {
    viewer::MainWindow window;
    window.openDatabase(db);
    window.resize(1200, 800);
    window.show();
    window.identifyAt(point, 0, render::FeatureRef{Layer::Parcels, id});
    QPushButton* edit = nullptr;
    for (QPushButton* button : window.identifyPanel()->findChildren<QPushButton*>())
      if (button->text() == QStringLiteral("修改地块状态…")) edit = button;
    ASSERT_NE(edit, nullptr);
    ASSERT_TRUE(edit->isEnabled());

    // First time: choose "negotiating", then answer No to the confirmation: nothing changes.
    // Qt's own buttons speak Chinese too (qtbase_zh_CN.qm from qt6-translations-l10n).
    QString question, okText, cancelText, yesText, noText;
    whenModal<QInputDialog>([&](QInputDialog* dialog) {
      whenModal<QMessageBox>([&](QMessageBox* box) {
        question = box->text();
        yesText = box->button(QMessageBox::Yes)->text();
        noText = box->button(QMessageBox::No)->text();
        box->button(QMessageBox::No)->click();
      });
      if (auto* buttons = dialog->findChild<QDialogButtonBox*>()) {
        okText = buttons->button(QDialogButtonBox::Ok)->text();
        cancelText = buttons->button(QDialogButtonBox::Cancel)->text();
      }
      chooseStatus(dialog, QStringLiteral("negotiating"));
    });
    edit->click();
    EXPECT_TRUE(question.contains(QString::fromStdString(id))) << question.toStdString();
    EXPECT_EQ(yesText, QStringLiteral("是(&Y)"));
    EXPECT_EQ(noText, QStringLiteral("否(&N)"));
    EXPECT_EQ(okText, QStringLiteral("确定"));
    EXPECT_EQ(cancelText, QStringLiteral("取消"));
    EXPECT_EQ(window.canvas()->snapshot()->find(Layer::Parcels, id)->category, "reserved");

    // Second time: Yes. The map's snapshot shows the new status at once.
    whenModal<QInputDialog>([&](QInputDialog* dialog) {
      whenModal<QMessageBox>([](QMessageBox* box) { box->button(QMessageBox::Yes)->click(); });
      chooseStatus(dialog, QStringLiteral("negotiating"));
    });
    edit->click();
    EXPECT_EQ(window.canvas()->snapshot()->find(Layer::Parcels, id)->category, "negotiating");
  }
  unsetenv("LANDBANK_USER");
  // Stored, and audited with who and when (SQL on the file, not our reader).
  SqliteDatabase sql(db.string(), SqliteDatabase::Access::ReadOnly);
  auto status = sql.prepare("SELECT status FROM parcels WHERE id = ?");
  status.bind(1, id);
  ASSERT_TRUE(status.step());
  EXPECT_EQ(status.columnText(0), "negotiating");
  const std::vector<AuditRow> audit = parcelAuditRows(sql, id);
  ASSERT_EQ(audit.size(), 1u) << "the refused confirmation left no audit row";
  EXPECT_EQ(audit[0].user, "planner-li");
  EXPECT_EQ(audit[0].action, "set_status");
  EXPECT_EQ(audit[0].detail["before"], "reserved");
  EXPECT_EQ(audit[0].detail["after"], "negotiating");
  const QDateTime at = QDateTime::fromString(QString::fromStdString(audit[0].at), Qt::ISODate);
  ASSERT_TRUE(at.isValid()) << audit[0].at;
  EXPECT_GE(at, started);
  EXPECT_LE(at, QDateTime::currentDateTimeUtc().addSecs(1));
  // Survives reopening in a new window.
  viewer::MainWindow reopened;
  reopened.openDatabase(db);
  EXPECT_EQ(reopened.canvas()->snapshot()->find(Layer::Parcels, id)->category, "negotiating");
}

TEST_F(ViewerTest, SwitchingLanguageChangesMenuTexts) {
  viewer::MainWindow window;
  window.setLanguage(QStringLiteral("zh_CN"));
  EXPECT_EQ(window.menus()->actions().front()->text(), QStringLiteral("文件(&F)"));
  window.setLanguage(QStringLiteral("en"));
  EXPECT_EQ(window.menus()->actions().front()->text(), QStringLiteral("&File"));
  EXPECT_EQ(window.canvas()->settings().language, render::MapLanguage::English);
  window.setLanguage(QStringLiteral("zh_CN"));
  EXPECT_EQ(window.menus()->actions().at(1)->text(), QStringLiteral("视图(&V)"));
}

TEST_F(ViewerTest, SearchFindsParcelByIdAndParkByChineseName) {
  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  window.resize(1200, 800);
  window.show();
  const std::string parcelId = window.canvas()->snapshot()->layer(Layer::Parcels).features.at(100).id;
  ASSERT_TRUE(window.search(QString::fromStdString(parcelId).toLower()));
  EXPECT_EQ(window.canvas()->settings().highlighted.front(), (render::FeatureRef{Layer::Parcels, parcelId}));
  const QRectF view = render::rectFromBox(window.canvas()->settings().visibleExtent());
  EXPECT_TRUE(view.contains(window.canvas()->snapshot()->find(Layer::Parcels, parcelId)->anchor));
  const render::MapFeature& park = window.canvas()->snapshot()->layer(Layer::Parks).features.at(2);
  ASSERT_TRUE(window.search(QString::fromStdString(park.name)));
  EXPECT_EQ(window.canvas()->settings().highlighted.front(), (render::FeatureRef{Layer::Parks, park.id}));
  EXPECT_FALSE(window.search(QStringLiteral("没有这个名字")));
}

TEST_F(ViewerTest, ProjectsPanelListsTheSameCandidatesAsTheCommandLine) {
  const auto cli = test::runLandbank(sampleDb(), {"match", "P-001", "--top", "20", "--format", "json"});
  ASSERT_EQ(cli.exitCode, 0) << cli.err;
  const auto json = nlohmann::json::parse(cli.out);
  std::vector<std::string> expected;
  for (const auto& candidate : json["candidates"]) expected.push_back(candidate["id"].get<std::string>());
  ASSERT_FALSE(expected.empty());

  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  window.resize(1200, 800);
  window.show();
  window.selectProject("P-001");
  window.matchProject("P-001");
  EXPECT_EQ(window.projectsPanel()->listedCandidates(), expected);
  // Drawn on the map with their ranks.
  const auto& sites = window.canvas()->settings().rankedSites;
  ASSERT_EQ(sites.size(), expected.size());
  EXPECT_EQ(sites.front().parcelId, expected.front());
  EXPECT_EQ(sites.front().rank, 1);
  // Selecting a candidate zooms to it and highlights it.
  ASSERT_TRUE(window.projectsPanel()->selectCandidate(expected.at(1)));
  EXPECT_EQ(window.canvas()->settings().highlighted.front(), (render::FeatureRef{Layer::Parcels, expected.at(1)}));
  EXPECT_TRUE(render::rectFromBox(window.canvas()->settings().visibleExtent())
                  .contains(window.canvas()->snapshot()->find(Layer::Parcels, expected.at(1))->anchor));
}

TEST_F(ViewerTest, ClickingARejectedParcelShowsTheEnginesWhyNot) {
  // A built parcel can never be offered (hard rule 1): the engine's check of that rule must show.
  SqliteDatabase db(sampleDb().string(), SqliteDatabase::Access::ReadOnly);
  auto query = db.prepare(
      "SELECT id, X(PointOnSurface(geom)), Y(PointOnSurface(geom)) FROM parcels WHERE status = 'built' AND area_m2 > 20000 ORDER BY id LIMIT 1");
  ASSERT_TRUE(query.step());
  const std::string id = query.columnText(0);
  viewer::MainWindow window;
  window.openDatabase(sampleDb());
  window.selectProject("P-001");
  window.matchProject("P-001");
  window.identifyAt(EastingNorthing::fromMetres(query.columnDouble(1), query.columnDouble(2)), 0, render::FeatureRef{Layer::Parcels, id});
  auto* details = window.projectsPanel()->findChild<QTextEdit*>();
  ASSERT_NE(details, nullptr);
  const QString text = details->toPlainText();
  EXPECT_TRUE(text.contains(QString::fromStdString(id))) << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral("✘ 状态 (status)"))) << text.toStdString();  // the rule, translated, with its code
  // The engine's own texts follow the viewer's language: the fact, the remedy and the evaluation's reasons.
  EXPECT_TRUE(text.contains(QStringLiteral("状态为已建成 —"))) << text.toStdString();
  EXPECT_TRUE(text.contains(QStringLiteral("加权总分"))) << text.toStdString();

  window.setLanguage(QStringLiteral("en"));  // evaluates the shown project again; the why-not follows at the next click
  window.identifyAt(EastingNorthing::fromMetres(query.columnDouble(1), query.columnDouble(2)), 0, render::FeatureRef{Layer::Parcels, id});
  const QString english = details->toPlainText();
  EXPECT_TRUE(english.contains(QStringLiteral("status is built (已建成)"))) << english.toStdString();
  EXPECT_TRUE(english.contains(QStringLiteral("weighted score"))) << english.toStdString();
  EXPECT_FALSE(english.contains(QStringLiteral("加权总分"))) << english.toStdString();
}

TEST_F(ViewerTest, MeasureAreaOfASquareKilometre) {
  viewer::MapCanvas canvas;
  viewer::MeasureTool area(&canvas, viewer::MeasureTool::Mode::Area);
  for (auto [e, n] : {std::pair{500000.0, 4020000.0}, {501000.0, 4020000.0}, {501000.0, 4021000.0}, {500000.0, 4021000.0}})
    area.addPoint(EastingNorthing::fromMetres(e, n));
  EXPECT_NEAR(area.value(), 1'000'000.0, 1e-6);
  EXPECT_NEAR(squareMetresToMu(area.value()), 1500.0, 1e-9);
  viewer::MeasureTool distance(&canvas, viewer::MeasureTool::Mode::Distance);
  distance.addPoint(EastingNorthing::fromMetres(0, 0));
  distance.addPoint(EastingNorthing::fromMetres(300, 400));
  EXPECT_DOUBLE_EQ(distance.value(), 500.0);
}

TEST_F(ViewerTest, CommandLineOptionsAreCheckedWithUsageErrors) {
  const auto options = viewer::parseViewerOptions({"viewer", "--db", "x.sqlite", "--lang", "en", "--extent", "120.3,36.2,120.4,36.3", "--size", "800x600",
                                                   "--user", "clerk", "--today", "2026年11月30日", "--projects-by", "grade"});
  EXPECT_EQ(options.language, QStringLiteral("en"));
  ASSERT_TRUE(options.extent);
  EXPECT_EQ(options.extent->y2, 36.3);
  EXPECT_EQ(options.extent->crs, "EPSG:4326") << "lon,lat unless --crs says otherwise, as the command line";
  EXPECT_EQ(options.size, QSize(800, 600));
  EXPECT_EQ(options.user, QStringLiteral("clerk"));
  EXPECT_EQ(options.today, QStringLiteral("2026-11-30"));
  EXPECT_TRUE(options.projectsByGrade);
  const auto metres = viewer::parseViewerOptions({"viewer", "--extent", "500000,4000000,502000,4001000", "--crs", "EPSG:4549"});
  EXPECT_EQ(metres.extent->crs, "EPSG:4549");
  for (const QStringList& bad : {QStringList{"viewer", "--lang", "fr"}, QStringList{"viewer", "--extent", "3,2,1,4"},
                                 QStringList{"viewer", "--extent", "500000,4000000,502000,4001000"},  // metres without --crs
                                 QStringList{"viewer", "--crs", "EPSG:4549"}, QStringList{"viewer", "--today", "yesterday"},
                                 QStringList{"viewer", "--projects-by", "colour"},
                                 QStringList{"viewer", "--db", "x", "--size", "big"}, QStringList{"viewer", "--nope"}}) {
    try {
      viewer::parseViewerOptions(bad);
      ADD_FAILURE() << bad.join(' ').toStdString();
    } catch (const Error& error) {
      EXPECT_EQ(exitCodeFor(error.code()), 2);
    }
  }
}

TEST_F(ViewerTest, ScreenshotFromTheCommandLine) {
  const auto png = m_dir / "shot.png";
  const std::string command = std::string("QT_QPA_PLATFORM=offscreen '") + LANDBANK_VIEWER_EXE + "' --db '" + sampleDb().string() +
                              "' --lang en --size 900x600 --screenshot '" + png.string() + "' 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0);
  QImage image(QString::fromStdString(png.string()));
  ASSERT_FALSE(image.isNull());
  EXPECT_EQ(image.size(), QSize(900, 600));
  const std::string missing = std::string("QT_QPA_PLATFORM=offscreen '") + LANDBANK_VIEWER_EXE + "' --db '" + (m_dir / "none.sqlite").string() +
                              "' --screenshot x.png 2>/dev/null";
  EXPECT_EQ(WEXITSTATUS(std::system(missing.c_str())), 1);
}

// What a planner meets before the window: --help in Chinese (English with --lang en) with no display
// needed, a one-line refusal without a display, and Qt's parse errors said in Chinese.
TEST_F(ViewerTest, HelpAndStartupRefusalsSpeakThePlannersLanguage) {
  const auto run = [&](const std::string& environment, const std::string& arguments, int& code) {
    const auto out = m_dir / "out.txt";
    const std::string command = "env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM " + environment + " '" + LANDBANK_VIEWER_EXE + "' " + arguments +
                                " >'" + out.string() + "' 2>&1";
    code = WEXITSTATUS(std::system(command.c_str()));
    std::ifstream in(out);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  int code = -1;
  std::string text = run("", "--help", code);
  EXPECT_EQ(code, 0) << text;
  EXPECT_NE(text.find("用法：landbank-viewer [选项]"), std::string::npos) << text;
  EXPECT_NE(text.find("数据库文件"), std::string::npos) << text;
  text = run("", "--lang en -h", code);
  EXPECT_EQ(code, 0) << text;
  EXPECT_NE(text.find("Database file"), std::string::npos) << text;
  text = run("", "--db x.sqlite", code);
  EXPECT_EQ(code, 1) << text;
  EXPECT_NE(text.find("没有图形显示"), std::string::npos) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  text = run("QT_QPA_PLATFORM=offscreen", "--bogus", code);
  EXPECT_EQ(code, 2) << text;
  EXPECT_NE(text.find("未知的选项：'bogus'"), std::string::npos) << text;
  text = run("QT_QPA_PLATFORM=offscreen", "--lang en --bogus", code);
  EXPECT_NE(text.find("Unknown option 'bogus'"), std::string::npos) << text;
}

}  // namespace
}  // namespace landbank

int main(int argc, char** argv) {
  qputenv("QT_QPA_PLATFORM", "offscreen");
  QApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
