// One-shot exports read a snapshot for the map's box (the R*Tree) instead of every feature: the map
// drawn from it must be the map drawn from the viewer's whole-layer snapshot, pixel for pixel, also
// where a large zone or park crosses the window with its centre far outside.

#include <gtest/gtest.h>

#include <QImage>
#include <QLineF>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <set>

#include "detail/sqlite.h"
#include "landbank/map_features.h"
#include "landbank/store.h"
#include "render/decorations.h"
#include "render/feature_snapshot.h"
#include "render/map_renderer.h"
#include "render/map_settings.h"
#include "sample_fixture.h"

namespace landbank {
namespace {

using render::FeatureSnapshot;
using render::MapFeature;
using render::MapSettings;

class BoxSnapshotTest : public test::SampleDatabaseTest {
 protected:
  /// The map and its legend drawn from `snapshot`, as the exports draw them.
  static QImage draw(const MapSettings& settings, const FeatureSnapshot& snapshot, render::RenderStats& stats) {
    QImage image(settings.outputSize, QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    stats = render::renderMap(painter, settings, snapshot);
    render::drawLegend(painter, settings, &snapshot, QPointF(settings.outputSize.width() - 12, 12));
    painter.end();
    return image;
  }

  /// Draws `settings` from the whole snapshot and from one loaded for its box (plus its highlighted
  /// and ranked sites), and expects the same pixels and the same counts. Returns the box snapshot.
  std::shared_ptr<const FeatureSnapshot> expectSameMap(const Store& store, const FeatureSnapshot& whole, const MapSettings& settings,
                                                       const std::string& what) {
    std::vector<render::FeatureRef> named = settings.highlighted;
    for (const render::RankedSite& site : settings.rankedSites) named.push_back({Layer::Parcels, site.parcelId});
    const auto boxed = FeatureSnapshot::load(store, {FeatureSnapshot::renderBox(settings)}, named);
    render::RenderStats wholeStats, boxStats;
    const QImage expected = draw(settings, whole, wholeStats);
    const QImage actual = draw(settings, *boxed, boxStats);
    EXPECT_GT(wholeStats.drawn + wholeStats.dots, 0u) << what << ": the window shows something";
    EXPECT_EQ(boxStats.drawn, wholeStats.drawn) << what;
    EXPECT_EQ(boxStats.dots, wholeStats.dots) << what;
    EXPECT_EQ(boxStats.labels, wholeStats.labels) << what;
    EXPECT_EQ(boxStats.rankDiscs, wholeStats.rankDiscs) << what;
    EXPECT_EQ(boxStats.crowdedRanks, wholeStats.crowdedRanks) << what;
    int differing = 0;
    for (int y = 0; y < expected.height(); ++y)
      for (int x = 0; x < expected.width(); ++x) differing += expected.pixel(x, y) != actual.pixel(x, y) ? 1 : 0;
    EXPECT_EQ(differing, 0) << what << ": pixels differing between the whole and the box snapshot";
    return boxed;
  }

  static MapSettings settingsAround(QPointF centre, double halfWidthMetres, QSize size) {
    MapSettings settings;
    const double halfHeight = halfWidthMetres * size.height() / size.width();
    settings.extent = ProjectedBox{centre.x() - halfWidthMetres, centre.y() - halfHeight, centre.x() + halfWidthMetres, centre.y() + halfHeight};
    settings.outputSize = size;
    settings.background = Qt::white;
    return settings;
  }

  /// The feature of `layer` with the largest box.
  static const MapFeature& largest(const FeatureSnapshot& snapshot, Layer layer) {
    const auto& features = snapshot.layer(layer).features;
    return *std::ranges::max_element(features, {}, [](const MapFeature& f) { return f.bounds.width() * f.bounds.height(); });
  }
};

TEST_F(BoxSnapshotTest, ATwoKilometreWindowIsTheSameMapFromAFractionOfTheParcels) {
  const Store store = Store::open(sampleDb(), StoreAccess::ReadOnly);
  const auto whole = FeatureSnapshot::load(store);
  const auto& parcels = whole->layer(Layer::Parcels).features;
  ASSERT_GT(parcels.size(), 1000u);
  // 2 km tall at 1920x1080 around the middle parcel, as the render benchmark draws it; a parcel far
  // away highlighted and ranked, so named features come along wherever they lie.
  const MapFeature& middle = parcels[parcels.size() / 2];
  MapSettings settings = settingsAround(middle.anchor, 1000.0 * 1920 / 1080, {1920, 1080});
  const MapFeature& far = *std::ranges::max_element(parcels, {}, [&](const MapFeature& f) { return QLineF(f.anchor, middle.anchor).length(); });
  settings.highlighted = {{Layer::Parcels, middle.id}, {Layer::Parcels, far.id}};
  settings.rankedSites = {{middle.id, 1}, {far.id, 2}};
  const auto boxed = expectSameMap(store, *whole, settings, "2 km window");
  EXPECT_LT(boxed->layer(Layer::Parcels).features.size(), parcels.size() / 2) << "only the parcels near the window are read";
  EXPECT_NE(boxed->find(Layer::Parcels, far.id), nullptr) << "a highlighted site outside the window is loaded by id";
  // The legend lists what each layer holds, not only what the box read.
  for (Layer layer : {Layer::Parcels, Layer::Constraints, Layer::Facilities, Layer::Roads})
    EXPECT_EQ(boxed->presentValues(layer), whole->presentValues(layer)) << layerName(layer);
  EXPECT_EQ(boxed->presentValues(Layer::Parcels, MapCategoryField::LandUse), whole->presentValues(Layer::Parcels, MapCategoryField::LandUse));

  // The whole district at 800x600 (the box then holds everything) and land-use styling.
  MapSettings district;
  district.extent = render::boxFromRect(whole->fullExtent());
  district.outputSize = {800, 600};
  district.background = Qt::white;
  district.styling = render::ParcelStyling::LandUse;
  expectSameMap(store, *whole, district, "district, land-use colours");
}

TEST_F(BoxSnapshotTest, ZonesAndParksThatCrossTheWindowFromOutsideAreDrawnTheSame) {
  const Store store = Store::open(sampleDb(), StoreAccess::ReadOnly);
  const auto whole = FeatureSnapshot::load(store);
  for (Layer layer : {Layer::Constraints, Layer::Parks, Layer::Water, Layer::Boundaries}) {
    if (whole->layer(layer).features.empty()) continue;
    const MapFeature& big = largest(*whole, layer);
    ASSERT_EQ(big.kind, render::ShapeKind::Polygon) << layerName(layer);
    // A window around a vertex of its outline (so the shape crosses the window), a quarter as wide
    // as the vertex is far from the centre: the centre lies well outside the window and its box.
    const QPointF vertex = big.rings.front().front();
    const double distance = QLineF(vertex, big.anchor).length();
    ASSERT_GT(distance, 100.0) << layerName(layer) << " " << big.id;
    const MapSettings settings = settingsAround(vertex, distance / 4, {1000, 700});
    const QRectF box = render::rectFromBox(FeatureSnapshot::renderBox(settings));
    ASSERT_FALSE(box.contains(big.anchor)) << layerName(layer) << " " << big.id << ": its centre is outside the box";
    const auto boxed = expectSameMap(store, *whole, settings, std::string(layerName(layer)) + " " + big.id + " across the edge");
    EXPECT_NE(boxed->find(layer, big.id), nullptr) << layerName(layer) << " " << big.id << " crosses the window: it must be read";
  }
}

TEST_F(BoxSnapshotTest, TheStoreReadsWhatMeetsTheBoxesOnceEachInIdOrder) {
  const Store store = Store::open(sampleDb(), StoreAccess::ReadOnly);
  const auto whole = FeatureSnapshot::load(store);
  const auto& parcels = whole->layer(Layer::Parcels).features;
  // Two overlapping 1 km boxes among the parcels (features in both come once) and an id from elsewhere.
  const QPointF middle = parcels[parcels.size() / 2].anchor;
  const QRectF a(middle - QPointF(500, 500), QSizeF(1000, 1000));
  const QRectF b = a.translated(a.width() * 0.5, a.height() * 0.5);
  MapFeatureSelection selection;
  selection.boxes = {render::boxFromRect(a), render::boxFromRect(b)};
  selection.ids = {parcels.front().id, "NO-SUCH-ID"};
  std::vector<std::string> ids;
  readMapFeatures(store, Layer::Parcels, selection, [&](MapFeatureRow& row) {
    ids.push_back(row.id);
    EXPECT_FALSE(row.wkb.empty()) << row.id;
  });
  EXPECT_TRUE(std::ranges::is_sorted(ids)) << "in id order";
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size()) << "each once";
  const std::set<std::string> got(ids.begin(), ids.end());
  // Every parcel whose box meets a box is read; nothing farther than the R*Tree's single-precision
  // rounding (well under a metre here) is.
  std::size_t inside = 0;
  for (const MapFeature& parcel : parcels) {
    const bool meets = parcel.bounds.intersects(a) || parcel.bounds.intersects(b);
    const QRectF grownA = a.adjusted(-1, -1, 1, 1), grownB = b.adjusted(-1, -1, 1, 1);
    const bool near = parcel.bounds.intersects(grownA) || parcel.bounds.intersects(grownB);
    if (meets) {
      ++inside;
      EXPECT_TRUE(got.contains(parcel.id)) << parcel.id << " meets a box";
    }
    if (!near && parcel.id != parcels.front().id) {
      EXPECT_FALSE(got.contains(parcel.id)) << parcel.id << " is nowhere near the boxes";
    }
  }
  EXPECT_GT(inside, 10u);
  EXPECT_TRUE(got.contains(parcels.front().id)) << "named by id";
  // The same rows, values and all, as the whole read gives for them.
  readMapFeatures(store, Layer::Parcels, selection, [&](MapFeatureRow& row) {
    const MapFeature* feature = whole->find(Layer::Parcels, row.id);
    ASSERT_NE(feature, nullptr);
    EXPECT_EQ(row.category, feature->category);
    EXPECT_EQ(row.landUse, feature->landUse);
    EXPECT_DOUBLE_EQ(row.areaM2.value_or(0), feature->areaM2);
  });
  // Distinct style values agree with SpatiaLite's own answer.
  std::vector<std::string> statuses;
  auto query = store.database().prepare("SELECT DISTINCT status FROM parcels ORDER BY status");
  while (query.step()) statuses.push_back(query.columnText(0));
  EXPECT_EQ(distinctMapValues(store, Layer::Parcels, MapCategoryField::Category), statuses);
}

}  // namespace
}  // namespace landbank
