#include "casdoctor/lab/state_store.hpp"

#include "casdoctor/lab/state_json.hpp"
#include "casdoctor/sys/console.hpp"
#include "casdoctor/sys/file_lock.hpp"

namespace casdoctor::lab {

std::filesystem::path StateStore::lock_path() const {
  auto lock = path_;
  lock += ".lock";
  return lock;
}

// Under the lock too: on Windows a reader holding the file open makes the
// writer's replacement fail (MoveFileEx with a sharing violation), and the
// change, a call log entry among them, would be lost.
Result<LabState> StateStore::read() const {
  auto lock = sys::FileLock::acquire(lock_path());
  if (!lock) return std::unexpected(lock.error());
  return read_locked();
}

Result<LabState> StateStore::read_locked() const {
  auto bytes = sys::read_file_bytes(path_);
  if (!bytes) return std::unexpected(bytes.error());
  return state_from_json(*bytes, path_.string());
}

Result<void> StateStore::update(const std::function<Result<void>(LabState&)>& change) const {
  auto lock = sys::FileLock::acquire(lock_path());
  if (!lock) return std::unexpected(lock.error());
  auto state = read_locked();
  if (!state) return std::unexpected(state.error());
  if (auto changed = change(*state); !changed) return changed;
  return sys::replace_file_atomically(path_, state_to_json(*state));
}

Result<void> StateStore::replace(const LabState& state) const {
  auto lock = sys::FileLock::acquire(lock_path());
  if (!lock) return std::unexpected(lock.error());
  return sys::replace_file_atomically(path_, state_to_json(state));
}

}  // namespace casdoctor::lab
