#include "render/spatial_grid.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace landbank::render {

namespace {
/// About this many boxes per cell: fewer cells to visit than boxes to test, either way cheap.
constexpr double kBoxesPerCell = 4;
constexpr int kMaxCellsPerSide = 4096;
/// A box spanning more than this many cells goes to the always-tested list.
constexpr double kLargeInCells = 4;
}  // namespace

SpatialGrid::SpatialGrid(std::span<const QRectF> bounds) : m_bounds(bounds.begin(), bounds.end()) {
  std::size_t indexed = 0;
  for (const QRectF& box : m_bounds)
    if (!box.isNull()) m_extent = indexed++ ? m_extent.united(box) : box;
  if (indexed == 0) return;
  const double width = std::max(m_extent.width(), 1e-6), height = std::max(m_extent.height(), 1e-6);
  const double cell = std::sqrt(width * height / std::max(1.0, double(indexed) / kBoxesPerCell));
  m_columns = std::clamp(int(std::ceil(width / cell)), 1, kMaxCellsPerSide);
  m_rows = std::clamp(int(std::ceil(height / cell)), 1, kMaxCellsPerSide);
  m_cellWidth = width / m_columns;
  m_cellHeight = height / m_rows;

  // Two passes (count, then place) give compressed rows without a vector per cell.
  std::vector<int> cellOf(m_bounds.size(), -1);
  m_cellStart.assign(std::size_t(m_columns) * m_rows + 1, 0);
  for (std::size_t i = 0; i < m_bounds.size(); ++i) {
    const QRectF& box = m_bounds[i];
    if (box.isNull()) continue;
    if (box.width() > kLargeInCells * m_cellWidth || box.height() > kLargeInCells * m_cellHeight) {
      m_large.push_back(std::uint32_t(i));
      continue;
    }
    m_reachX = std::max(m_reachX, box.width() / 2);
    m_reachY = std::max(m_reachY, box.height() / 2);
    const QPointF centre = box.center();
    cellOf[i] = rowOf(centre.y()) * m_columns + columnOf(centre.x());
    ++m_cellStart[std::size_t(cellOf[i]) + 1];
  }
  for (std::size_t c = 1; c < m_cellStart.size(); ++c) m_cellStart[c] += m_cellStart[c - 1];
  m_items.resize(m_cellStart.back());
  std::vector<std::uint32_t> fill(m_cellStart.begin(), m_cellStart.end() - 1);
  for (std::size_t i = 0; i < m_bounds.size(); ++i)
    if (cellOf[i] >= 0) m_items[fill[std::size_t(cellOf[i])]++] = std::uint32_t(i);
}

int SpatialGrid::columnOf(double x) const { return std::clamp(int(std::floor((x - m_extent.left()) / m_cellWidth)), 0, m_columns - 1); }
int SpatialGrid::rowOf(double y) const { return std::clamp(int(std::floor((y - m_extent.top()) / m_cellHeight)), 0, m_rows - 1); }

void SpatialGrid::query(const QRectF& rect, std::vector<std::uint32_t>& out) const {
  out.clear();
  if (m_columns == 0 || rect.isNull()) return;
  const QRectF reach = rect.adjusted(-m_reachX, -m_reachY, m_reachX, m_reachY);
  // A bitmap of hits read back in order gives ascending positions without sorting: at full extent
  // a sort of 10^6 positions would cost more than the query.
  std::vector<std::uint64_t> hit((m_bounds.size() + 63) / 64, 0);
  std::size_t count = 0;
  auto test = [&](std::uint32_t i) {
    if (m_bounds[i].intersects(rect)) hit[i / 64] |= std::uint64_t(1) << (i % 64), ++count;
  };
  if (reach.intersects(m_extent)) {
    const int c0 = columnOf(reach.left()), c1 = columnOf(reach.right());
    const int r0 = rowOf(reach.top()), r1 = rowOf(reach.bottom());
    for (int r = r0; r <= r1; ++r) {
      const std::size_t row = std::size_t(r) * m_columns;
      for (std::uint32_t k = m_cellStart[row + c0]; k < m_cellStart[row + c1 + 1]; ++k) test(m_items[k]);
    }
  }
  for (std::uint32_t i : m_large) test(i);
  out.reserve(count);
  for (std::size_t w = 0; w < hit.size(); ++w)
    for (std::uint64_t bits = hit[w]; bits; bits &= bits - 1) out.push_back(std::uint32_t(w * 64 + std::countr_zero(bits)));
}

}  // namespace landbank::render
