#include "landbank/output_file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "landbank/error.h"

namespace landbank {

namespace fs = std::filesystem;

namespace {

// The path as it will be opened: symbolic links and `..` resolved as far as the path exists.
fs::path resolvedPath(const fs::path& path) {
  std::error_code ignored;
  fs::path absolute = fs::absolute(path, ignored);
  fs::path resolved = fs::weakly_canonical(absolute, ignored);
  return resolved.empty() ? absolute.lexically_normal() : resolved;
}

bool sameFile(const fs::path& a, const fs::path& b) {
  if (resolvedPath(a) == resolvedPath(b)) return true;
  std::error_code ignored;  // hard links: the same inode under another name
  return fs::exists(a, ignored) && fs::exists(b, ignored) && fs::equivalent(a, b, ignored);
}

void syncPath(const fs::path& path, int flags) {
  const int descriptor = ::open(path.c_str(), flags | O_CLOEXEC);
  if (descriptor < 0) return;
  ::fsync(descriptor);
  ::close(descriptor);
}

}  // namespace

void checkOutputTarget(const fs::path& target, const OutputFileOptions& options) {
  if (target.empty()) throw Error(ErrorCode::Usage, Message{"输出文件名为空", "the output file name is empty"});
  for (const fs::path& database : options.protectedFiles) {
    for (const char* companion : {"", "-wal", "-shm", "-journal"}) {
      const fs::path protectedFile = database.string() + companion;
      if (sameFile(target, protectedFile))
        throw Error(ErrorCode::Usage,
                    Message{std::string("不会把输出写到数据库") + (*companion ? "的附属文件" : "") + " '" + protectedFile.string() + "' 上；请用 -o 换一个文件",
                            "refusing to write the output onto the database" + std::string(*companion ? " companion file" : "") + " '" +
                                protectedFile.string() + "'; choose another -o file"},
                    {.file = target.string()});
    }
  }
  std::error_code ignored;
  if (fs::is_directory(target, ignored))
    throw Error(ErrorCode::Usage, Message{"输出是一个文件夹；请给出文件名", "the output is a folder; give a file name"}, {.file = target.string()});
  // The output is written beside the target and renamed over it: onto a device, a pipe or a socket
  // (`-o /dev/null`, `-o /dev/stdout`) that rename would replace the special file itself.
  if (const fs::file_status status = fs::status(target, ignored); fs::exists(status) && !fs::is_regular_file(status))
    throw Error(ErrorCode::Usage,
                Message{"输出不是普通文件（是设备、管道或套接字）；请给出一个文件名，或不加 -o 写到标准输出",
                        "the output is not a regular file (a device, pipe or socket); give a file name, or leave out -o to write to standard output"},
                {.file = target.string()});
  if (options.existing == ExistingOutput::Refuse && fs::exists(target, ignored))
    throw Error(ErrorCode::Usage, Message{"输出文件已存在；要替换它请加 --force", "the output file exists; pass --force to replace it"}, {.file = target.string()});
}

AtomicOutputFile::AtomicOutputFile(fs::path target, const OutputFileOptions& options, Mode mode) : m_target(std::move(target)) {
  checkOutputTarget(m_target, options);
  const fs::path folder = m_target.has_parent_path() ? m_target.parent_path() : fs::path(".");
  std::error_code error;
  if (!fs::is_directory(folder, error))
    throw Error(ErrorCode::Io, Message{"输出所在的文件夹不存在", "the output's folder does not exist"}, {.file = m_target.string()});
  // Hidden, unique, same folder (so rename is atomic), same extension (so GDAL picks the right driver).
  const std::string extension = m_target.extension().string();
  std::string pattern = (folder / ("." + m_target.stem().string() + ".tmp-XXXXXX" + extension)).string();
  const int descriptor = ::mkstemps(pattern.data(), static_cast<int>(extension.size()));
  if (descriptor < 0)
    throw Error(ErrorCode::Io, Message{std::string("无法在输出旁边创建临时文件：") + std::strerror(errno), std::string("cannot create a temporary file beside the output: ") + std::strerror(errno)},
                {.file = m_target.string()});
  ::close(descriptor);
  m_temporary = pattern;
  if (mode == Mode::PathOnly) {
    fs::remove(m_temporary, error);  // the writer creates it; the name stays unique enough (random suffix)
    return;
  }
  m_stream = std::make_unique<std::ofstream>(m_temporary, std::ios::binary | std::ios::trunc);
  if (!*m_stream) {
    fs::remove(m_temporary, error);
    throw Error(ErrorCode::Io, Message{"无法打开输出旁边的临时文件", "cannot open a temporary file beside the output"}, {.file = m_target.string()});
  }
}

AtomicOutputFile::~AtomicOutputFile() {
  if (m_committed) return;
  m_stream.reset();
  std::error_code ignored;
  fs::remove(m_temporary, ignored);
}

std::ostream& AtomicOutputFile::stream() {
  if (!m_stream) throw Error(ErrorCode::Internal, "AtomicOutputFile::stream() on a path-only output", {.file = m_target.string()});
  return *m_stream;
}

void AtomicOutputFile::commit() {
  std::error_code error;
  if (m_stream) {
    m_stream->flush();
    const bool good = m_stream->good();
    m_stream->close();
    if (!good || m_stream->fail()) {
      fs::remove(m_temporary, error);
      m_committed = true;
      throw Error(ErrorCode::Io, Message{"无法写入输出", "cannot write the output"}, {.file = m_target.string()});
    }
  }
  if (!fs::exists(m_temporary, error)) {
    m_committed = true;
    throw Error(ErrorCode::Io, Message{"输出没有写出来", "the output was not written"}, {.file = m_target.string()});
  }
  syncPath(m_temporary, O_RDONLY);
  fs::rename(m_temporary, m_target, error);
  if (error) {
    fs::remove(m_temporary, error);
    m_committed = true;
    throw Error(ErrorCode::Io, Message{"无法把输出放到位：" + error.message(), "cannot put the output in place: " + error.message()}, {.file = m_target.string()});
  }
  m_committed = true;
  syncPath(m_target.has_parent_path() ? m_target.parent_path() : fs::path("."), O_RDONLY | O_DIRECTORY);
}

}  // namespace landbank
