#pragma once
// The values findings are drawn from, as JSON evidence, written the same way
// by every check.
#include <nlohmann/json.hpp>

#include "casdoctor/diagnose/org_model.hpp"

namespace casdoctor {

nlohmann::ordered_json service_evidence(const ServiceView& service);
nlohmann::ordered_json build_evidence(const ServerView& server);
nlohmann::ordered_json change_evidence(const OutOfServiceChange& change);

struct StalenessResult;
// What a staleness verdict rests on: `revert`, `started_before_revert`,
// `set_true` (when known), `cache_source`, `services`, `app_pools` (when
// collected) and `build`.
void add_staleness_evidence(const ServerView& server, const StalenessResult& result,
                            nlohmann::ordered_json& evidence);

// "Exchange Server 2016 CU10 (15.1.1531.3)" for a susceptible product.
std::string fix_level_of(Product product);

// The workaround of the KB for one server, as PowerShell commands that run
// it remotely through WinRM; names are always single-quoted.
std::string workaround_commands(const ServerView& server);

}  // namespace casdoctor
