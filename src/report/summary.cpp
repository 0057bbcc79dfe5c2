#include "casdoctor/report/summary.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/report/failure.hpp"

namespace casdoctor {
namespace {

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// info < warning < unknown < critical, as for the overall status.
Status rank(Severity s) {
  return status_of(s);
}

std::string counted(std::size_t n, std::string_view one, std::string_view many) {
  return cat(std::to_string(n), " ", n == 1 ? one : many);
}

struct Wording {
  std::string_view id;
  std::string_view one;
  std::string_view many;
};

// Headline phrases for the contract's finding ids; other ids are counted.
constexpr auto k_wordings = std::to_array<Wording>({
    {"kb4294204.stale-topology", "server holds a stale IsOutOfService value",
     "servers hold a stale IsOutOfService value"},
    {"kb4294204.susceptible", "server is below the KB4294204 fix level",
     "servers are below the KB4294204 fix level"},
    {"cas2010.out-of-service", "Exchange 2010 CAS is out of service",
     "Exchange 2010 CAS are out of service"},
    {"service.not-running", "required service is not running", "required services are not running"},
    {"owa.logon-failed", "OWA logon failed", "OWA logons failed"},
    {"build.unknown", "build is not in the catalogue", "builds are not in the catalogue"},
    {"build.unsupported", "server runs a product past its end of support",
     "servers run a product past its end of support"},
    {"collect.partial", "part of the data could not be collected",
     "parts of the data could not be collected"},
});

std::string group_phrase(std::string_view id, Severity severity, std::size_t n) {
  for (const auto& wording : k_wordings) {
    if (wording.id == id) return counted(n, wording.one, wording.many);
  }
  const std::string word(to_string(severity));
  return counted(n, word + " finding", word + " findings");
}

struct Group {
  std::string_view id;
  Severity severity = Severity::info;
  std::size_t count = 0;
};

// The largest group of one id among the most severe findings above info;
// count 0 when every finding is info.
Group lead_group(const std::vector<Finding>& findings) {
  std::vector<Group> groups;
  for (const auto& f : findings) {
    if (f.severity == Severity::info) continue;
    if (!groups.empty() && rank(f.severity) < rank(groups.front().severity)) continue;
    if (!groups.empty() && rank(f.severity) > rank(groups.front().severity)) groups.clear();
    auto it = std::ranges::find(groups, std::string_view(f.id), &Group::id);
    if (it == groups.end()) it = groups.insert(groups.end(), Group{f.id, f.severity, 0});
    ++it->count;
  }
  Group lead;
  for (const auto& g : groups) {
    if (g.count > lead.count) lead = g;  // ties: the first seen
  }
  return lead;
}

// "1 critical, 2 warnings, 1 info" for the findings outside the lead group.
std::string breakdown(const std::vector<Finding>& findings, const Group& lead) {
  constexpr std::array k_order{Severity::critical, Severity::unknown, Severity::warning,
                               Severity::info};
  std::string out;
  for (const Severity s : k_order) {
    const auto n = static_cast<std::size_t>(std::ranges::count_if(findings, [&](const Finding& f) {
      return f.severity == s && !(lead.count > 0 && f.severity == lead.severity && f.id == lead.id);
    }));
    if (n == 0) continue;
    const std::string word(to_string(s));
    out += (out.empty() ? "" : ", ") + counted(n, word, s == Severity::warning ? "warnings" : word);
  }
  return out;
}

std::string quiet_phrase(const Report& report) {
  if (report.status != Status::ok) {
    return report.findings.empty() ? "no findings recorded" : "no findings above info";
  }
  if (report.servers.empty()) return "no problems found";
  return cat("no problems found on ", counted(report.servers.size(), "server", "servers"));
}

}  // namespace

std::string status_word(Status s) {
  return upper(to_string(s));
}

std::string severity_word(Severity s) {
  return upper(to_string(s));
}

// After an execution the headline is about what ran; the findings are the
// diagnosis it started from.
std::string execution_phrase(const Plan& plan) {
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  std::size_t skipped = 0;
  std::size_t interrupted = 0;
  for (const auto& step : plan.steps) {
    succeeded += step.status == StepStatus::succeeded ? 1 : 0;
    failed += step.status == StepStatus::failed ? 1 : 0;
    skipped += step.status == StepStatus::skipped ? 1 : 0;
    interrupted += step.status == StepStatus::interrupted ? 1 : 0;
  }
  std::string text = cat("remediation ran on ", counted(plan.targets.size(), "server", "servers"),
                         ": ", std::to_string(succeeded), " of ",
                         counted(plan.steps.size(), "step", "steps"), " succeeded");
  if (failed > 0) text += cat(", ", std::to_string(failed), " failed");
  if (interrupted > 0) text += cat(", ", std::to_string(interrupted), " interrupted");
  if (skipped > 0) text += cat(", ", std::to_string(skipped), " skipped");
  return text;
}

std::string headline_text(const Report& report) {
  if (report.plan && !report.plan->dry_run) return execution_phrase(*report.plan);
  // A command that could not do its job: the reason is the headline, the
  // first line a monitoring system shows (report/failure.hpp).
  for (const auto& f : report.findings) {
    if (is_failure_finding(f.id)) return f.summary;
  }
  const Group lead = lead_group(report.findings);
  const std::size_t rest = report.findings.size() - lead.count;
  if (lead.count == 0) {
    std::string text = quiet_phrase(report);
    if (rest > 0)
      text += cat("; ", counted(rest, "informational finding", "informational findings"));
    return text;
  }
  std::string text = group_phrase(lead.id, lead.severity, lead.count);
  if (rest > 0) {
    text += cat("; ", counted(rest, "more finding", "more findings"), ": ",
                breakdown(report.findings, lead));
  }
  return text;
}

std::string before_after_text(const Report& report) {
  if (!report.before) return {};
  Report before;
  before.status = report.before->status;
  before.findings = report.before->findings;
  before.servers = report.servers;
  return cat("Status and findings: the org after the run. Before it: ", status_word(before.status),
             ", ", headline_text(before), ".");
}

std::vector<std::string> server_cells(const ServerRecord& server) {
  const auto or_dash = [](const std::string& value) { return value.empty() ? "-" : value; };
  const auto& oos = server.is_out_of_service;
  return {or_dash(server.name),
          or_dash(server.site),
          or_dash(server.product),
          or_dash(server.update),
          or_dash(server.build),
          or_dash(server.kb4294204),
          oos ? (*oos ? "yes" : "no") : "-"};
}

std::vector<const Finding*> findings_by_severity(const Report& report) {
  std::vector<const Finding*> out;
  out.reserve(report.findings.size());
  for (const auto& f : report.findings) out.push_back(&f);
  std::ranges::stable_sort(out, [](const Finding* a, const Finding* b) {
    return rank(a->severity) > rank(b->severity);
  });
  return out;
}

}  // namespace casdoctor
