#pragma once
// A static uniform grid over feature bounding boxes, built once when a snapshot loads, so that a
// frame of a small window visits the features near it instead of every feature of the layer.
// Immutable after construction: render jobs on worker threads query it without locks.

#include <QRectF>

#include <cstdint>
#include <span>
#include <vector>

namespace landbank::render {

class SpatialGrid {
 public:
  SpatialGrid() = default;
  /// Indexes boxes by position; null boxes (features without geometry) are left out.
  explicit SpatialGrid(std::span<const QRectF> bounds);

  /// Positions (ascending, so drawing order stays the load order) of the boxes that intersect
  /// `rect` in the QRectF::intersects sense. `out` is cleared first.
  void query(const QRectF& rect, std::vector<std::uint32_t>& out) const;
  std::size_t size() const { return m_bounds.size(); }

 private:
  int columnOf(double x) const;
  int rowOf(double y) const;

  /// A copy of the boxes, packed for the exact test (a MapFeature is ~300 bytes apart from the next).
  std::vector<QRectF> m_bounds;
  QRectF m_extent;
  int m_columns = 0, m_rows = 0;
  double m_cellWidth = 1, m_cellHeight = 1;
  /// Compressed rows: the boxes whose centre falls in cell c are m_items[m_cellStart[c] .. m_cellStart[c + 1]).
  std::vector<std::uint32_t> m_cellStart;
  std::vector<std::uint32_t> m_items;
  /// Boxes wider or taller than a few cells (district boundary, large constraints): always tested,
  /// so they do not widen the search reach of every query.
  std::vector<std::uint32_t> m_large;
  /// Half of the largest width / height among the boxes in cells: how far beyond the query a
  /// centre may lie while its box still reaches in.
  double m_reachX = 0, m_reachY = 0;
};

}  // namespace landbank::render
