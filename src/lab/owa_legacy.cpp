// A 2010 Client Access server's own OWA (exchange-facts 7.4), where a 2013+
// front end's cross-site redirect sends the browser: the owaauth.dll form
// post, the same cadata cookie family, and mailboxes on Exchange 2010 (it
// proxies to the others' sites itself); a mailbox on a later version is not
// its to open.
#include "casdoctor/lab/org.hpp"

#include "owa_parts.hpp"

namespace casdoctor::lab::owa_detail {
namespace {

OwaResponse legacy_logon_post(const LabState& state, const LabServer& cas,
                              const OwaRequest& request, OwaSessions& sessions) {
  auto checked = check_logon(state, cas, request);
  if (checked.refused) return std::move(*checked.refused);
  return accepted_logon(cas, *checked.mailbox, checked.form, sessions);
}

OwaResponse legacy_mailbox_get(const LabState& state, const LabServer& cas, const LabMailbox& m) {
  const auto* home = find_server(state, m.home_server);
  if (home == nullptr || product_of(*home) != Product::exchange2010) {
    auto r = answer(500, "Internal Server Error", cas);
    r.headers.emplace_back("X-OWA-Error", "Microsoft.Exchange.Data.Storage.WrongServerException");
    r.body = "<HTML><BODY>500 Internal Server Error</BODY></HTML>\r\n";
    finish(r, cas);
    return r;
  }
  auto r = answer(200, "OK", cas);
  r.body = mailbox_page(m, cas.name);
  r.headers.emplace_back("X-OWA-Version", to_short_form(installed_build(cas)));
  finish(r, cas);
  return r;
}

}  // namespace

OwaResponse handle_owa2010(const LabState& state, const LabServer& cas, const OwaRequest& request,
                           OwaSessions& sessions) {
  return route(state, cas, request, sessions, Handlers{legacy_logon_post, legacy_mailbox_get});
}

}  // namespace casdoctor::lab::owa_detail
