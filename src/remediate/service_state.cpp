#include "casdoctor/remediate/service_state.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "casdoctor/core/concat.hpp"
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

std::optional<TimePoint> time_of(const Json& value) {
  if (value.is_object() && value.contains("value")) return time_of(value["value"]);
  if (!value.is_string()) return std::nullopt;
  return parse_timestamp(trim(value.get_ref<const std::string&>()));
}

// {"Services": [...], "Processes": [...]} or the Name/Status list; either
// may be one object where PowerShell unrolled a one-item array.
const Json& items_of(const Json& value) {
  static const Json empty = Json::array();
  if (value.is_object() && value.contains("value")) return value["value"];
  return value.is_null() ? empty : value;
}

std::map<std::int64_t, TimePoint> process_starts(const Json& document) {
  std::map<std::int64_t, TimePoint> starts;
  if (!document.is_object() || !document.contains("Processes")) return starts;
  const Json& list = items_of(document["Processes"]);
  const auto add = [&](const Json& process) {
    if (!process.is_object() || !process.contains("Id") || !process["Id"].is_number_integer())
      return;
    if (auto start = process.contains("StartTime") ? time_of(process["StartTime"]) : std::nullopt)
      starts.emplace(process["Id"].get<std::int64_t>(), *start);
  };
  if (list.is_array()) {
    for (const Json& process : list) add(process);
  } else {
    add(list);
  }
  return starts;
}

std::optional<TimePoint> start_of(const Json& item,
                                  const std::map<std::int64_t, TimePoint>& starts) {
  if (item.contains("StartTime")) return time_of(item["StartTime"]);
  if (!item.contains("ProcessId") || !item["ProcessId"].is_number_integer()) return std::nullopt;
  const auto found = starts.find(item["ProcessId"].get<std::int64_t>());
  if (found == starts.end() || found->first <= 0) return std::nullopt;
  return found->second;
}

std::optional<std::vector<ServiceState>> states_of(const Json& document) {
  const bool query = document.is_object() && document.contains("Services");
  const Json& list = query ? items_of(document["Services"]) : items_of(document);
  const std::map<std::int64_t, TimePoint> starts = process_starts(document);
  std::vector<ServiceState> states;
  const auto add = [&](const Json& item) {
    if (!item.is_object() || !item.contains("Name") || !item["Name"].is_string()) return false;
    const char* status = item.contains("State") ? "State" : "Status";
    states.push_back({item["Name"].get<std::string>(),
                      item.contains(status) ? status_text(item[status]) : "unknown",
                      start_of(item, starts)});
    return true;
  };
  if (list.is_array()) {
    for (const Json& item : list)
      if (!add(item)) return std::nullopt;
  } else if (!add(list)) {
    return std::nullopt;
  }
  return states;
}

// Where each bracket at the start of a line is closed, in one pass: a JSON
// string never spans a raw newline, so the in-string state is reset at
// every line and banner text with a stray quote cannot hide a document.
// A close that does not fit the innermost open bracket is not JSON's and is
// passed over.
std::vector<std::pair<std::size_t, std::size_t>> line_start_spans(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;  // open, close, by open
  std::vector<std::pair<std::size_t, bool>> open;          // position, at a line start
  bool in_string = false;
  bool escaped = false;
  bool line_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      in_string = escaped = false;
      line_start = true;
      continue;
    }
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      open.emplace_back(i, line_start);
    } else if ((c == ']' || c == '}') && !open.empty() &&
               text[open.back().first] == (c == ']' ? '[' : '{')) {
      if (open.back().second) spans.emplace_back(open.back().first, i);
      open.pop_back();
    }
    if (c != ' ' && c != '\t' && c != '\r') line_start = false;
  }
  std::ranges::sort(spans);
  return spans;
}

// blank[i]: only spaces, tabs or CR from i to the end of its line.
std::vector<bool> blank_to_line_end(std::string_view text) {
  std::vector<bool> blank(text.size() + 1, true);
  for (std::size_t i = text.size(); i-- > 0;) {
    const char c = text[i];
    blank[i] = c == '\n' || ((c == ' ' || c == '\t' || c == '\r') && blank[i + 1]);
  }
  return blank;
}

// The first bracketed run from a line start to a line end that parses. A
// run that does not parse is not searched for documents inside it, so
// every byte is parsed at most once.
std::optional<Json> find_document(std::string_view output) {
  const std::vector<bool> blank = blank_to_line_end(output);
  std::size_t searched_to = 0;
  for (const auto& [first, last] : line_start_spans(output)) {
    if (first < searched_to || !blank[last + 1]) continue;
    searched_to = last + 1;
    Json document = Json::parse(output.substr(first, last + 1 - first), nullptr, false);
    if (!document.is_discarded()) return document;
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
    return make_error(ExitCode::unknown,
                      "the service state is not a list of Name/Status (or State) objects");
  }
  return make_error(ExitCode::unknown, "no service state (JSON) in the output");
}

std::optional<TimePoint> step_began(std::string_view output) {
  while (!output.empty()) {
    const std::size_t end = output.find('\n');
    if (auto began = parse_timestamp(trim(output.substr(0, end)))) return began;
    output = end == std::string_view::npos ? std::string_view() : output.substr(end + 1);
  }
  return std::nullopt;
}

std::vector<std::string> service_problems(const std::vector<ServiceState>& states,
                                          const std::vector<std::string>& expected,
                                          std::optional<TimePoint> began) {
  std::vector<std::string> problems;
  for (const std::string& name : expected) {
    const auto found = std::ranges::find_if(
        states, [&](const ServiceState& state) { return iequals(state.name, name); });
    if (found == states.end()) {
      problems.push_back(name + " (not found)");
    } else if (!iequals(found->status, "Running")) {
      problems.push_back(cat(name, " (", found->status, ")"));
    } else if (!began) {
      continue;
    } else if (!found->start_time) {
      problems.push_back(name + " (start time unknown)");
    } else if (*found->start_time < *began) {
      problems.push_back(cat(name, " (started ", format_iso8601(*found->start_time),
                             ", before the step began at ", format_iso8601(*began), ")"));
    }
  }
  return problems;
}

std::vector<std::string> not_running(const std::vector<ServiceState>& states,
                                     const std::vector<std::string>& expected) {
  return service_problems(states, expected, std::nullopt);
}

}  // namespace casdoctor
