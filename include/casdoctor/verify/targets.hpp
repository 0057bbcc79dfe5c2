#pragma once
// What the verifier's command line turns into: the front ends of `--via`
// and the report's record of each logon. Pure, testable without a network.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/core/result.hpp"
#include "casdoctor/diagnose/org_model.hpp"
#include "casdoctor/report/report.hpp"
#include "casdoctor/sys/http.hpp"
#include "casdoctor/verify/logon.hpp"

namespace casdoctor {

struct ViaTarget {
  std::string name;        // as the report shows it: "EX16A"
  sys::ConnectTo connect;  // where to connect: the name itself, or HOST[:PORT]
};

// `SERVER[=HOST[:PORT]][,...]`, one or more option values; an IPv6 HOST in
// brackets. Duplicate names are kept once. Errors are ExitCode::usage.
Result<std::vector<ViaTarget>> parse_via(const std::vector<std::string>& values);

// `--via all[,SERVER=HOST[:PORT]...]` (diagnose): "all" among the items,
// and the items that are not "all".
struct ViaAll {
  bool all = false;
  std::vector<std::string> others;
};
ViaAll split_via_all(const std::vector<std::string>& values);

// The servers OWA can be reached through: 2013 with the Client Access role,
// 2016, 2019 and SE, never an Edge Transport server; each by its FQDN (its
// name when the FQDN is unknown), in the org's order.
std::vector<ViaTarget> owa_front_ends(const OrgModel& org);

// `front_ends` with the addresses of `overrides` (by name, case-insensitive).
// An override naming no front end is an ExitCode::usage error naming it.
Result<std::vector<ViaTarget>> with_addresses(std::vector<ViaTarget> front_ends,
                                              const std::vector<ViaTarget>& overrides);

// One address as a logon step keeps it (LogonCheck::address): HOST[:PORT],
// an IPv6 host in brackets, exactly what parse_via accepts after '='.
// ExitCode::usage otherwise.
Result<sys::ConnectTo> parse_logon_address(std::string_view address);

// HOST[:PORT] as parse_via reads it back (an IPv6 host in brackets).
std::string format_address(const sys::ConnectTo& to);

// `--url`: an absolute http(s) URL without credentials; ExitCode::usage otherwise.
Result<void> check_owa_url(std::string_view url);

// The URL's host name (for the summary lines); "" if it has none.
std::string url_host(std::string_view url);

VerificationRecord to_record(const LogonResult& result);

// Every logon worked: 0; some failed: 2; none got an HTTP answer: 3; the
// others worked but some without proof of the 2010 back end: 1.
ExitCode verify_exit_code(const std::vector<LogonResult>& results);

}  // namespace casdoctor
