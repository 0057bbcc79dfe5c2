#include "failure_output.hpp"

#include <mutex>
#include <optional>

#include <spdlog/spdlog.h>

#include "casdoctor/report/failure.hpp"

namespace casdoctor::cli {
namespace {

// One command runs per process: this is its outcome so far.
struct Outcome {
  std::mutex mutex;
  std::optional<Error> failure;  // the first: later ones tend to be consequences
  bool report_attempted = false;
};

Outcome& outcome() {
  static Outcome instance;
  return instance;
}

}  // namespace

void remember_failure(const Error& error) {
  auto& o = outcome();
  const std::lock_guard lock(o.mutex);
  if (!o.failure) o.failure = error;
}

void remember_report_attempt() {
  auto& o = outcome();
  const std::lock_guard lock(o.mutex);
  o.report_attempted = true;
}

int report_if_silent(int exit_code, std::string_view command, const Context& context) {
  if (exit_code != to_int(ExitCode::unknown) || command == "collect") return exit_code;
  std::optional<Error> failure;
  {
    auto& o = outcome();
    const std::lock_guard lock(o.mutex);
    if (o.report_attempted) return exit_code;
    failure = o.failure;
  }
  if (!failure) failure = Error{ExitCode::unknown, "the command ended without a result"};
  Report report = new_report(std::string(command), context);
  make_failure_report(report, *failure);
  if (auto written = emit_report(report, context.common); !written) {
    spdlog::error("{}", written.error().message);
  }
  return exit_code;
}

}  // namespace casdoctor::cli
