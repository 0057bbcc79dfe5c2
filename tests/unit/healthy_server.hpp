#pragma once
// What a healthy server answers to each remediation command, for tests that
// drive execute_plan through a FakeProcessRunner: every restart prints the
// server's clock first (Get-Date -Format o), and the follow-up query finds
// the services Running in processes started after it.
#include <string>

#include "fake_process_runner.hpp"

namespace casdoctor::test {

// 2018-06-20 09:00:00Z on the server's own clock.
inline const std::string k_step_began = "2018-06-20T11:00:00.0000000+02:00\r\n";

// All Running, their processes started at 09:00:05Z and 09:00:06Z.
inline const std::string k_services_restarted =
    R"({"Services":[{"Name":"MSExchangeADTopology","State":"Running","ProcessId":101},)"
    R"({"Name":"IISADMIN","State":"Running","ProcessId":102},)"
    R"({"Name":"WAS","State":"Running","ProcessId":103},)"
    R"({"Name":"W3SVC","State":"Running","ProcessId":103}],)"
    R"("Processes":[{"Id":101,"StartTime":"\/Date(1529485205000)\/"},)"
    R"({"Id":102,"StartTime":"\/Date(1529485206000)\/"},)"
    R"({"Id":103,"StartTime":"\/Date(1529485206000)\/"}]})";

inline void answer_as_healthy_server(FakeProcessRunner& runner) {
  runner.on({"Restart-Service"}, {.stdout_text = k_step_began});
  runner.on({"iisreset"}, {.stdout_text = k_step_began});
  runner.on({"-Compress"}, {.stdout_text = k_services_restarted});
}

}  // namespace casdoctor::test
