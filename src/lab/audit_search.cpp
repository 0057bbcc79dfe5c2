// Search-AdminAuditLog over the lab's audit log: the filters combine with
// AND, the values of one filter with OR, as the cmdlet documents.
#include <algorithm>

#include "casdoctor/core/text.hpp"
#include "casdoctor/lab/org.hpp"

namespace casdoctor::lab {
namespace {

bool any_equal(const std::vector<std::string>& wanted, std::string_view value) {
  return std::any_of(wanted.begin(), wanted.end(),
                     [&](const std::string& w) { return iequals(w, value); });
}

bool used_any(const AuditEntry& entry, const std::vector<std::string>& parameters) {
  return std::any_of(entry.parameters.begin(), entry.parameters.end(),
                     [&](const AuditParameter& p) { return any_equal(parameters, p.name); });
}

bool matches(const AuditEntry& e, const AuditQuery& q) {
  if (!q.cmdlets.empty() && !any_equal(q.cmdlets, e.cmdlet_name)) return false;
  if (!q.parameters.empty() && !used_any(e, q.parameters)) return false;
  if (!q.object_ids.empty() && !any_equal(q.object_ids, e.object_modified)) return false;
  if (!q.user_ids.empty() && !any_equal(q.user_ids, e.caller)) return false;
  if (q.start && e.run_date < *q.start) return false;
  if (q.end && e.run_date > *q.end) return false;
  if (q.is_success && e.succeeded != *q.is_success) return false;
  return true;
}

}  // namespace

std::vector<AuditEntry> search_audit(const LabState& state, const AuditQuery& query) {
  std::vector<AuditEntry> found;
  for (const auto& entry : state.audit_log)
    if (matches(entry, query)) found.push_back(entry);
  std::stable_sort(found.begin(), found.end(), [](const AuditEntry& a, const AuditEntry& b) {
    return a.run_date > b.run_date;
  });
  if (found.size() > query.result_size) found.resize(query.result_size);
  return found;
}

}  // namespace casdoctor::lab
