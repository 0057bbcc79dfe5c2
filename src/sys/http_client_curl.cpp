// HttpClient on libcurl: the only file that includes curl (WinHTTP on Windows
// later). One easy handle per session, so the cookie engine and the connection
// cache last exactly one logon. Redirects are returned, never followed. TLS is
// verified against the system store unless a CA file or --insecure says
// otherwise. Proxies come from the environment as libcurl reads them
// (http_proxy, https_proxy, no_proxy): nothing here overrides them.
//
// The request body holds the password: it is handed to libcurl by pointer for
// the one exchange, never copied, logged or kept (no CURLOPT_VERBOSE, no
// COPYPOSTFIELDS), and the pointer is cleared after the exchange.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <expected>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include <curl/curl.h>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/version.hpp"
#include "casdoctor/sys/http.hpp"

namespace casdoctor::sys {

namespace {

// A response body larger than this is an error, not a truncated page: OWA's
// pages are a few hundred KB at most.
constexpr std::size_t max_body_bytes = std::size_t{4} * 1024 * 1024;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("libcurl could not be initialised");
    }
  });
}

struct EasyDeleter {
  void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
struct UrlDeleter {
  void operator()(CURLU* u) const noexcept { curl_url_cleanup(u); }
};
struct CurlStringDeleter {
  void operator()(char* s) const noexcept { curl_free(s); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

HttpFailure classify(CURLcode code) {
  switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      return HttpFailure::tls;
    case CURLE_OPERATION_TIMEDOUT:
      return HttpFailure::timeout;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return HttpFailure::connect;
    default:
      return HttpFailure::other;
  }
}

// libcurl's own text for TLS failures is written for every protocol it
// speaks ("SSL peer certificate or SSH remote key was not OK"): an admin
// reading a verify report needs what went wrong and what to do.
std::string tls_message(CURLcode code, std::string_view detail) {
  constexpr std::string_view k_problem = "SSL certificate problem: ";
  if (detail.starts_with(k_problem)) detail.remove_prefix(k_problem.size());
  const std::string reason = detail.empty() ? std::string() : cat(": ", detail);
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
      return cat("the server's TLS certificate was not accepted", reason,
                 " (a private CA: give it with --ca-file FILE)");
    case CURLE_SSL_CACERT_BADFILE:
      return cat("the CA file could not be read", reason);
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CLIENTCERT:
      return cat("a client certificate problem", reason);
    default:
      return cat("the TLS handshake failed", reason);
  }
}

long to_curl_ms(std::chrono::milliseconds ms) {
  const auto count =
      std::clamp<std::chrono::milliseconds::rep>(ms.count(), 1, std::numeric_limits<long>::max());
  return static_cast<long>(count);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// What the callbacks fill during one exchange.
struct Exchange {
  HttpResponse response;
  bool body_too_large = false;
};

// libcurl calls this once per header line of every response it reads,
// including interim ones (100 Continue, a proxy's CONNECT answer): a status
// line starts a new response, so only the last response's headers remain.
std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  const std::string_view line(data, n);
  auto& headers = exchange.response.headers;
  if (line.starts_with("HTTP/")) {
    headers.clear();
    return n;
  }
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    // An obsolete folded continuation line: part of the previous value.
    if (!headers.empty()) {
      const auto more = trim(line);
      if (!more.empty()) {
        headers.back().second += ' ';
        headers.back().second += more;
      }
    }
    return n;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return n;  // the blank line ending the block
  headers.emplace_back(std::string(trim(line.substr(0, colon))),
                       std::string(trim(line.substr(colon + 1))));
  return n;
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto& exchange = *static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  if (exchange.response.body.size() + n > max_body_bytes) {
    exchange.body_too_large = true;
    return 0;  // libcurl stops with CURLE_WRITE_ERROR
  }
  exchange.response.body.append(data, n);
  return n;
}

// "host:port" of a URL for CURLOPT_CONNECT_TO, the port filled in from the
// scheme when the URL has none. IPv6 hosts keep their brackets.
std::expected<std::pair<std::string, std::string>, std::string> url_host_port(
    const std::string& url) {
  std::unique_ptr<CURLU, UrlDeleter> u(curl_url());
  if (!u) return std::unexpected("out of memory");
  if (curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) {
    return std::unexpected("not a valid URL: " + url);
  }
  char* host_raw = nullptr;
  char* port_raw = nullptr;
  if (curl_url_get(u.get(), CURLUPART_HOST, &host_raw, 0) != CURLUE_OK) {
    return std::unexpected("no host in URL: " + url);
  }
  CurlString host(host_raw);
  if (curl_url_get(u.get(), CURLUPART_PORT, &port_raw, CURLU_DEFAULT_PORT) != CURLUE_OK) {
    return std::unexpected("no port in URL: " + url);
  }
  CurlString port(port_raw);
  return std::pair{std::string(host.get()), std::string(port.get())};
}

std::string bracket_ipv6(const std::string& host) {
  if (host.find(':') != std::string::npos && !host.starts_with('[')) return "[" + host + "]";
  return host;
}

class CurlSession final : public HttpSession {
 public:
  explicit CurlSession(HttpOptions options) : options_(std::move(options)) {
    handle_.reset(curl_easy_init());
    if (!handle_) throw std::runtime_error("libcurl could not create a handle");
    CURL* h = handle_.get();
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_COOKIEFILE, "");  // the cookie engine, in memory only
#if LIBCURL_VERSION_NUM >= 0x075500               // 7.85.0
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
    const std::string agent = "casdoctor/" + std::string(tool_version());
    curl_easy_setopt(h, CURLOPT_USERAGENT, agent.c_str());  // libcurl copies strings
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, to_curl_ms(options_.timeout));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, to_curl_ms(options_.timeout));
    if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (options_.insecure) {
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    } else {
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
      curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    }
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer_.data());
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
  }

  std::expected<HttpResponse, HttpError> send(const HttpRequest& request) override {
    CURL* h = handle_.get();
    error_buffer_[0] = '\0';

    if (request.method == "GET") {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "POST") {
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    } else {
      return std::unexpected(
          HttpError{HttpFailure::other, "unsupported HTTP method: " + request.method});
    }
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());

    // Connect elsewhere, keeping the URL's host name for SNI, the certificate
    // check and the Host header. Only the host:port of the session's first
    // request (the namespace) is redirected, so a request to another host
    // (a cross-site redirect) goes where it says.
    Slist connect_to;
    if (options_.connect_to) {
      auto target = url_host_port(request.url);
      if (!target) return std::unexpected(HttpError{HttpFailure::other, target.error()});
      if (!redirected_) redirected_ = *target;
      if (*target == *redirected_) {
        const std::string port = options_.connect_to->port > 0
                                     ? std::to_string(options_.connect_to->port)
                                     : target->second;
        const std::string entry = target->first + ":" + target->second + ":" +
                                  bracket_ipv6(options_.connect_to->host) + ":" + port;
        connect_to.reset(curl_slist_append(nullptr, entry.c_str()));
        if (!connect_to) return std::unexpected(HttpError{HttpFailure::other, "out of memory"});
      }
    }
    curl_easy_setopt(h, CURLOPT_CONNECT_TO, connect_to.get());

    Slist headers;
    for (const auto& [name, value] : request.headers) {
      const std::string line = value.empty() ? name + ";" : name + ": " + value;
      curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
      if (!grown) return std::unexpected(HttpError{HttpFailure::other, "out of memory"});
      (void)headers.release();
      headers.reset(grown);
    }
    {
      // No "Expect: 100-continue" round trip for large form posts.
      curl_slist* grown = curl_slist_append(headers.get(), "Expect:");
      if (!grown) return std::unexpected(HttpError{HttpFailure::other, "out of memory"});
      (void)headers.release();
      headers.reset(grown);
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

    Exchange exchange;
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &exchange);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &exchange);

    const CURLcode code = curl_easy_perform(h);

    // Nothing of this exchange may outlive it: not the password's pointer,
    // not the lists freed below, not the callbacks' target.
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, nullptr);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(-1));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(h, CURLOPT_CONNECT_TO, nullptr);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, nullptr);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, nullptr);

    if (code != CURLE_OK) {
      const HttpFailure kind = classify(code);
      std::string message = curl_easy_strerror(code);
      if (exchange.body_too_large) {
        message = "the response body is larger than 4 MiB";
      } else if (kind == HttpFailure::tls) {
        message = tls_message(code, error_buffer_.data());
      } else if (error_buffer_[0] != '\0') {
        message += ": ";
        message += error_buffer_.data();
      }
      return std::unexpected(HttpError{kind, std::move(message)});
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    exchange.response.status = status;
    return std::move(exchange.response);
  }

 private:
  HttpOptions options_;
  std::unique_ptr<CURL, EasyDeleter> handle_;
  std::array<char, CURL_ERROR_SIZE + 1> error_buffer_{};
  // host:port of the first request, the only one connect_to redirects.
  std::optional<std::pair<std::string, std::string>> redirected_;
};

class CurlClient final : public HttpClient {
 public:
  CurlClient() { global_init(); }
  std::unique_ptr<HttpSession> open_session(const HttpOptions& options) override {
    return std::make_unique<CurlSession>(options);
  }
};

}  // namespace

std::unique_ptr<HttpClient> make_http_client() {
  return std::make_unique<CurlClient>();
}

}  // namespace casdoctor::sys
