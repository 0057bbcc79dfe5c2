#include "casdoctor/report/report.hpp"

namespace casdoctor {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::critical:
      return "critical";
    case Severity::unknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view to_string(Status s) {
  switch (s) {
    case Status::ok:
      return "ok";
    case Status::warning:
      return "warning";
    case Status::unknown:
      return "unknown";
    case Status::critical:
      return "critical";
  }
  return "unknown";
}

ExitCode exit_code_of(Status s) {
  switch (s) {
    case Status::ok:
      return ExitCode::ok;
    case Status::warning:
      return ExitCode::warning;
    case Status::unknown:
      return ExitCode::unknown;
    case Status::critical:
      return ExitCode::critical;
  }
  return ExitCode::unknown;
}

Status status_of(Severity s) {
  switch (s) {
    case Severity::info:
      return Status::ok;
    case Severity::warning:
      return Status::warning;
    case Severity::unknown:
      return Status::unknown;
    case Severity::critical:
      return Status::critical;
  }
  return Status::unknown;
}

// The enumerators are declared in rank order, so "worst" is the larger one.
Status worst(Status a, Status b) {
  return a < b ? b : a;
}

}  // namespace casdoctor
