#include "detail/proj_library.h"

#include <dlfcn.h>

#include <string>

#include "landbank/error.h"

#ifndef LANDBANK_PROJ_SONAME
#error "LANDBANK_PROJ_SONAME (the SONAME of the PROJ library) is set by engine/CMakeLists.txt"
#endif

namespace landbank {

namespace {

[[noreturn]] void cannotLoad(const std::string& what) {
  throw Error(ErrorCode::Internal, Message{"无法加载 PROJ 库 " LANDBANK_PROJ_SONAME "（请安装 libproj25）：" + what,
                                           "cannot load the PROJ library " LANDBANK_PROJ_SONAME " (install libproj25): " + what});
}

template <typename Function>
void resolve(void* handle, const char* name, Function& function) {
  void* symbol = ::dlsym(handle, name);
  if (!symbol) cannotLoad(std::string("no ") + name);
  function = reinterpret_cast<Function>(symbol);
}

ProjLibrary load() {
  // Kept loaded until the process ends; RTLD_GLOBAL is not needed: nothing else resolves against it.
  void* handle = ::dlopen(LANDBANK_PROJ_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!handle) cannotLoad(::dlerror());
  ProjLibrary library{};
  resolve(handle, "proj_context_create", library.context_create);
  resolve(handle, "proj_context_destroy", library.context_destroy);
  resolve(handle, "proj_context_set_enable_network", library.context_set_enable_network);
  resolve(handle, "proj_context_errno", library.context_errno);
  resolve(handle, "proj_context_errno_string", library.context_errno_string);
  resolve(handle, "proj_log_func", library.log_func);
  resolve(handle, "proj_create", library.create);
  resolve(handle, "proj_create_crs_to_crs", library.create_crs_to_crs);
  resolve(handle, "proj_destroy", library.destroy);
  resolve(handle, "proj_get_type", library.get_type);
  resolve(handle, "proj_normalize_for_visualization", library.normalize_for_visualization);
  resolve(handle, "proj_get_area_of_use", library.get_area_of_use);
  resolve(handle, "proj_crs_get_coordinate_system", library.crs_get_coordinate_system);
  resolve(handle, "proj_cs_get_axis_info", library.cs_get_axis_info);
  resolve(handle, "proj_trans", library.trans);
  resolve(handle, "proj_coord", library.coord);
  return library;
}

}  // namespace

const ProjLibrary& projLibrary() {
  static const ProjLibrary library = load();  // a throw leaves it unset: the next call tries again
  return library;
}

}  // namespace landbank
