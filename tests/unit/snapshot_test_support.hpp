#pragma once
// Helpers for the [snapshot] tests: reading inline documents and fixtures,
// and one-line summaries of normalised entries so that a whole list is
// asserted with one comparison.
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/catalog/build_number.hpp"
#include "casdoctor/snapshot/reader.hpp"

#include "test_support.hpp"

namespace casdoctor::test {

// {"schema": "casdoctor.snapshot/1", <members>}
inline std::string snapshot_doc(std::string_view members = {}) {
  std::string doc = R"({"schema": "casdoctor.snapshot/1")";
  if (!members.empty()) {
    doc += ", ";
    doc += members;
  }
  doc += "}";
  return doc;
}

inline Snapshot read_ok(std::string_view bytes, std::string_view source = "snap.json") {
  auto result = read_snapshot(bytes, source);
  INFO("error: " << (result ? std::string() : result.error().message));
  REQUIRE(result.has_value());
  return std::move(*result);
}

inline Snapshot read_fixture_ok(const std::string& relative) {
  return read_ok(read_fixture(relative), relative);
}

// The message of the expected error, after the checks every error must pass.
inline std::string read_error(std::string_view bytes, std::string_view source = "snap.json") {
  auto result = read_snapshot(bytes, source);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code == ExitCode::bad_input);
  CHECK(result.error().message.find('\n') == std::string::npos);
  CHECK(result.error().message.rfind(std::string(source), 0) == 0);
  return result.error().message;
}

inline std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

inline std::string summary(const std::optional<TimePoint>& t) {
  return t ? format_iso8601(*t) : "-";
}

// "EX2016A|EX2016A.contoso.com|Default-First-Site-Name|Mailbox|15.1.1466.3"
inline std::vector<std::string> summaries(const std::vector<ExchangeServer>& servers) {
  std::vector<std::string> out;
  for (const auto& s : servers) {
    out.push_back(s.name + "|" + s.fqdn + "|" + s.site + "|" + join(s.roles, ",") + "|" +
                  (s.admin_display_version ? to_short_form(*s.admin_display_version) : "-"));
  }
  return out;
}

// "EX2010A|false" ("-" when absent)
inline std::vector<std::string> summaries(const std::vector<ClientAccessServer>& servers) {
  std::vector<std::string> out;
  for (const auto& s : servers) {
    out.push_back(s.name + "|" +
                  (s.is_out_of_service ? (*s.is_out_of_service ? "true" : "false") : "-"));
  }
  return out;
}

// "EX2016A|W3SVC|4|2018-06-18T22:03:52Z"
inline std::vector<std::string> summaries(const std::vector<ServiceEntry>& services) {
  std::vector<std::string> out;
  for (const auto& s : services) {
    out.push_back(s.server + "|" + s.name + "|" + std::to_string(static_cast<int>(s.status)) + "|" +
                  summary(s.start_time));
  }
  return out;
}

// "EX2016A|15.1.1466.3"
inline std::vector<std::string> summaries(const std::vector<ExSetupVersion>& versions) {
  std::vector<std::string> out;
  for (const auto& v : versions) out.push_back(v.server + "|" + to_short_form(v.file_version));
  return out;
}

// "2018-06-19T08:00:00Z|caller|cmdlet|object|Name=Value,Name=Value|true"
inline std::vector<std::string> summaries(const std::vector<AuditEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) {
    std::vector<std::string> parameters;
    for (const auto& p : e.parameters) parameters.push_back(p.name + "=" + p.value);
    out.push_back(format_iso8601(e.run_date) + "|" + e.caller + "|" + e.cmdlet_name + "|" +
                  e.object_modified + "|" + join(parameters, ",") + "|" +
                  (e.succeeded ? "true" : "false"));
  }
  return out;
}

// "EX2013B|services|message"
inline std::vector<std::string> summaries(const std::vector<CollectError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.server + "|" + e.step + "|" + e.message);
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace casdoctor::test
