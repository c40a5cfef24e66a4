#pragma once
// A hand-made scene whose query answers are known in advance. EPSG:4549 metres, origin
// (527000, 4018000), drawn with a grid of 100 m:
//
//   y=200 +------+------+
//         |  A   |  B   |   A: 0..100 x 100..200, reserved, 100102, extra attribute plot_no = 'X1'
//         |      | [h]  |   B: 100..200 x 100..200 with a 20 m hole h at 140..160 x 140..160, available, 100103
//   y=100 +------+------+
//         |  C   |            C: 0..100 x 0..100, available, 100101
//   y=0   +------+        D D  D: MultiPolygon of 300..350 x 0..50 and 400..450 x 0..50, allocated, 070101
//         x=0    x=100   x=300..450
//
// Areas: A = C = 10,000 m² (15 亩), B = 9,600 m², D = 5,000 m².
// Park P1 covers A and B (0..200 x 100..200); constraint K1 (exclude) covers x 50..150 over the whole
// scene height, K2 (limit_height) covers D's first part only. Facility F1 (highway_exit) at (500, 25).

#include <filesystem>
#include <string>

#include "test_support.h"

namespace landbank::test {

inline constexpr double kSceneX0 = 527000, kSceneY0 = 4018000;

/// Creates the scene's database at `database` (init + imports through the CLI, as users do).
void buildQueryScene(const TempDir& dir, const std::filesystem::path& database);

/// "527120,4018050" for a point given in scene metres (relative to the origin), EPSG:4549.
std::string scenePoint(double x, double y);

}  // namespace landbank::test
