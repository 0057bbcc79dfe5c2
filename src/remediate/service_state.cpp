#include "casdoctor/remediate/service_state.hpp"

#include <array>
#include <optional>

#include <nlohmann/json.hpp>

#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/remediate/plan.hpp"

namespace casdoctor {
namespace {

using Json = nlohmann::json;

// ServiceControllerStatus, 1..7.
constexpr std::array<std::string_view, 7> k_status_names = {
    "Stopped",         "StartPending", "StopPending", "Running",
    "ContinuePending", "PausePending", "Paused"};

std::string status_text(const Json& status) {
  if (status.is_number_integer()) {
    const auto n = status.get<std::int64_t>();
    if (n >= 1 && n <= 7) return std::string(k_status_names[static_cast<std::size_t>(n - 1)]);
    return std::to_string(n);
  }
  if (status.is_string()) return status.get<std::string>();
  return status.dump();
}

std::optional<std::vector<ServiceState>> states_of(const Json& document) {
  const Json* list = &document;
  if (document.is_object() && document.contains("value")) list = &document["value"];
  std::vector<ServiceState> states;
  const auto add = [&](const Json& item) {
    if (!item.is_object() || !item.contains("Name") || !item["Name"].is_string()) return false;
    states.push_back({item["Name"].get<std::string>(),
                      item.contains("Status") ? status_text(item["Status"]) : "unknown"});
    return true;
  };
  if (list->is_array()) {
    for (const Json& item : *list)
      if (!add(item)) return std::nullopt;
  } else if (!add(*list)) {
    return std::nullopt;
  }
  return states;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    lines.push_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return lines;
}

bool opens(std::string_view line) {
  line = trim(line);
  return !line.empty() && (line.front() == '[' || line.front() == '{');
}

bool closes(std::string_view line) {
  line = trim(line);
  return !line.empty() && (line.back() == ']' || line.back() == '}');
}

// The document is the longest run of lines from one that opens a bracket to
// one that closes one and parses: the lines around it are banners/warnings.
std::optional<Json> find_document(std::string_view output) {
  const std::vector<std::string_view> lines = lines_of(output);
  for (std::size_t first = 0; first < lines.size(); ++first) {
    if (!opens(lines[first])) continue;
    for (std::size_t last = lines.size(); last-- > first;) {
      if (!closes(lines[last])) continue;
      const char* begin = lines[first].data();
      const std::string_view text(
          begin, static_cast<std::size_t>(lines[last].data() + lines[last].size() - begin));
      Json document = Json::parse(text, nullptr, false);
      if (!document.is_discarded()) return document;
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> services_to_verify(const PlanStep& step) {
  if (!step.expect_running.empty()) return step.expect_running;
  switch (step.action) {
    case StepAction::restart_topology:
      return {"MSExchangeADTopology"};
    case StepAction::iisreset:
      return {"IISADMIN", "WAS", "W3SVC"};
    case StepAction::check_services:
      return {"MSExchangeADTopology", "WAS", "W3SVC"};
    case StepAction::verify_logon:
      break;  // a logon, not services
  }
  return {};
}

// The same query the check-services step runs: one command template.
std::string service_query_script(const std::vector<std::string>& names, std::string_view computer) {
  return step_command(StepAction::check_services, computer, names).append("\n");
}

Result<std::vector<ServiceState>> parse_service_states(std::string_view output) {
  if (const std::optional<Json> document = find_document(output)) {
    if (auto states = states_of(*document)) return std::move(*states);
    return make_error(ExitCode::unknown, "the service state is not a list of Name/Status objects");
  }
  return make_error(ExitCode::unknown, "no service state (JSON) in the output");
}

std::vector<std::string> not_running(const std::vector<ServiceState>& states,
                                     const std::vector<std::string>& expected) {
  std::vector<std::string> missing;
  for (const std::string& name : expected) {
    const ServiceState* found = nullptr;
    for (const ServiceState& state : states)
      if (iequals(state.name, name)) found = &state;
    if (found == nullptr)
      missing.push_back(name + " (not found)");
    else if (!iequals(found->status, "Running"))
      missing.push_back(name + " (" + found->status + ")");
  }
  return missing;
}

}  // namespace casdoctor
