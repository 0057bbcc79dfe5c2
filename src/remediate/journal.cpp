#include "casdoctor/remediate/journal.hpp"

#include <system_error>
#include <utility>

#include "casdoctor/sys/path.hpp"

namespace casdoctor {

Result<std::unique_ptr<FileJournal>> FileJournal::open(const std::filesystem::path& path) {
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      std::string message = "cannot create the journal's folder '";
      message.append(sys::path_to_utf8(path.parent_path())).append("': ").append(ec.message());
      return make_error(ExitCode::unknown, std::move(message));
    }
  }
  auto file = sys::AppendFile::open(path);
  if (!file) return std::unexpected(file.error());
  return std::unique_ptr<FileJournal>(new FileJournal(std::move(*file)));
}

// dump() without indent is one line: JSON escapes every control character,
// so no value can break the one-event-per-line framing.
Result<void> FileJournal::write(const nlohmann::ordered_json& event) {
  std::string line = event.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  line.push_back('\n');
  return file_.append(line);
}

Result<std::filesystem::path> default_journal_path() {
  auto directory = sys::user_state_directory();
  if (!directory) return std::unexpected(directory.error());
  return *directory / "journal.jsonl";
}

}  // namespace casdoctor
