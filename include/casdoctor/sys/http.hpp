#pragma once
// HTTP behind an interface: libcurl here (src/sys/http_client_curl.cpp), WinHTTP
// on Windows later. TLS is verified against the system store unless told
// otherwise; redirects are never followed (the logon flow reads them); cookies
// live as long as a session (one logon).
#include <chrono>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace casdoctor::sys {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;  // in order, names as sent

struct HttpRequest {
  std::string method = "GET";  // "GET" | "POST"
  std::string url;
  HttpHeaders headers;
  std::string body;  // POST: application/x-www-form-urlencoded
};

struct HttpResponse {
  long status = 0;
  HttpHeaders headers;  // every header line, Set-Cookie repeated
  std::string body;
  // First value of a header, case-insensitive name.
  std::optional<std::string> header(std::string_view name) const;
};

enum class HttpFailure { tls, timeout, connect, other };

struct HttpError {
  HttpFailure kind = HttpFailure::other;
  std::string message;  // libcurl's words, no credentials
};

// Where to connect instead of the URL's host, keeping the URL's name for
// TLS (SNI, certificate check) and the Host header: `--via SERVER[=HOST[:PORT]]`.
struct ConnectTo {
  std::string host;  // the address to connect to
  int port = 0;      // 0 = the URL's port
};

struct HttpOptions {
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};  // each exchange
  std::string ca_file;                                          // "" = the system store
  bool insecure = false;                                        // no certificate or host name check
  std::optional<ConnectTo> connect_to;
};

// One logon: the cookies of earlier responses go with later requests.
class HttpSession {
 public:
  virtual ~HttpSession() = default;
  virtual std::expected<HttpResponse, HttpError> send(const HttpRequest& request) = 0;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual std::unique_ptr<HttpSession> open_session(const HttpOptions& options) = 0;
};

// A raw response header block ("HTTP/1.1 200 OK\r\nName: value\r\n...") as
// headers in order; a folded continuation line joins the previous value. For
// clients that get the block whole (WinHTTP).
HttpHeaders parse_header_block(std::string_view raw);

// libcurl on Linux, WinHTTP on Windows (docs/windows.md); proxies from the environment
// (https_proxy, no_proxy) as curl reads them.
std::unique_ptr<HttpClient> make_http_client();

}  // namespace casdoctor::sys
