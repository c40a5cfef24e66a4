#pragma once
// Shared by the map and packet exports of liblandbank_map_export.so (internal).

#include <QString>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "render/map_settings.h"

namespace landbank {
class Store;
}

namespace landbank::render {

/// Creates the process's QGuiApplication on the offscreen platform (whatever the environment says)
/// with Qt's informational warnings silenced. Idempotent.
void ensureGuiApplication();
/// "数据截至：2026-10-31（地块、园区）" for the visible layers that have provenance.
QString asOfLine(const Store& store, const std::vector<LayerState>& layers, MapLanguage language);
/// Copies `text` into a C buffer, cut to fit and NUL-terminated.
void copyMessage(const std::string& text, char* message, std::size_t size);
/// The body of every C entry point of the library: runs `work`, copies its summary (or the error's
/// message, in the request's "language") into `message` and returns 0 or the exit code of the error.
/// Exceptions never cross the C boundary: this is the one place that maps them (as runCli does).
int answerExport(const std::function<std::string()>& work, const char* requestJson, char* message, std::size_t size);

}  // namespace landbank::render
