#pragma once
// A ProcessRunner for tests: answers each PowerShell run by a rule chosen on
// the script it was given (decoded from -EncodedCommand, or its stdin),
// records every call, and measures how many runs overlap.
#include <algorithm>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "casdoctor/sys/process.hpp"

namespace casdoctor::test {

struct FakeAnswer {
  sys::ProcessOutcome outcome = sys::ProcessOutcome::exited;
  int exit_code = 0;
  std::string stdout_text{};               // (every member has an initializer: designated
  std::string stderr_text{};               // initialization of a few must not warn)
  std::chrono::milliseconds duration{25};  // reported
  std::chrono::milliseconds sleep{0};      // really spent, for overlap tests
  bool cannot_start = false;
  std::function<void()> side_effect{};  // runs first (e.g. raises the interrupt)
};

struct FakeCall {
  std::string script;
  std::chrono::milliseconds timeout{0};
  bool has_cancel = false;
  std::size_t journal_lines = 0;  // what `journal_size` said when the run began
};

class FakeProcessRunner final : public sys::ProcessRunner {
 public:
  // A rule answers scripts that contain every one of `needles`; the rule
  // added last wins. Unmatched scripts exit 0 with no output.
  void on(std::vector<std::string> needles, FakeAnswer answer) {
    rules_.push_back({std::move(needles), std::move(answer)});
  }

  std::function<std::size_t()> journal_size;  // optional probe

  Result<sys::ProcessResult> run(const sys::ProcessRequest& request) override {
    const std::string script = script_of(request);
    const FakeAnswer answer = answer_for(script);
    enter(script, request);
    if (answer.side_effect) answer.side_effect();
    std::this_thread::sleep_for(answer.sleep);
    leave();
    if (answer.cannot_start)
      return make_error(ExitCode::unknown, "cannot start 'powershell': No such file or directory");
    sys::ProcessResult result{answer.outcome, answer.exit_code, answer.stdout_text,
                              answer.stderr_text, answer.duration};
    if (request.cancel != nullptr && request.cancel->load())
      result.outcome = sys::ProcessOutcome::cancelled;
    return result;
  }

  std::vector<FakeCall> calls() const {
    const std::lock_guard lock(mutex_);
    return calls_;
  }
  std::size_t max_concurrent() const {
    const std::lock_guard lock(mutex_);
    return max_active_;
  }
  std::size_t count(const std::string& needle) const {
    const auto all = calls();
    return static_cast<std::size_t>(std::ranges::count_if(
        all, [&](const FakeCall& c) { return c.script.find(needle) != std::string::npos; }));
  }

  static std::string script_of(const sys::ProcessRequest& request);

 private:
  struct Rule {
    std::vector<std::string> needles;
    FakeAnswer answer;
  };

  FakeAnswer answer_for(const std::string& script) const {
    for (auto rule = rules_.rbegin(); rule != rules_.rend(); ++rule) {
      if (std::ranges::all_of(rule->needles, [&](const std::string& needle) {
            return script.find(needle) != std::string::npos;
          }))
        return rule->answer;
    }
    return {};
  }

  void enter(const std::string& script, const sys::ProcessRequest& request) {
    const std::size_t lines = journal_size ? journal_size() : 0;
    const std::lock_guard lock(mutex_);
    calls_.push_back({script, request.timeout, request.cancel != nullptr, lines});
    max_active_ = std::max(max_active_, ++active_);
  }
  void leave() {
    const std::lock_guard lock(mutex_);
    --active_;
  }

  std::vector<Rule> rules_;
  mutable std::mutex mutex_;
  std::vector<FakeCall> calls_;
  std::size_t active_ = 0;
  std::size_t max_active_ = 0;
};

// -EncodedCommand <base64 of UTF-16LE>, decoded for ASCII scripts (all of
// casdoctor's are); else the script on stdin.
inline std::string FakeProcessRunner::script_of(const sys::ProcessRequest& request) {
  const auto flag = std::ranges::find(request.args, std::string("-EncodedCommand"));
  if (flag == request.args.end() || flag + 1 == request.args.end())
    return request.stdin_data.value_or("");
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : *(flag + 1)) {
    const std::size_t value = alphabet.find(c);
    if (value == std::string::npos) break;
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  std::string script;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) script.push_back(bytes[i]);
  return script;
}

}  // namespace casdoctor::test
