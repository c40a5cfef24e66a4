#pragma once
// Loading the Qt rendering library (liblandbank_map_export.so) on demand, for the commands that draw
// pictures (`export map|packet`, `report --map|--chart`): the landbank executable links no Qt and the
// other commands never load it.

#include <cstddef>

namespace landbank::cli {

/// The library's entry points all take a JSON request and fill a message buffer (see
/// viewer/export/map_export.h); they return an exit code.
using MapExportFunction = int (*)(const char*, char*, std::size_t);

/// Looks `symbolName` up in liblandbank_map_export.so, loaded from the folder of the running
/// executable first, then from the build tree. Throws Error(Io) when the library or the symbol is missing.
MapExportFunction loadMapExport(const char* symbolName);

}  // namespace landbank::cli
