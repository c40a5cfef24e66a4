#pragma once
// Files the command line and the exports write for people and other tools: written atomically
// (a temporary file in the same folder, flushed to disk, then renamed over the target), so a failure
// or a kill leaves either the old file or the new one, never a truncated mix; and never onto the
// open database or its companions (-wal, -shm, -journal), which would destroy the land bank.

#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <vector>

namespace landbank {

/// What to do when the target already exists.
enum class ExistingOutput { Replace, Refuse };

struct OutputFileOptions {
  ExistingOutput existing = ExistingOutput::Replace;
  /// Files the output must never resolve to (the open database); each is protected with its SQLite
  /// companions `-wal`, `-shm` and `-journal`.
  std::vector<std::filesystem::path> protectedFiles;
};

/// Throws Error(Usage) naming the path when `target` resolves (through `..`, symbolic links or a hard
/// link) to one of `protectedFiles` or its companions, or names a folder; throws Error(Usage) when it
/// exists and `existing` is Refuse (the message says to pass --force).
void checkOutputTarget(const std::filesystem::path& target, const OutputFileOptions& options);

/// One output file written atomically. Construction checks the target (checkOutputTarget) and creates
/// a uniquely named temporary file beside it, with the target's extension so that writers choosing a
/// format by extension (GDAL drivers) see the right one. Write through stream(), or let a library write
/// to temporaryPath(); commit() then flushes it to disk and renames it over the target. Destroying an
/// uncommitted file removes the temporary file and leaves the target untouched. Not copyable; one
/// thread at a time.
class AtomicOutputFile {
 public:
  enum class Mode {
    Stream,      ///< open the temporary file for writing through stream()
    PathOnly,    ///< reserve a temporary name only; the caller's library creates the file there
  };

  AtomicOutputFile(std::filesystem::path target, const OutputFileOptions& options, Mode mode = Mode::Stream);
  ~AtomicOutputFile();
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;

  /// The stream onto the temporary file (Mode::Stream only).
  std::ostream& stream();
  const std::filesystem::path& temporaryPath() const noexcept { return m_temporary; }
  const std::filesystem::path& targetPath() const noexcept { return m_target; }

  /// Flushes, fsyncs and renames the temporary file over the target; throws Error(Io) naming the target
  /// when any step fails (the temporary file is then removed and the target left as it was).
  void commit();

 private:
  std::filesystem::path m_target;
  std::filesystem::path m_temporary;
  std::unique_ptr<std::ofstream> m_stream;
  bool m_committed = false;
};

}  // namespace landbank
