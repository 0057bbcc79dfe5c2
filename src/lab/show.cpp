#include "casdoctor/lab/show.hpp"

#include <algorithm>
#include <map>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/lab/org.hpp"

namespace casdoctor::lab {
namespace {

using Row = std::vector<std::string>;

std::string table(const std::vector<Row>& rows) {
  std::vector<std::size_t> width;
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], row[i].size());
    }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(width[i] - row[i].size() + 2, ' ');
    }
    out += cat(line, "\n");
  }
  return out;
}

std::string yes_no(bool b) {
  return b ? "True" : "False";
}

std::string cached_text(const LabState& state, const LabServer& s) {
  if (!caches_topology(s)) return "-";
  std::string out;
  for (const auto& [cas, ad] : ad_view(state)) {
    const bool cached = cached_out_of_service(state, s, cas);
    const auto topo = s.topology_view.find(cas);
    const bool topology = topo != s.topology_view.end() && topo->second;
    if (!out.empty()) out += ", ";
    out += cat(cas, "=", yes_no(cached), cached != ad ? " STALE" : "",
               follows_ad(s) ? "" : cat(" (topology ", yes_no(topology), ")"));
  }
  return out.empty() ? "-" : out;
}

std::string servers_section(const LabState& state) {
  std::vector<Row> rows{{"SERVER", "PRODUCT", "UPDATE", "BUILD", "KB4294204", "AD OUT OF SERVICE",
                         "OWA CACHE (IIS) OF 2010 CAS"}};
  for (const auto& s : state.servers) {
    const auto info = lookup_build(installed_build(s), BuildSource::exsetup);
    rows.push_back({s.name, std::string(product_name(info.product)), info.update,
                    to_short_form(installed_build(s)), std::string(to_string(info.kb4294204)),
                    is_cas2010(s) ? yes_no(s.is_out_of_service) : "-", cached_text(state, s)});
  }
  return table(rows);
}

std::string services_section(const LabState& state) {
  std::vector<Row> rows{{"SERVER", "SERVICE", "STATUS", "STARTED", "PID", "RUNNING DEPENDENTS"}};
  for (const auto& s : state.servers)
    for (const auto* name : {"MSExchangeADTopology", "WAS", "W3SVC"}) {
      const auto* svc = find_service(s, name);
      if (svc == nullptr) continue;
      rows.push_back({s.name, svc->name, std::string(service_status_name(svc->status)),
                      svc->start_time ? format_iso8601(*svc->start_time) : "-",
                      std::to_string(svc->process_id),
                      std::to_string(running_dependents(s, svc->name).size())});
    }
  return table(rows);
}

std::string audit_section(const LabState& state) {
  if (state.audit_log.empty()) return "(empty)\n";
  std::vector<Row> rows{{"RUN DATE", "CALLER", "CMDLET", "OBJECT", "PARAMETERS"}};
  for (const auto& e : state.audit_log) {
    std::string params;
    for (const auto& p : e.parameters)
      params += cat(params.empty() ? "" : " ", "-", p.name, " ", p.value);
    rows.push_back(
        {format_iso8601(e.run_date), e.caller, e.cmdlet_name, e.object_modified, params});
  }
  return table(rows);
}

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += cat(out.empty() ? "" : ",", n);
  return out.empty() ? "-" : out;
}

std::string knobs_section(const LabState& state) {
  const auto& f = state.faults;
  std::string out =
      cat("shell_load_delay_ms=", std::to_string(f.shell_load_delay_ms), " hang=", yes_no(f.hang),
          " snapin_failure=", yes_no(f.snapin_failure), " access_denied=", list(f.access_denied),
          " unreachable=", list(f.unreachable), " garbage_output=",
          f.garbage_output == GarbageOutput::none     ? "none"
          : f.garbage_output == GarbageOutput::random ? "random"
                                                      : "truncated",
          " output_encoding=", f.output_encoding == OutputEncoding::utf16le ? "utf-16le" : "utf-8",
          "\n");
  for (const auto& s : state.servers)
    if (s.restart_delay_ms != 0 || s.hang_restart || s.iisreset_fault != IisresetFault::none)
      out += cat(s.name, ": restart_delay_ms=", std::to_string(s.restart_delay_ms),
                 " hang_restart=", yes_no(s.hang_restart), " iisreset_fault=",
                 s.iisreset_fault == IisresetFault::none           ? "none"
                 : s.iisreset_fault == IisresetFault::stop_timeout ? "stop-timeout"
                                                                   : "no-restart",
                 "\n");
  return out;
}

std::string calls_section(const LabState& state) {
  std::map<std::string, int> by_kind;
  for (const auto& c : state.calls) ++by_kind[c.kind];
  std::string out = std::to_string(state.calls.size());
  for (const auto& [kind, n] : by_kind) out += cat(" ", kind, "=", std::to_string(n));
  return cat(out, "\n");
}

}  // namespace

std::string show_state(const LabState& state, TimePoint now) {
  return cat("Lab org ", state.organization, " (", state.domain, "), shell on ", state.local_server,
             ", lab time ", format_iso8601(now), "\n\nServers\n", servers_section(state),
             "\nServices\n", services_section(state), "\nAdmin audit log\n", audit_section(state),
             "\nFaults\n", knobs_section(state), "\nPowerShell calls\n", calls_section(state));
}

}  // namespace casdoctor::lab
