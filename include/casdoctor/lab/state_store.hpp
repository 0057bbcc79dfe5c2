#pragma once
// The state file on disk, shared by parallel `casdoctor-lab` processes.
// Every change is one locked read-modify-write cycle (the lock is a separate
// "<state>.lock" file, since the state file itself is replaced by rename),
// and the lock is held only for that cycle, never across a simulated delay.
#include <filesystem>
#include <functional>

#include "casdoctor/core/result.hpp"
#include "casdoctor/lab/state.hpp"

namespace casdoctor::lab {

class StateStore {
 public:
  explicit StateStore(std::filesystem::path path) : path_(std::move(path)) {}

  const std::filesystem::path& path() const { return path_; }

  // The current state, read under the lock: a replacement is atomic, but on
  // Windows it fails while another process has the file open.
  Result<LabState> read() const;

  // Reads, applies `change`, writes back, all under the lock. When `change`
  // fails nothing is written and its error is returned.
  Result<void> update(const std::function<Result<void>(LabState&)>& change) const;

  // Replaces whatever is there (or creates the file) under the lock.
  Result<void> replace(const LabState& state) const;

 private:
  std::filesystem::path lock_path() const;
  Result<LabState> read_locked() const;  // the caller holds the lock

  std::filesystem::path path_;
};

}  // namespace casdoctor::lab
