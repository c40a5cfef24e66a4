#include "detail/spatialite_blob.h"

#include <cstdint>
#include <cstring>

namespace landbank {

namespace {

constexpr unsigned char kStart = 0x00, kMbrEnd = 0x7C, kEntity = 0x69, kEnd = 0xFE;
constexpr std::size_t kHeader = 39;  // start, byte order, SRID, MBR, MBR end
constexpr std::uint32_t kPoint = 1, kLineString = 2, kPolygon = 3, kMultiPoint = 4, kMultiLineString = 5, kMultiPolygon = 6,
                        kCollection = 7;
// Deeper nesting than a collection of multipolygons is not something an import writes.
constexpr int kMostDepth = 8;

class Walker {
 public:
  Walker(const unsigned char* data, std::size_t end, bool bigEndian, std::vector<unsigned char>& out)
      : m_data(data), m_end(end), m_bigEndian(bigEndian), m_out(out) {}

  // Copies one geometry of class `type` whose data starts at m_at (the class code already read).
  bool geometry(std::uint32_t type, int depth) {
    if (depth > kMostDepth) return false;
    switch (type) {
      case kPoint: return copy(16);
      case kLineString: return points();
      case kPolygon: {
        std::uint32_t rings = 0;
        if (!count(rings)) return false;
        for (std::uint32_t i = 0; i < rings; ++i)
          if (!points()) return false;
        return true;
      }
      case kMultiPoint:
      case kMultiLineString:
      case kMultiPolygon:
      case kCollection: {
        std::uint32_t members = 0;
        if (!count(members)) return false;
        for (std::uint32_t i = 0; i < members; ++i) {
          if (m_at >= m_end || m_data[m_at] != kEntity) return false;
          ++m_at;
          m_out.push_back(m_bigEndian ? 0x00 : 0x01);
          std::uint32_t memberType = 0;
          if (!integer(memberType)) return false;
          if (type == kMultiPoint && memberType != kPoint) return false;
          if (type == kMultiLineString && memberType != kLineString) return false;
          if (type == kMultiPolygon && memberType != kPolygon) return false;
          if (!geometry(memberType, depth + 1)) return false;
        }
        return true;
      }
      default: return false;  // Z, M, ZM and the compressed classes
    }
  }
  bool integer(std::uint32_t& value) {
    if (m_end - m_at < 4) return false;
    unsigned char bytes[4];
    std::memcpy(bytes, m_data + m_at, 4);
    value = m_bigEndian ? (std::uint32_t{bytes[0]} << 24 | std::uint32_t{bytes[1]} << 16 | std::uint32_t{bytes[2]} << 8 | bytes[3])
                        : (std::uint32_t{bytes[3]} << 24 | std::uint32_t{bytes[2]} << 16 | std::uint32_t{bytes[1]} << 8 | bytes[0]);
    return copy(4);
  }
  std::size_t at() const { return m_at; }
  void start(std::size_t at) { m_at = at; }

 private:
  bool copy(std::size_t bytes) {
    if (m_end - m_at < bytes) return false;
    m_out.insert(m_out.end(), m_data + m_at, m_data + m_at + bytes);
    m_at += bytes;
    return true;
  }
  bool count(std::uint32_t& value) { return integer(value); }
  bool points() {
    std::uint32_t n = 0;
    if (!count(n)) return false;
    if ((m_end - m_at) / 16 < n) return false;
    return copy(std::size_t{n} * 16);
  }

  const unsigned char* m_data;
  std::size_t m_end;
  std::size_t m_at = 0;
  bool m_bigEndian;
  std::vector<unsigned char>& m_out;
};

}  // namespace

bool wkbFromSpatialiteBlob(const unsigned char* blob, std::size_t size, std::vector<unsigned char>& wkb) {
  if (!blob || size < kHeader + 5 || blob[0] != kStart || blob[38] != kMbrEnd || blob[size - 1] != kEnd) return false;
  if (blob[1] != 0x00 && blob[1] != 0x01) return false;
  const std::size_t before = wkb.size();
  const bool bigEndian = blob[1] == 0x00;
  wkb.push_back(blob[1]);
  // The class code and data sit between the header and the end marker.
  Walker walker(blob, size - 1, bigEndian, wkb);
  walker.start(kHeader);
  std::uint32_t type = 0;
  if (!walker.integer(type) || !walker.geometry(type, 0) || walker.at() != size - 1) {
    wkb.resize(before);
    return false;
  }
  return true;
}

}  // namespace landbank
