#include "map_export_loader.h"

#include <dlfcn.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "landbank/error.h"

namespace landbank::cli {

MapExportFunction loadMapExport(const char* symbolName) {
  std::vector<std::string> candidates;
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) candidates.push_back((self.parent_path() / "liblandbank_map_export.so").string());
#ifdef LANDBANK_MAP_EXPORT_LIBRARY
  candidates.emplace_back(LANDBANK_MAP_EXPORT_LIBRARY);
#endif
  std::string reasons;
  for (const std::string& path : candidates) {
    if (!std::filesystem::exists(path, error)) continue;
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);  // kept loaded until the process ends
    if (!handle) {
      reasons += std::string("; ") + ::dlerror();
      continue;
    }
    if (void* symbol = ::dlsym(handle, symbolName)) return reinterpret_cast<MapExportFunction>(symbol);
    reasons += "; " + path + " has no " + symbolName;
  }
  throw Error(ErrorCode::Io, Message{"无法导出地图：找不到 liblandbank_map_export.so（随查看器一起构建）" + reasons,
                                     "map export is not available: liblandbank_map_export.so (built with the viewer) was not found" + reasons});
}

}  // namespace landbank::cli
