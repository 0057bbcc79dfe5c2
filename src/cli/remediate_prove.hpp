#pragma once
// remediate proves before it plans: with --verify's logon (URL, user,
// password) it logs on to OWA once through each candidate server, so that
// the plan can say which targets a failed logon proved stale and which are
// only suspected (docs/logon-proof.md, "Proof before the plan").
#include <string>
#include <vector>

#include "casdoctor/core/time.hpp"
#include "casdoctor/diagnose/org_model.hpp"
#include "casdoctor/report/report.hpp"

#include "remediate_verify.hpp"

namespace casdoctor::cli {

struct ProofRun {
  std::vector<VerificationRecord> logons;  // one per candidate reached
  std::string no_proof_reason;             // why there were none; "" when logons ran
  LogonSetup setup;  // the password and TLS options, for the plan's own logon steps
};

// Without --verify, with --no-prove or without candidates: no logon, and
// the reason. A missing password is an error for a run (its logon steps
// need it anyway) and only a warning for a dry run, whose targets then
// stay suspected. Each logon is bounded by --http-timeout per exchange.
Result<ProofRun> prove_before_planning(RemediateVerifyOptions& options,
                                       const std::vector<const ServerView*>& candidates,
                                       bool dry_run, const Clock& clock);

}  // namespace casdoctor::cli
