#pragma once
// How long and how often to repeat a logon until a front end has recovered:
// one pair for `verify --until-ok` and `remediate --verify`, which ask the
// same question ("has this server recovered?"), so a plan's written-out
// `casdoctor verify ... --until-ok` behaves as its step does.
//
// 10 minutes: after MSExchangeADTopology and IIS restart, w3wp waits at most
// a minute for the topology service and the application pools warm up in a
// minute or two; without a restart a stale value lasts up to a day, so waiting
// longer only delays the failure report. 10 seconds: one logon per front end
// every 10 s is no load worth naming, and recovery is seen within seconds.
#include <string_view>

namespace casdoctor {

inline constexpr std::string_view k_logon_retry_deadline = "10m";
inline constexpr std::string_view k_logon_retry_interval = "10s";

}  // namespace casdoctor
