#pragma once
// Helpers for the lab's unit tests: the KB4294204 scenario at a fixed time
// and a state file of its own per test.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>

#include "casdoctor/lab/org.hpp"
#include "casdoctor/lab/scenario.hpp"
#include "casdoctor/lab/state_store.hpp"
#include "casdoctor/sys/file_lock.hpp"

namespace casdoctor::lab::test {

inline TimePoint story_now() {
  return *parse_iso8601("2018-06-20T09:00:00Z");
}

inline LabState story() {
  return kb4294204_scenario({story_now(), 0, 0, {}});
}

// The story plus EX2010P, a 2010 CAS and mailbox server in site Paris with
// carol's mailbox; `external_url` is its OWA ExternalUrl ("" = none).
inline LabState with_paris(const std::string& external_url) {
  auto state = story();
  auto paris = *find_server(state, "EX2010");
  paris.name = "EX2010P";
  paris.fqdn = "EX2010P.contoso.com";
  paris.site = "Paris";
  paris.owa_external_url = external_url;
  state.servers.push_back(paris);
  state.mailboxes.push_back({"CONTOSO\\carol", "carol@contoso.com", "Carol-Lab-Paris!", "EX2010P"});
  return state;
}

// A fresh state file under the temp directory, removed at the end.
class TempState {
 public:
  explicit TempState(const LabState& state) {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("casdoctor-lab-test-" + std::to_string(sys::current_process_id()) + "-" +
             std::to_string(counter++) + ".json");
    (void)StateStore(path_).replace(state);
  }
  ~TempState() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
    std::filesystem::remove(std::filesystem::path(path_.string() + ".lock"), ec);
  }
  TempState(const TempState&) = delete;
  TempState& operator=(const TempState&) = delete;

  StateStore store() const { return StateStore(path_); }
  LabState read() const { return *store().read(); }

 private:
  std::filesystem::path path_;
};

}  // namespace casdoctor::lab::test
