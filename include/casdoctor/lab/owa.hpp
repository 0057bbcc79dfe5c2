#pragma once
// OWA's forms logon as an Exchange 2013+ front end answers it, over the lab's
// state (docs/lab.md, "casdoctor-lab serve"). Pure apart from the session
// table: `casdoctor-lab serve` feeds it parsed HTTPS requests, the unit tests
// call it directly.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "casdoctor/lab/state.hpp"

namespace casdoctor::lab {

struct OwaRequest {
  std::string method;  // "GET", "POST"
  std::string target;  // path and query: "/owa/auth.owa"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  TimePoint now{};  // lab time of its arrival (docs/lab.md): owa_warmup_ms reads it
};

struct OwaResponse {
  int status = 200;
  std::string reason = "OK";
  std::vector<std::pair<std::string, std::string>> headers;  // in the order sent
  std::string body;
  int delay_ms = 0;  // the front end's owa_delay_ms: answer this much later

  // The first header of that name (case-insensitive), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
  // Every Set-Cookie value.
  std::vector<std::string> set_cookies() const;
};

// The cadata sessions handed out by logons: opaque random value -> mailbox
// (its UPN). Shared by every front end of one `serve`, as the front ends of
// one namespace share the certificate that encrypts real cadata cookies.
class OwaSessions {
 public:
  std::string open(const std::string& upn);
  std::optional<std::string> user_of(const std::string& cadata) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> sessions_;
};

// One request to the front end `front_end` (a server name in `state`).
OwaResponse handle_owa(const LabState& state, std::string_view front_end, const OwaRequest& request,
                       OwaSessions& sessions);

// application/x-www-form-urlencoded and URL helpers (also used by tests).
std::string url_decode(std::string_view text, bool plus_is_space);
std::string url_encode(std::string_view text);
std::map<std::string, std::string> parse_form(std::string_view body);
// The cookies of a Cookie header value.
std::map<std::string, std::string> parse_cookies(std::string_view header);

}  // namespace casdoctor::lab
