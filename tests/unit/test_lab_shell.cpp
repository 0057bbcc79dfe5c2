// The lab shell end to end in-process: casdoctor's own collection script,
// action scripts, knobs, the call log, and parallel writers.
#include <thread>

#include <catch2/catch.hpp>

#include "casdoctor/lab/org.hpp"
#include "casdoctor/lab/state_json.hpp"
#include "casdoctor/powershell/collection_script.hpp"
#include "casdoctor/snapshot/reader.hpp"

#include "lab_test_support.hpp"

using namespace casdoctor;
using namespace casdoctor::lab;
using test::run_shell;
using test::TempState;

namespace {

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

constexpr std::string_view k_restart_topology =
    "Invoke-Command -ComputerName 'EX16A.contoso.com' -ScriptBlock { Restart-Service -Name "
    "'MSExchangeADTopology' -Force }";

}  // namespace

TEST_CASE("lab shell: casdoctor's collection script reads back as the org", "[lab]") {
  TempState file(test::story());
  const auto script = collection_script(CollectOptions{});
  REQUIRE(script);
  const auto run = run_shell(file, *script, ScriptForm::encoded_command);
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("Welcome to the Exchange Management Shell!") <
        run.out.find("--- casdoctor:begin ---"));
  const auto snapshot = read_snapshot(run.out, "lab");
  REQUIRE(snapshot);
  CHECK(snapshot->collected_on == "EX16B");
  CHECK(snapshot->exchange_servers.size() == 4);
  CHECK(snapshot->client_access_servers.size() == 4);
  CHECK(snapshot->services.size() == 9);  // 3 services on the three 2013/2016 servers
  CHECK(snapshot->exsetup_versions.size() == 3);
  REQUIRE(snapshot->audit);
  CHECK(snapshot->audit->size() == 2);
  CHECK(snapshot->errors.empty());
  const auto calls = file.read().calls;
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].kind == "collect");
  CHECK(calls[0].form == "encoded-command");
  CHECK(calls[0].exit_code == 0);
}

TEST_CASE("lab shell: the collection's audit window follows the script", "[lab]") {
  auto state = test::story();
  state.audit_log.front().run_date -= std::chrono::days(10);  // the set, 10 days earlier
  TempState file(state);
  CollectOptions options;
  options.audit_days = 5;
  const auto run = run_shell(file, *collection_script(options));
  const auto snapshot = read_snapshot(run.out, "lab");
  REQUIRE(snapshot);
  REQUIRE(snapshot->audit);
  CHECK(snapshot->audit->size() == 1);
}

TEST_CASE("lab shell: unreachable and access-denied servers go to errors", "[lab]") {
  auto state = test::story();
  state.faults.access_denied = {"EX16A"};
  state.faults.unreachable = {"EX13A.contoso.com"};
  TempState file(state);
  const auto run = run_shell(file, *collection_script(CollectOptions{}));
  REQUIRE(run.exit_code == 0);
  const auto snapshot = read_snapshot(run.out, "lab");
  REQUIRE(snapshot);
  REQUIRE(snapshot->errors.size() == 2);
  CHECK(snapshot->errors[0].server == "EX16A");
  CHECK(snapshot->errors[0].message ==
        "Connecting to remote server EX16A.contoso.com failed with the following error message : "
        "Access is denied. For more information, see the about_Remote_Troubleshooting Help topic.");
  CHECK(snapshot->errors[1].message.find("WinRM cannot complete the operation") !=
        std::string::npos);
  CHECK(snapshot->services.size() == 3);  // EX16B only
}

TEST_CASE("lab shell: a snap-in failure ends the collection as the script reports it", "[lab]") {
  auto state = test::story();
  state.faults.snapin_failure = true;
  state.faults.shell_load_delay_ms = 1500;
  TempState file(state);
  const auto run = run_shell(file, *collection_script(CollectOptions{}));
  CHECK(run.exit_code == 3);
  CHECK(run.out.find("casdoctor:begin") == std::string::npos);
  CHECK(run.err.find("is not installed on this computer.") != std::string::npos);
  CHECK(run.slept == std::chrono::milliseconds(1500));
  // A plain Add-PSSnapin: PowerShell's own error record, exit 1.
  const auto plain =
      run_shell(file, "Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn");
  CHECK(plain.exit_code == 1);
  CHECK(plain.err.starts_with("Add-PSSnapin : The Windows PowerShell snap-in"));
}

TEST_CASE("lab shell: a restart takes the server's time and warns every 2 s", "[lab]") {
  auto state = test::story();
  find_server(state, "EX16A")->restart_delay_ms = 9000;
  TempState file(state);
  const auto run = run_shell(file, k_restart_topology);
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.slept == std::chrono::milliseconds(9000));
  CHECK(count(run.out,
              "WARNING: Waiting for service 'Microsoft Exchange Active Directory Topology "
              "(MSExchangeADTopology)' to stop...") == 2);
  CHECK(count(run.out, "to start...") == 2);
  const auto after = file.read();
  const auto* topology = find_service(*find_server(after, "EX16A"), "MSExchangeADTopology");
  CHECK(topology->start_time == test::story_now() + std::chrono::milliseconds(9000));
  CHECK(after.calls.back().kind == "action");
  CHECK(after.calls.back().targets == std::vector<std::string>{"EX16A"});
}

