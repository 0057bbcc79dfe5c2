#pragma once
// What an OWA logon through a plan's candidate says about its cache
// (docs/logon-proof.md, "Proof before the plan"): remediate logs on through
// each candidate before it plans, so that the plan can tell the servers a
// failed logon proved stale from those only suspected from start times.
#include <string>
#include <string_view>

#include "casdoctor/diagnose/org_model.hpp"
#include "casdoctor/report/report.hpp"

namespace casdoctor {

// The logon `record` through `server`, judged: proven only by the stale
// cache's own failure (ServerNotFound at the logon post, or the error page
// naming NoAvailableDownLevelBackEndException / ServerNotFound); a logon
// that opened the mailbox from a 2010 back end is logon_works; every other
// outcome (timeouts, TLS, bad password, other error pages, a mailbox not
// proven to be on 2010, an answer from another front end) proves nothing.
TargetProof proof_from_logon(const VerificationRecord& record, const ServerView& server);

// No logon went through the server; `why` says why ("--no-prove", ...).
TargetProof proof_without_logon(std::string why);

// Whether `written` (a --via name, an X-FEServer value) names `server`:
// its name, its FQDN, or a host name whose first label is its name.
bool names_server(std::string_view written, const ServerView& server);

}  // namespace casdoctor
