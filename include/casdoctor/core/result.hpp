#pragma once
// Errors as values at module boundaries. An Error carries the exit code it
// maps to so that the CLI never has to guess how a failure should end.
#include <expected>
#include <string>
#include <utility>

namespace casdoctor {

// The contract's exit codes (0-3 follow the Nagios plugin convention).
enum class ExitCode : int {
  ok = 0,
  warning = 1,
  critical = 2,
  unknown = 3,
  usage = 64,
  bad_input = 65,
  interrupted = 130,
};

constexpr int to_int(ExitCode code) {
  return static_cast<int>(code);
}

struct Error {
  ExitCode code = ExitCode::unknown;
  std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> make_error(ExitCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

}  // namespace casdoctor
