#pragma once
// PROJ (Debian's libproj), loaded when first used. A `landbank match` over stored facts transforms no
// coordinate, and mapping libproj with what it links (libcurl, libtiff, GnuTLS, ...) took 15-25 ms of
// the 100 ms a whole cold match may take (docs/benchmarks.md). So the engine does not link libproj:
// every PROJ call goes through this table, filled on first use from the library the engine was built
// against (its SONAME, recorded at build time). Types and constants still come from <proj.h>.
#include <proj.h>

namespace landbank {

struct ProjLibrary {
  decltype(&::proj_context_create) context_create;
  decltype(&::proj_context_destroy) context_destroy;
  decltype(&::proj_context_set_enable_network) context_set_enable_network;
  decltype(&::proj_context_errno) context_errno;
  decltype(&::proj_context_errno_string) context_errno_string;
  decltype(&::proj_log_func) log_func;
  decltype(&::proj_create) create;
  decltype(&::proj_create_crs_to_crs) create_crs_to_crs;
  decltype(&::proj_destroy) destroy;
  decltype(&::proj_get_type) get_type;
  decltype(&::proj_normalize_for_visualization) normalize_for_visualization;
  decltype(&::proj_get_area_of_use) get_area_of_use;
  decltype(&::proj_crs_get_coordinate_system) crs_get_coordinate_system;
  decltype(&::proj_cs_get_axis_info) cs_get_axis_info;
  decltype(&::proj_trans) trans;
  decltype(&::proj_coord) coord;
};

/// The loaded library (thread-safe, loaded once). Throws Error(Internal) naming the library when it
/// cannot be loaded or lacks a function.
const ProjLibrary& projLibrary();

}  // namespace landbank