TEST_CASE("lab shell: the KB workaround clears the stale cache, in that order only", "[lab]") {
  TempState file(test::story());
  CHECK(run_shell(file, k_restart_topology).exit_code == 0);
  const auto reset = run_shell(file,
                               "Invoke-Command -ComputerName 'EX16A.contoso.com' "
                               "-ScriptBlock { iisreset /noforce }");
  CHECK(reset.out ==
        "Attempting stop...\r\nInternet services successfully stopped\r\nAttempting start...\r\n"
        "Internet services successfully restarted\r\n");
  const auto state = file.read();
  CHECK_FALSE(cached_out_of_service(state, *find_server(state, "EX16A"), "EX2010"));
  CHECK(cached_out_of_service(state, *find_server(state, "EX13A"), "EX2010"));
}

TEST_CASE("lab shell: errors as PowerShell prints them", "[lab]") {
  auto state = test::story();
  state.faults.access_denied = {"EX13A"};
  TempState file(state);
  auto run = run_shell(file, "Get-Mailbox");
  CHECK(run.exit_code == 1);
  CHECK(
      run.err.starts_with("Get-Mailbox : The term 'Get-Mailbox' is not recognized as the name of "
                          "a cmdlet, function, script file, or operable program."));
  CHECK(run.err.find("At line:1 char:1\r\n+ Get-Mailbox\r\n+ ~~~~~~~~~~~\r\n") !=
        std::string::npos);

  run = run_shell(file, "Get-ExchangeServer");  // the Exchange shell is not loaded
  CHECK(run.exit_code == 1);

  run = run_shell(file, "Invoke-Command -ComputerName EX13A.contoso.com -ScriptBlock { iisreset }");
  CHECK(run.exit_code == 1);
  CHECK(
      run.err.starts_with("[EX13A.contoso.com] Connecting to remote server EX13A.contoso.com "
                          "failed with the following error message : Access is denied."));
  CHECK(run.err.find("AccessDenied,PSSessionStateBroken") != std::string::npos);

  run = run_shell(file, "Restart-Service -Name MSExchangeADTopology");
  CHECK(run.exit_code == 1);
  CHECK(run.err.find("ServiceHasDependentServices") != std::string::npos);

  run = run_shell(file, "Write-Output 'unterminated");
  CHECK(run.exit_code == 1);
  CHECK(run.err.find("The string is missing the terminator: '.") != std::string::npos);
}

TEST_CASE("lab shell: service queries on a remote server", "[lab]") {
  TempState file(test::story());
  const auto run = run_shell(
      file,
      "Invoke-Command -ComputerName EX16A.contoso.com -ScriptBlock { "
      "$p = (Get-CimInstance -ClassName 'Win32_Service' -Filter \"Name = 'W3SVC'\").ProcessId; "
      "Get-Service -Name 'W3SVC', 'WAS' } | Select-Object Name, Status, PSComputerName | "
      "ConvertTo-Json -Compress");
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out ==
        "[{\"Name\":\"WAS\",\"Status\":4,\"PSComputerName\":\"EX16A.contoso.com\"},"
        "{\"Name\":\"W3SVC\",\"Status\":4,\"PSComputerName\":\"EX16A.contoso.com\"}]\r\n");
}

TEST_CASE("lab shell: Set-ClientAccessServer through the Exchange shell", "[lab]") {
  TempState file(test::story());
  const auto run = run_shell(file,
                             "Add-PSSnapin Microsoft.Exchange.Management.PowerShell.SnapIn\n"
                             "Set-ClientAccessServer -Identity 'EX2010' -IsOutOfService $true\n"
                             "Get-ClientAccessServer -Identity EX2010 -WarningAction "
                             "SilentlyContinue | Select-Object Name, IsOutOfService | "
                             "ConvertTo-Json -Compress");
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(run.out == "{\"Name\":\"EX2010\",\"IsOutOfService\":true}\r\n");
  const auto state = file.read();
  CHECK(state.audit_log.size() == 3);
  CHECK(state.calls.back().kind == "action");
}

TEST_CASE("lab state: parallel writers lose no update", "[lab]") {
  TempState file(test::story());
  std::vector<std::thread> writers;
  for (int w = 0; w < 6; ++w)
    writers.emplace_back([&file, w] {
      for (int i = 0; i < 15; ++i)
        REQUIRE(file.store().update([&](LabState& s) -> Result<void> {
          s.calls.push_back(CallRecord{test::story_now(), w, "command", "query", {}, {}, 0, {}});
          return {};
        }));
    });
  for (auto& t : writers) t.join();
  CHECK(file.read().calls.size() == 90);
}

TEST_CASE("lab state: JSON round trip and strict reading", "[lab]") {
  const auto state = test::story();
  const auto text = state_to_json(state);
  const auto back = state_from_json(text, "s.json");
  REQUIRE(back);
  CHECK(state_to_json(*back) == text);
  auto typo =
      state_from_json(R"({"schema": "casdoctor.lab/1", "faults": {"hnag": true}})", "s.json");
  REQUIRE_FALSE(typo);
  CHECK(typo.error().message == "s.json: /faults/hnag: unknown member");
  CHECK(typo.error().code == ExitCode::bad_input);
  CHECK_FALSE(state_from_json(R"({"schema": "other"})", "s.json"));
}
