#include "casdoctor/cli/output_target.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/sys/console.hpp"
#include "casdoctor/sys/file_lock.hpp"
#include "casdoctor/sys/path.hpp"

namespace casdoctor::cli {
namespace {

namespace fs = std::filesystem;

std::unexpected<Error> cannot_create(const fs::path& path, const std::string& reason) {
  return make_error(k_exit_cant_create,
                    cat("cannot write the report to '", sys::path_to_utf8(path), "': ", reason));
}

std::unexpected<Error> write_failed(const fs::path& path, const std::string& reason) {
  return make_error(k_exit_io_error,
                    cat("writing the report to '", sys::path_to_utf8(path), "' failed: ", reason));
}

fs::path folder_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

// A name next to `path` that nobody else uses; created exclusively, so a
// file or link planted there is never followed.
fs::path temporary_name(const fs::path& path, int attempt) {
  // Joined as paths, not as narrow strings: a non-ASCII name keeps its
  // UTF-16 on Windows.
  fs::path name(".");
  name += path.filename();
  name +=
      cat(".casdoctor-", std::to_string(sys::current_process_id()), "-", std::to_string(attempt));
  return folder_of(path) / name;
}

using Creation = sys::NewFile;

// Creates a new file exclusively and writes `content`; closed on return.
Creation create_exclusive(const fs::path& path, std::string_view content) {
  return sys::create_new_file(path, content);
}

Result<void> check_new_file(const fs::path& path) {
  std::error_code ec;
  const fs::path folder = folder_of(path);
  if (!fs::exists(folder, ec))
    return cannot_create(path, cat("folder '", sys::path_to_utf8(folder), "' does not exist"));
  if (!fs::is_directory(folder, ec))
    return cannot_create(path, cat("'", sys::path_to_utf8(folder), "' is not a folder"));
  for (int attempt = 0; attempt < 8; ++attempt) {
    const fs::path probe = temporary_name(path, attempt);
    const Creation created = create_exclusive(probe, {});
    if (created.outcome == Creation::exists) continue;
    if (created.outcome == Creation::refused) {
      return cannot_create(
          path, cat("cannot create files in '", sys::path_to_utf8(folder), "': ", created.error));
    }
    fs::remove(probe, ec);
    return {};
  }
  return cannot_create(path, cat("cannot create a file in '", sys::path_to_utf8(folder), "'"));
}

Result<void> write_in_place(const fs::path& path, std::string_view content) {
  if (auto written = sys::write_file(path, content); !written)
    return write_failed(path, written.error().message);
  return {};
}

}  // namespace

Result<void> check_output_target(const fs::path& path) {
  if (path.empty()) return {};
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) return check_new_file(path);
  if (fs::is_directory(status)) return cannot_create(path, "it is a folder");
  errno = 0;
  std::ofstream probe(path, std::ios::binary | std::ios::app);
  if (!probe) return cannot_create(path, std::strerror(errno));
  return {};
}

Result<void> write_output_file(const fs::path& path, std::string_view content) {
  std::error_code ec;
  const auto link = fs::symlink_status(path, ec);
  const bool exists = fs::exists(link);
  if (exists && !fs::is_regular_file(link)) return write_in_place(path, content);
  for (int attempt = 0; attempt < 8; ++attempt) {
    const fs::path temporary = temporary_name(path, attempt);
    const Creation created = create_exclusive(temporary, content);
    if (created.outcome == Creation::exists) continue;
    // A folder we may not create files in, holding a file we may write.
    if (created.outcome == Creation::refused) return write_in_place(path, content);
    if (created.outcome == Creation::write_failed) {
      fs::remove(temporary, ec);
      return write_failed(path, created.error);
    }
    if (exists) fs::permissions(temporary, fs::status(path, ec).permissions(), ec);
    fs::rename(temporary, path, ec);
    if (!ec) return {};
    fs::remove(temporary, ec);
    return write_failed(path, ec.message());
  }
  return write_failed(path,
                      cat("no free temporary name in '", sys::path_to_utf8(folder_of(path)), "'"));
}

}  // namespace casdoctor::cli
