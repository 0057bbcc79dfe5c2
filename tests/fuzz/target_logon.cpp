// The OWA logon classifier against a front end whose every answer comes
// from the fuzz input. The input is text, so that seeds read like the
// exchanges they stand for:
//
//   https://mail.contoso.com/owa          the URL (empty: that one)
//   P@ss word                             the password (empty: "P@ss w0rd")
//   302                                   an answer: its status, or !tls,
//   Location: https://...                 !timeout, !connect, !other and a message;
//   Set-Cookie: cadata=1                  header lines up to an empty line,
//                                         then the body up to a line "---"
//   ---
//   200 ...
//
// The properties: the flow ends after a bounded number of exchanges, the
// password is only ever sent in a POST body, and nothing in the result
// carries it.
#include <charconv>
#include <deque>
#include <initializer_list>

#include "casdoctor/verify/logon.hpp"

#include "fuzz_support.hpp"

namespace casdoctor::fuzz {
namespace {

using Reply = std::expected<sys::HttpResponse, sys::HttpError>;

// The POST, one cross-site re-post, a GET and five redirects, with room.
constexpr std::size_t k_max_exchanges = 10;

class ScriptedSession final : public sys::HttpSession {
 public:
  explicit ScriptedSession(std::deque<Reply> replies) : replies_(std::move(replies)) {}
  std::expected<sys::HttpResponse, sys::HttpError> send(const sys::HttpRequest& request) override {
    requests.push_back(request);
    if (replies_.empty()) return std::unexpected(sys::HttpError{sys::HttpFailure::other, "end"});
    auto reply = std::move(replies_.front());
    replies_.pop_front();
    return reply;
  }
  std::vector<sys::HttpRequest> requests;

 private:
  std::deque<Reply> replies_;
};

class StillClock final : public Clock {
 public:
  TimePoint now() const override { return TimePoint{}; }
};

std::optional<sys::HttpFailure> failure_named(std::string_view word) {
  if (word == "!tls") return sys::HttpFailure::tls;
  if (word == "!timeout") return sys::HttpFailure::timeout;
  if (word == "!connect") return sys::HttpFailure::connect;
  if (word == "!other") return sys::HttpFailure::other;
  return std::nullopt;
}

// "Name: value" lines, then (after an empty line) the body.
Reply reply_of(std::string_view block) {
  auto lines = split(block, "\n");
  const auto first = lines.front();
  const auto word = first.substr(0, first.find(' '));
  if (auto failure = failure_named(word)) {
    return std::unexpected(sys::HttpError{*failure, std::string(first)});
  }
  sys::HttpResponse response;
  std::from_chars(word.data(), word.data() + word.size(), response.status);
  std::size_t i = 1;
  for (; i < lines.size() && !lines[i].empty(); ++i) {
    const auto colon = lines[i].find(':');
    const auto value =
        colon == std::string_view::npos ? std::string_view() : lines[i].substr(colon + 1);
    response.headers.emplace_back(std::string(lines[i].substr(0, colon)),
                                  std::string(value.substr(value.starts_with(' ') ? 1 : 0)));
  }
  for (++i; i < lines.size(); ++i) response.body.append(lines[i]).append("\n");
  return response;
}

// casdoctor itself never puts the password into a URL or a header.
void check_requests(const ScriptedSession& session, const std::string& password) {
  for (const auto& request : session.requests) {
    require(request.url.find(password) == std::string::npos, "the password in a request URL");
    for (const auto& [name, value] : request.headers) {
      require(value.find(password) == std::string::npos, "the password in a request header");
    }
    require(request.method == "POST" || request.body.empty(), "a body on a GET");
  }
}

// Whatever the front end echoed, the result does not carry the password.
void check_result(const LogonResult& result, const std::string& password) {
  for (const auto* field :
       {&result.detail, &result.cas_error_code, &result.fe_server, &result.be_server}) {
    require(field->find(password) == std::string::npos, "the password in the logon result");
  }
}

}  // namespace

// Whether the password has a character that nothing else a request is made
// of has (the URL, the front end's answers, the fixed parts): then finding
// the password in a request means casdoctor put it there.
bool only_from_password(std::string_view password, std::initializer_list<std::string_view> others) {
  constexpr std::string_view k_fixed =
      "/auth.owa auth/owaauth.dll Content-Type application/x-www-form-urlencoded Cookie PBack=0";
  for (const char c : password) {
    bool elsewhere = k_fixed.find(c) != std::string_view::npos;
    for (const auto other : others)
      elsewhere = elsewhere || other.find(c) != std::string_view::npos;
    if (!elsewhere) return true;
  }
  return false;
}

// The first line of `text`, and the rest after it.
std::pair<std::string_view, std::string_view> first_line(std::string_view text) {
  const auto end = text.find('\n');
  if (end == std::string_view::npos) return {text, {}};
  return {text.substr(0, end), text.substr(end + 1)};
}

void logon(std::string_view input) {
  const auto [url, after_url] = first_line(input);
  const auto [password_line, replies_text] = first_line(after_url);
  LogonRequest request;
  request.url = url.empty() ? "https://mail.contoso.com/owa" : std::string(url);
  const std::string password = password_line.empty() ? "P@ss w0rd" : std::string(password_line);
  request.password = &password;
  request.user = "CONTOSO\\alice";
  std::deque<Reply> replies;
  if (!replies_text.empty()) {
    for (const auto block : split(replies_text, "\n---\n")) replies.push_back(reply_of(block));
  }

  ScriptedSession session(std::move(replies));
  const auto result = owa_logon(session, request, StillClock{});
  require(session.requests.size() <= k_max_exchanges, "the logon does not stop");
  require(result.outcome != LogonOutcome::ok || session.requests.size() >= 2,
          "a logon reported ok without a GET after the POST");
  if (only_from_password(password, {request.url, replies_text})) check_requests(session, password);
  // The scrubbed result shows "***" where the password was: a password with
  // a '*' can reappear around that mark, and the URL is the user's own.
  if (password.find('*') == std::string::npos && request.url.find(password) == std::string::npos) {
    check_result(result, password);
  }
}

}  // namespace casdoctor::fuzz
