// Status words, exit codes and the "worst" ordering of casdoctor.report/1.
#include <array>
#include <string_view>
#include <tuple>

#include <catch2/catch.hpp>

#include "casdoctor/report/report.hpp"
#include "casdoctor/report/summary.hpp"

using namespace casdoctor;

TEST_CASE("status: names, exit codes and words", "[report]") {
  const auto [status, name, code, word] =
      GENERATE(table<Status, std::string_view, int, std::string>(
          {{Status::ok, "ok", 0, "OK"},
           {Status::warning, "warning", 1, "WARNING"},
           {Status::critical, "critical", 2, "CRITICAL"},
           {Status::unknown, "unknown", 3, "UNKNOWN"}}));
  CHECK(to_string(status) == name);
  CHECK(to_int(exit_code_of(status)) == code);
  CHECK(status_word(status) == word);
}

TEST_CASE("severity: names and the status each raises", "[report]") {
  const auto [severity, name, status] = GENERATE(
      table<Severity, std::string_view, Status>({{Severity::info, "info", Status::ok},
                                                 {Severity::warning, "warning", Status::warning},
                                                 {Severity::critical, "critical", Status::critical},
                                                 {Severity::unknown, "unknown", Status::unknown}}));
  CHECK(to_string(severity) == name);
  CHECK(status_of(severity) == status);
}

TEST_CASE("worst: ok < warning < unknown < critical", "[report]") {
  const auto [a, b, expected] = GENERATE(table<Status, Status, Status>({
      {Status::ok, Status::ok, Status::ok},
      {Status::ok, Status::warning, Status::warning},
      {Status::ok, Status::unknown, Status::unknown},
      {Status::ok, Status::critical, Status::critical},
      {Status::warning, Status::warning, Status::warning},
      {Status::warning, Status::unknown, Status::unknown},
      {Status::warning, Status::critical, Status::critical},
      {Status::unknown, Status::unknown, Status::unknown},
      {Status::unknown, Status::critical, Status::critical},
      {Status::critical, Status::critical, Status::critical},
  }));
  CHECK(worst(a, b) == expected);
  CHECK(worst(b, a) == expected);
}

TEST_CASE("worst: info findings never raise the status", "[report]") {
  Status status = Status::ok;
  for (const Severity s : {Severity::info, Severity::info}) status = worst(status, status_of(s));
  CHECK(status == Status::ok);
  status = worst(status, status_of(Severity::warning));
  status = worst(status, status_of(Severity::info));
  CHECK(status == Status::warning);
}
