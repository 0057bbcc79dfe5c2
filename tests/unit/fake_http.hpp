#pragma once
// HTTP for tests: a session that answers from a script and records what was
// sent, a client that hands out one scripted session per logon, and the
// responses Exchange gives in the forms logon (exchange-facts.md section 7).
#include <algorithm>
#include <deque>
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "casdoctor/sys/http.hpp"

namespace casdoctor::test {

using Reply = std::expected<sys::HttpResponse, sys::HttpError>;

class FakeSession final : public sys::HttpSession {
 public:
  explicit FakeSession(std::vector<Reply> replies) : replies_(replies.begin(), replies.end()) {}
  std::expected<sys::HttpResponse, sys::HttpError> send(const sys::HttpRequest& request) override {
    requests.push_back(request);
    if (replies_.empty())
      return std::unexpected(sys::HttpError{sys::HttpFailure::other, "no more replies"});
    auto reply = replies_.front();
    replies_.pop_front();
    return reply;
  }
  std::vector<sys::HttpRequest> requests;

 private:
  std::deque<Reply> replies_;
};

// Session n gets script n; once the scripts run out, the last one repeats.
class FakeHttpClient final : public sys::HttpClient {
 public:
  explicit FakeHttpClient(std::vector<std::vector<Reply>> scripts) : scripts_(std::move(scripts)) {}
  std::unique_ptr<sys::HttpSession> open_session(const sys::HttpOptions& options) override {
    opened.push_back(options);
    const std::size_t n = std::min(opened.size(), scripts_.size()) - 1;
    return std::make_unique<FakeSession>(scripts_.empty() ? std::vector<Reply>{} : scripts_[n]);
  }
  std::vector<sys::HttpOptions> opened;

 private:
  std::vector<std::vector<Reply>> scripts_;
};

inline const std::string k_cadata = "cadata=\"2xYz\"; path=/; HttpOnly; secure";

inline sys::HttpResponse response(long status, sys::HttpHeaders headers, std::string body = "") {
  sys::HttpResponse r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

inline sys::HttpResponse accepted() {
  return response(302, {{"Location", "https://mail.contoso.com/owa/"},
                        {"Set-Cookie", k_cadata},
                        {"Set-Cookie", "cadataKey=abc; path=/"},
                        {"X-FEServer", "EX16A"}});
}

// A mailbox page served by an Exchange 2010 back end (its X-OWA-Version 14.x
// is the proof a logon needs to be ok; docs/logon-proof.md).
inline sys::HttpResponse owa_page() {
  return response(
      200, {{"X-FEServer", "EX16A"}, {"X-BEServer", "EX16B"}, {"X-OWA-Version", "14.3.513.0"}},
      "<html><body>Outlook</body></html>");
}

inline sys::HttpResponse logon_redirect(int reason) {
  return response(
      302, {{"Location", "https://mail.contoso.com/owa/auth/logon.aspx?replaceCurrent=1&reason=" +
                             std::to_string(reason) + "&url="},
            {"Set-Cookie", "cadata=; expires=Thu, 01-Jan-1970 00:00:00 GMT; path=/"}});
}

inline sys::HttpResponse proxy_500() {
  return response(500,
                  {{"X-CasErrorCode", "ServerNotFound"},
                   {"X-FEServer", "EX16A"},
                   {"X-CalculatedBETarget", "ex2010.contoso.com"}},
                  "<html>error</html>");
}

}  // namespace casdoctor::test
