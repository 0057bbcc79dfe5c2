#pragma once
// The remediation journal: one compact JSON line per event, appended and
// flushed before the next action, so that after a crash, a kill or a power
// cut the file still says what was about to run and what had finished.
// Format and location: docs/execution.md.
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "casdoctor/core/result.hpp"
#include "casdoctor/sys/user_files.hpp"

namespace casdoctor {

class Journal {
 public:
  virtual ~Journal() = default;
  // One event. An error means the record is not safe: the caller stops.
  virtual Result<void> write(const nlohmann::ordered_json& event) = 0;
};

// Appends to a file (created with mode 0600 on POSIX), one line per event,
// each pushed to the disk before write returns.
class FileJournal final : public Journal {
 public:
  // Creates the parent folder when missing. The error names the path.
  static Result<std::unique_ptr<FileJournal>> open(const std::filesystem::path& path);

  Result<void> write(const nlohmann::ordered_json& event) override;
  const std::filesystem::path& path() const { return file_.path(); }

 private:
  explicit FileJournal(sys::AppendFile file) : file_(std::move(file)) {}
  sys::AppendFile file_;
};

// <user state directory>/journal.jsonl: $XDG_STATE_HOME/casdoctor or
// ~/.local/state/casdoctor on POSIX, %LOCALAPPDATA%\casdoctor on Windows.
Result<std::filesystem::path> default_journal_path();

}  // namespace casdoctor
