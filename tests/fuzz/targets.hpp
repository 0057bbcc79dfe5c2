#pragma once
// The fuzz targets as plain functions (docs/fuzzing.md), so that the same
// code runs under libFuzzer (clang, libfuzzer_entry.cpp) and in the normal
// suite (replay.cpp feeds every saved seed and crash through it with GCC).
// A target returns normally for any input; a broken property throws
// FuzzFailure, which libFuzzer reports as a crash (uncaught exception) and
// the replay test as a failure naming the file.
#include <span>
#include <stdexcept>
#include <string_view>

namespace casdoctor::fuzz {

struct FuzzFailure : std::logic_error {
  using std::logic_error::logic_error;
};

struct Target {
  std::string_view name;
  void (*run)(std::string_view input);
};

void snapshot_reader(std::string_view input);
void build_number(std::string_view input);
void duration(std::string_view input);
void plan_reader(std::string_view input);
void service_state(std::string_view input);
void logon(std::string_view input);
void ps_quote(std::string_view input);
void script_template(std::string_view input);

// Every target above, by the name scripts/fuzz and the regression
// directories use (tests/fuzz/regressions/<name>/).
std::span<const Target> all_targets();

}  // namespace casdoctor::fuzz
