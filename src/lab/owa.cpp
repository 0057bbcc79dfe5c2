// OWA's forms logon on an Exchange 2013+ front end and its proxying
// decision, as exchange-facts 7 describes them: auth.owa / owaauth.dll
// posts, cadata cookies, logon.aspx redirects with reason codes; for a
// mailbox on Exchange 2010 a 2010 CAS in its site that IIS's cached view says
// is in service (else, already at the logon post, 500 with X-CasErrorCode:
// ServerNotFound or errorFE.aspx), or, when the mailbox is in another site
// whose 2010 CAS publishes an external OWA URL, the cross-site answers
// (owa_cross_site.cpp; docs/logon-proof.md).
#include "casdoctor/lab/owa.hpp"

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/lab/org.hpp"

#include "owa_parts.hpp"

namespace casdoctor::lab {
namespace {

using namespace owa_detail;

constexpr std::string_view k_no_backend =
    "Microsoft.Exchange.HttpProxy.NoAvailableDownLevelBackEndException";

std::string no_backend_text(std::string_view site) {
  return cat(
      "NoAvailableDownLevelBackEndException: no Exchange 2010 Client Access server in service in "
      "site ",
      site);
}

// A 2010 Client Access server in `site` that `fe`'s IIS believes (and AD
// agrees) is in service.
const LabServer* downlevel_cas(const LabState& state, const LabServer& fe, std::string_view site) {
  for (const auto& s : state.servers)
    if (is_cas2010(s) && iequals(s.site, site) && !s.is_out_of_service &&
        !cached_out_of_service(state, fe, s.name))
      return &s;
  return nullptr;
}

// The 2010 CAS a front end redirects the browser to: the mailbox is on
// Exchange 2010 in another site, and a CAS there that is in service has an
// external OWA URL (exchange-facts 7.2).
const LabServer* redirect_target(const LabState& state, const LabServer& fe, const LabMailbox& m) {
  const auto* home = find_server(state, m.home_server);
  if (home == nullptr || product_of(*home) != Product::exchange2010 || iequals(home->site, fe.site))
    return nullptr;
  const auto* cas = downlevel_cas(state, fe, home->site);
  return cas != nullptr && !cas->owa_external_url.empty() ? cas : nullptr;
}

// The front end resolves the mailbox's back end at the logon post itself
// (FbaFormPostProxyRequestHandler): a mailbox on Exchange 2010 with no 2010
// CAS in service in its site, as this server's IIS sees it, fails there,
// before any cookie is set (exchange-facts 7.3).
OwaResponse logon_post(const LabState& state, const LabServer& fe, const OwaRequest& request,
                       OwaSessions& sessions) {
  auto checked = check_logon(state, fe, request);
  if (checked.refused) return std::move(*checked.refused);
  const auto* home = find_server(state, checked.mailbox->home_server);
  if (home != nullptr && product_of(*home) == Product::exchange2010) {
    if (!fe.owa_fe_error.empty()) return error_fe_transfer(fe, fe.owa_fe_error);
    if (const auto* cas = redirect_target(state, fe, *checked.mailbox))
      return cross_site_redirect(fe, *cas, checked.form);
    if (downlevel_cas(state, fe, home->site) == nullptr)
      return routing_failure(fe, k_no_backend, no_backend_text(home->site));
  }
  return accepted_logon(fe, *checked.mailbox, checked.form, sessions);
}

OwaResponse mailbox_get(const LabState& state, const LabServer& fe, const LabMailbox& m) {
  const auto* home = find_server(state, m.home_server);
  if (home == nullptr)
    return routing_failure(fe, "Microsoft.Exchange.HttpProxy.ServerNotFoundException",
                           cat("the mailbox server ", m.home_server, " was not found"));
  if (product_of(*home) != Product::exchange2010) {
    auto r = answer(200, "OK", fe);
    r.body = mailbox_page(m, home->name);
    r.headers.emplace_back("X-CalculatedBETarget", lower_fqdn(*home));
    r.headers.emplace_back("X-OWA-Version", to_short_form(installed_build(*home)));
    r.headers.emplace_back("X-BEServer", home->name);
    finish(r, fe);
    return r;
  }
  const auto* cas = downlevel_cas(state, fe, home->site);
  if (cas == nullptr) return routing_failure(fe, k_no_backend, no_backend_text(home->site));
  // The 2010 CAS answers the proxied request 401 without a Negotiate
  // challenge: the front end transfers to errorFE (exchange-facts 7.2).
  if (cas->owa_no_windows_auth) return error_fe_transfer(fe, "CAS14WithNoWIA");
  auto r = answer(200, "OK", fe);
  r.body = mailbox_page(m, cas->name);
  r.headers.emplace_back("X-CalculatedBETarget", lower_fqdn(*cas));
  if (!cas->owa_strips_version)
    r.headers.emplace_back("X-OWA-Version", to_short_form(installed_build(*cas)));
  r.headers.emplace_back("X-DiagInfo", cas->name);
  finish(r, fe);
  return r;
}

// IIS is up and, owa_warmup_ms after W3SVC started, its application pools
// take requests (the knob stands in for the pools' start after IISReset).
bool serving(const LabServer& fe, TimePoint now) {
  const auto* w3svc = find_service(fe, "W3SVC");
  if (w3svc == nullptr) return true;
  if (w3svc->status != ServiceStatus::running) return false;
  if (fe.owa_warmup_ms == 0 || !w3svc->start_time) return true;
  return now >= *w3svc->start_time + std::chrono::milliseconds(fe.owa_warmup_ms);
}

}  // namespace

OwaResponse handle_owa(const LabState& state, std::string_view front_end, const OwaRequest& request,
                       OwaSessions& sessions) {
  const auto* server = find_server(state, front_end);
  if (server == nullptr || !serving(*server, request.now)) return http_sys_unavailable();
  if (is_cas2010(*server)) return handle_owa2010(state, *server, request, sessions);
  return route(state, *server, request, sessions, Handlers{logon_post, mailbox_get});
}

}  // namespace casdoctor::lab
