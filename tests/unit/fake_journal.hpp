#pragma once
// A Journal for tests: keeps every event, and can fail from the n-th write.
#include <optional>
#include <vector>

#include "casdoctor/remediate/journal.hpp"

namespace casdoctor::test {

class FakeJournal final : public Journal {
 public:
  Result<void> write(const nlohmann::ordered_json& event) override {
    if (fail_from && lines.size() + 1 >= *fail_from)
      return make_error(ExitCode::unknown, "cannot write 'journal.jsonl': No space left on device");
    lines.push_back(event);
    return {};
  }
  std::vector<nlohmann::ordered_json> lines;
  std::optional<std::size_t> fail_from;  // the n-th write (1-based) and later fail
};

}  // namespace casdoctor::test
