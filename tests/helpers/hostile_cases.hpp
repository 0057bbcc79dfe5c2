#pragma once
// Values that try to leave their PowerShell literal: every kind of quote
// PowerShell reads (' " and the typographic U+2018..U+201B, U+201C..U+201E),
// subexpressions, variables, the escape character, statement separators,
// comments and pipes. Each begins with a marker of its own (HX01..HX13) so that
// tests/pwsh/oracle.ps1 can find every place it landed in a script and check
// that it lies wholly inside one single-quoted string token. Control
// characters (newlines) never reach a script: ps_quote and every reader
// reject them (unit tests of ps_value_problem).
#include <string>
#include <vector>

#include "plan_cases.hpp"

namespace casdoctor::test {

inline std::vector<std::string> hostile_values() {
  return {
      "HX01'; Remove-Item C:\\ -Recurse; '",
      "HX02\"; Stop-Computer; \"",
      "HX03\xE2\x80\x98; Stop-Computer; \xE2\x80\x98",         // U+2018
      "HX04\xE2\x80\x99) + $(Stop-Computer) + (\xE2\x80\x99",  // U+2019
      "HX05\xE2\x80\x9A; Stop-Computer; \xE2\x80\x9B",         // U+201A, U+201B
      "HX06$(Stop-Computer)${env:PATH}$x@x",
      "HX07`'; Stop-Computer; `\"`$x`",
      "HX08; iisreset /stop # rest",
      "HX09 <# c #> | Out-Null & { Stop-Computer } @'",
      "HX10\xE2\x80\x9C$(Stop-Computer)\xE2\x80\x9D\xE2\x80\x9E",  // U+201C..U+201E
      "HX11''''",
      "HX12'",
      "HX13\\'\\",
  };
}

// The marker a hostile value begins with: HX and two digits.
inline std::string hostile_marker(const std::string& value) {
  return value.substr(0, 4);
}

// A URL for --ems-uri that check_ems_uri accepts and that carries what
// could end a literal or start a subexpression.
inline const std::string k_hostile_ems_uri =
    "https://ex16a.contoso.com/PowerShell/?HX20=$(Stop-Computer);a=@x&b=#c";

// The plan org with one more stale 2016 server per hostile value, each with a
// running dependent service of the same name.
inline PlanOrg hostile_plan_org() {
  PlanOrg o = plan_org();
  for (const auto& value : hostile_values()) {
    o.server(value, {15, 1, 1415, 2}).services(value, std::chrono::hours{-30});
    o.dependents(value, {value});
  }
  return o;
}

// Logon steps whose URL, user and addresses are hostile too.
inline VerifyStepOptions hostile_verify() {
  const auto values = hostile_values();
  VerifyStepOptions v;
  v.url = "https://mail.contoso.com/owa/?" + values[5];
  v.user = "CONTOSO\\" + values[0];
  v.addresses.emplace_back(k_evil_server, values[1]);
  for (std::size_t i = 0; i < values.size(); ++i) {
    v.addresses.emplace_back(values[i], values[(i + 1) % values.size()]);
  }
  return v;
}

// Each hostile case: every plan command run here (local_server) or through
// Invoke-Command, with and without logon steps.
inline std::vector<PlanCase> hostile_plan_cases() {
  const auto first = hostile_values().front();
  return {
      {"hostile-plan-remote", {false, {}, false, "", std::nullopt, {}, ""}},
      {"hostile-plan-local", {false, {}, false, first, std::nullopt, {}, ""}},
      {"hostile-plan-verify", {false, {}, false, "", hostile_verify(), {}, ""}},
  };
}

}  // namespace casdoctor::test
