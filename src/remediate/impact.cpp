#include "impact.hpp"

#include <algorithm>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/duration.hpp"
#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/remediate/plan.hpp"

#include "commands.hpp"

namespace casdoctor::remediate_detail {
namespace {

// exchange-facts.md 5.1: an Exchange 2016 CU22 Mailbox server.
constexpr int k_typical_dependents = 26;

bool has(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(), [&](const auto& n) { return iequals(n, name); });
}

std::string on(std::string text, const ServerView& server) {
  return text.append(" on ").append(server.name);
}

std::string dependents_line(const ServerView& server) {
  const auto& dependents = server.running_dependents;
  if (dependents.empty()) {
    std::string line =
        on("restarts every running dependent service of MSExchangeADTopology", server);
    return line.append("; which ones run there was not collected (a 2016 Mailbox server has about ")
        .append(std::to_string(k_typical_dependents))
        .append(", among them MSExchangeIS and MSExchangeTransport)");
  }
  std::string line = "restarts ";
  line.append(std::to_string(dependents.size()));
  line.append(dependents.size() == 1 ? " dependent service: " : " dependent services: ");
  return line.append(join(dependents));
}

// The Information Store goes down with the topology service: its users lose
// their mailboxes unless the active copies are elsewhere first.
std::string maintenance_line(const ServerView& server) {
  return cat("before the restart, move the active mailbox database copies off ", server.name,
             " (a DAG member: Move-ActiveMailboxDatabase -Server ", ps_quote(server.name),
             ", or put it into maintenance mode); without a DAG its mailboxes are offline until "
             "MSExchangeIS is back");
}

std::string command_line(std::string command) {
  return std::string("PS> ").append(command);
}

}  // namespace

std::vector<std::string> restart_impact(const ServerView& server) {
  std::vector<std::string> lines{dependents_line(server)};
  const auto& dependents = server.running_dependents;
  if (has(dependents, "MSExchangeIS")) {
    lines.push_back(on("mailbox databases", server) +
                    " dismount and mount again (MSExchangeIS restarts)");
  } else if (dependents.empty()) {
    lines.push_back(on("mailbox databases", server) +
                    " dismount and mount again if MSExchangeIS runs there (it depends on "
                    "MSExchangeADTopology)");
  }
  if (has(dependents, "MSExchangeTransport") || has(dependents, "MSExchangeFrontEndTransport")) {
    lines.push_back(on("mail flow", server) + " pauses while the transport services restart");
  }
  if (has(dependents, "MSExchangeIS") || dependents.empty())
    lines.push_back(maintenance_line(server));
  return lines;
}

std::vector<std::string> iisreset_impact(const ServerView& server) {
  return {
      on("drops every OWA, EWS and ActiveSync session", server),
      on("restarts IIS (IISADMIN, WAS, W3SVC): Exchange's web services are unavailable", server) +
          " until it is back"};
}

std::string restart_on_failure(const ServerView& server, std::string_view computer) {
  std::string text = on("Check the System event log", server);
  text.append(
      " (Service Control Manager events 7022, 7031, 7034) for the service that did not stop or "
      "start. There is no undo for a restart: start MSExchangeADTopology and the dependents that "
      "ran before:\n");
  return text.append(command_line(start_topology_command(computer, server.running_dependents)));
}

std::string iisreset_on_failure(const ServerView& server, std::string_view computer) {
  std::string text =
      on("Start IIS again and check that IISADMIN, WAS and W3SVC are running", server);
  text.append(" (System event log: Service Control Manager, WAS):\n");
  text.append(command_line(iis_start_command(computer))).append("\n");
  return text.append(command_line(iis_state_command(computer)));
}

std::string check_on_failure(const ServerView& server, std::string_view computer,
                             const std::vector<std::string>& services) {
  std::string text = on("A service that ran before is not running", server);
  text.append(
      ": start them (starting a running service does nothing) and look in the System event log "
      "(events 7022, 7031, 7034) for why. Do not go on to the next server until they run:\n");
  return text.append(command_line(start_services_command(computer, services)));
}

std::string logon_on_failure(const ServerView& server, const LogonCheck& check) {
  std::string text = cat("The OWA logon through ", server.name, " did not work within ",
                         format_duration(check.deadline),
                         ": the step's output names each attempt's outcome. proxy-failure with "
                         "X-CasErrorCode ServerNotFound means ",
                         server.name,
                         " still finds no in-service Exchange 2010 Client Access server for the "
                         "mailbox: check IsOutOfService of the 2010 servers (casdoctor diagnose) "
                         "before running the workaround again. bad-credentials is the test "
                         "account, tls-error or connect-error the way to the server, not the "
                         "workaround. The same logon by hand:\n");
  return text.append(command_line(logon_command(server.name, check)));
}

}  // namespace casdoctor::remediate_detail
