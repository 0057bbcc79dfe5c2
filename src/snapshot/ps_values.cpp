// Which snapshot values reach PowerShell, and their limits: the planner and
// the checks' remedies put server names, FQDNs and service names into
// commands (remediate/commands.cpp, diagnose/checks/).
#include <string>

#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/snapshot/reader.hpp"

namespace casdoctor {
namespace {

class ValueCheck {
 public:
  explicit ValueCheck(std::string_view source) : source_(source) {}

  // `value` at /list/index/member.
  void operator()(std::string_view list, std::size_t index, std::string_view member,
                  std::string_view value, std::size_t max_length) {
    if (error_) return;
    if (auto problem = ps_value_problem(value, max_length)) {
      error_ = Error{ExitCode::bad_input, std::string(source_) + ": /" + std::string(list) + "/" +
                                              std::to_string(index) + "/" + std::string(member) +
                                              ": " + *problem};
    }
  }

  Result<void> result() const {
    if (error_) return std::unexpected(*error_);
    return {};
  }

 private:
  std::string_view source_;
  std::optional<Error> error_;
};

}  // namespace

Result<void> check_powershell_values(const Snapshot& snapshot, std::string_view source_name) {
  ValueCheck check(source_name);
  for (std::size_t i = 0; i < snapshot.exchange_servers.size(); ++i) {
    const auto& server = snapshot.exchange_servers[i];
    check("exchange_servers", i, "Name", server.name, ps_limit::server_name);
    check("exchange_servers", i, "Fqdn", server.fqdn, ps_limit::fqdn);
  }
  for (std::size_t i = 0; i < snapshot.client_access_servers.size(); ++i) {
    check("client_access_servers", i, "Name", snapshot.client_access_servers[i].name,
          ps_limit::server_name);
  }
  for (std::size_t i = 0; i < snapshot.services.size(); ++i) {
    check("services", i, "Server", snapshot.services[i].server, ps_limit::server_name);
    check("services", i, "Name", snapshot.services[i].name, ps_limit::service_name);
  }
  for (std::size_t i = 0; i < snapshot.dependent_services.size(); ++i) {
    check("dependent_services", i, "Server", snapshot.dependent_services[i].server,
          ps_limit::server_name);
    check("dependent_services", i, "Name", snapshot.dependent_services[i].name,
          ps_limit::service_name);
  }
  return check.result();
}

}  // namespace casdoctor
