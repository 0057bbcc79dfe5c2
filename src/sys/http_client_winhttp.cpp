// HttpClient on WinHTTP: the Windows counterpart of http_client_curl.cpp and
// the only file that includes winhttp.h (docs/windows.md). One WinHTTP
// session handle per HttpSession, so its cookie store lasts exactly one
// logon. Redirects are returned, never followed. Proxy: the system's
// (WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY, Windows 8.1+: the user's settings and
// WPAD), else the machine's `netsh winhttp` setting.
//
// TLS: with neither --ca-file nor --via, WinHTTP checks the certificate
// against the system store itself. With --ca-file or --via, WinHTTP's own
// checks are relaxed and this file checks the chain and the namespace's name
// (verify_server below) after the handshake and BEFORE the body goes out: the
// request is sent headers-first (WinHttpSendRequest with the body's length,
// then WinHttpWriteData), so a password never reaches a server that failed
// the check. The body is written from the caller's buffer, never copied.
#include "casdoctor/sys/http.hpp"

#include <algorithm>
#include <cstddef>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// windows.h first: the others need its types.
// clang-format off
#include <windows.h>
#include <wincrypt.h>
#include <winhttp.h>
// clang-format on

#include "casdoctor/core/version.hpp"
#include "casdoctor/sys/console.hpp"
#include "casdoctor/sys/path.hpp"

#include "win_text.hpp"

namespace casdoctor::sys {
namespace {

using win::narrow;
using win::widen;

// As in the curl client: a larger body is an error, not a truncated page.
constexpr std::size_t max_body_bytes = std::size_t{4} * 1024 * 1024;

struct InternetDeleter {
  void operator()(HINTERNET h) const noexcept { ::WinHttpCloseHandle(h); }
};
using Internet = std::unique_ptr<void, InternetDeleter>;

struct CertDeleter {
  void operator()(const CERT_CONTEXT* c) const noexcept { ::CertFreeCertificateContext(c); }
};
using Cert = std::unique_ptr<const CERT_CONTEXT, CertDeleter>;

struct StoreDeleter {
  void operator()(HCERTSTORE s) const noexcept { ::CertCloseStore(s, 0); }
};
using Store = std::unique_ptr<void, StoreDeleter>;

struct ChainDeleter {
  void operator()(const CERT_CHAIN_CONTEXT* c) const noexcept { ::CertFreeCertificateChain(c); }
};
using Chain = std::unique_ptr<const CERT_CHAIN_CONTEXT, ChainDeleter>;

HttpFailure classify(DWORD code) {
  switch (code) {
    case ERROR_WINHTTP_SECURE_FAILURE:
    case ERROR_WINHTTP_SECURE_CHANNEL_ERROR:
    case ERROR_WINHTTP_SECURE_INVALID_CERT:
    case ERROR_WINHTTP_SECURE_INVALID_CA:
    case ERROR_WINHTTP_SECURE_CERT_CN_INVALID:
    case ERROR_WINHTTP_SECURE_CERT_DATE_INVALID:
    case ERROR_WINHTTP_SECURE_CERT_REVOKED:
    case ERROR_WINHTTP_SECURE_CERT_REV_FAILED:
    case ERROR_WINHTTP_SECURE_CERT_WRONG_USAGE:
    case ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED:
      return HttpFailure::tls;
    case ERROR_WINHTTP_TIMEOUT:
    case WSAETIMEDOUT:  // wine reports a receive timeout with the socket's error
      return HttpFailure::timeout;
    case WSAECONNREFUSED:
    case WSAECONNRESET:
    case ERROR_WINHTTP_CANNOT_CONNECT:
    case ERROR_WINHTTP_NAME_NOT_RESOLVED:
    case ERROR_WINHTTP_CONNECTION_ERROR:
      return HttpFailure::connect;
    default:
      return HttpFailure::other;
  }
}

// WinHTTP's messages live in winhttp.dll's resources, which the C++
// library's system_category() does not read: the common ones in words.
std::string describe(DWORD code) {
  switch (code) {
    case ERROR_WINHTTP_TIMEOUT:
    case WSAETIMEDOUT:
      return "the operation timed out";
    case ERROR_WINHTTP_CANNOT_CONNECT:
      return "could not connect to the server";
    case ERROR_WINHTTP_NAME_NOT_RESOLVED:
      return "could not resolve the host name";
    case ERROR_WINHTTP_CONNECTION_ERROR:
      return "the connection was reset or closed";
    case ERROR_WINHTTP_INVALID_URL:
    case ERROR_WINHTTP_UNRECOGNIZED_SCHEME:
      return "not a valid http or https URL";
    case ERROR_WINHTTP_INVALID_SERVER_RESPONSE:
      return "the server's response is not valid HTTP";
    case ERROR_WINHTTP_CLIENT_AUTH_CERT_NEEDED:
      return "the server asks for a client certificate";
    default:
      break;
  }
  if (classify(code) == HttpFailure::tls)
    return "the server's TLS certificate was not accepted (WinHTTP error " + std::to_string(code) +
           "; a private CA: give it with --ca-file FILE)";
  return "WinHTTP error " + std::to_string(code) + ": " + win::error_text(code);
}

std::unexpected<HttpError> failure(HttpFailure kind, std::string message) {
  return std::unexpected(HttpError{kind, std::move(message)});
}

std::unexpected<HttpError> last_failure() {
  const DWORD code = ::GetLastError();
  return failure(classify(code), describe(code));
}

DWORD to_dword_ms(std::chrono::milliseconds ms) {
  return static_cast<DWORD>(std::clamp<std::chrono::milliseconds::rep>(ms.count(), 1, 0x7fffffff));
}

struct Url {
  bool https = false;
  std::wstring host;
  INTERNET_PORT port = 0;
  std::wstring path_and_query;
};

std::expected<Url, HttpError> crack(const std::string& text) {
  const std::wstring wide = widen(text);
  URL_COMPONENTS parts{};
  parts.dwStructSize = sizeof parts;
  parts.dwHostNameLength = static_cast<DWORD>(-1);
  parts.dwUrlPathLength = static_cast<DWORD>(-1);
  parts.dwExtraInfoLength = static_cast<DWORD>(-1);
  if (!::WinHttpCrackUrl(wide.c_str(), static_cast<DWORD>(wide.size()), 0, &parts))
    return failure(HttpFailure::other, "not a valid URL: " + text);
  if (parts.nScheme != INTERNET_SCHEME_HTTPS && parts.nScheme != INTERNET_SCHEME_HTTP)
    return failure(HttpFailure::other, "not an http or https URL: " + text);
  Url url;
  url.https = parts.nScheme == INTERNET_SCHEME_HTTPS;
  url.host.assign(parts.lpszHostName, parts.dwHostNameLength);
  url.port = parts.nPort;
  url.path_and_query.assign(parts.lpszUrlPath, parts.dwUrlPathLength);
  url.path_and_query.append(parts.lpszExtraInfo, parts.dwExtraInfoLength);
  if (url.path_and_query.empty()) url.path_and_query = L"/";
  if (url.host.empty()) return failure(HttpFailure::other, "no host in URL: " + text);
  return url;
}

// The CA file's certificates (PEM, one or more) in a memory store.
std::expected<Store, HttpError> load_ca_file(const std::string& file) {
  const auto tls_error = [&](const std::string& why) {
    return failure(HttpFailure::tls, "the CA file could not be read: " + file + ": " + why);
  };
  auto bytes = read_file_bytes(path_from_utf8(file));
  if (!bytes) return tls_error(bytes.error().message);
  Store store(::CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, 0, nullptr));
  if (!store) return tls_error(win::error_text(::GetLastError()));
  constexpr std::string_view k_begin = "-----BEGIN CERTIFICATE-----";
  constexpr std::string_view k_end = "-----END CERTIFICATE-----";
  const std::string_view text = *bytes;
  int added = 0;
  for (std::size_t at = text.find(k_begin); at != std::string_view::npos;
       at = text.find(k_begin, at + 1)) {
    const std::size_t end = text.find(k_end, at);
    if (end == std::string_view::npos) break;
    const std::string block(text.substr(at, end + k_end.size() - at));
    DWORD size = 0;
    if (!::CryptStringToBinaryA(block.c_str(), static_cast<DWORD>(block.size()),
                                CRYPT_STRING_BASE64HEADER, nullptr, &size, nullptr, nullptr))
      return tls_error("a certificate is not valid base64");
    std::vector<BYTE> der(size);
    ::CryptStringToBinaryA(block.c_str(), static_cast<DWORD>(block.size()),
                           CRYPT_STRING_BASE64HEADER, der.data(), &size, nullptr, nullptr);
    if (!::CertAddEncodedCertificateToStore(store.get(), X509_ASN_ENCODING, der.data(), size,
                                            CERT_STORE_ADD_USE_EXISTING, nullptr))
      return tls_error("a certificate is not valid DER");
    ++added;
  }
  if (added == 0) return tls_error("no PEM certificate in it");
  return store;
}

bool in_store(HCERTSTORE store, const CERT_CONTEXT* cert) {
  Cert found(
      ::CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_EXISTING, cert, nullptr));
  return found != nullptr;
}

std::unexpected<HttpError> not_accepted(const std::string& why) {
  return failure(HttpFailure::tls, "the server's TLS certificate was not accepted: " + why +
                                       " (a private CA: give it with --ca-file FILE)");
}

// The chain of `cert` must end at a root of `trusted` (the CA file) or, with
// no CA file, at a root the system trusts; every certificate in it must be
// valid now, and the leaf must name `host` (the namespace, also under --via).
std::expected<void, HttpError> verify_chain(const CERT_CONTEXT* cert, HCERTSTORE trusted,
                                            const std::wstring& host) {
  // The intermediates the server sent, and the CA file's certificates.
  Store both(::CertOpenStore(CERT_STORE_PROV_COLLECTION, 0, 0, 0, nullptr));
  if (!both) return not_accepted("no certificate store: " + win::error_text(::GetLastError()));
  ::CertAddStoreToCollection(both.get(), cert->hCertStore, 0, 0);
  if (trusted != nullptr) ::CertAddStoreToCollection(both.get(), trusted, 0, 0);
  CERT_CHAIN_PARA para{};
  para.cbSize = sizeof para;
  const CERT_CHAIN_CONTEXT* raw = nullptr;
  if (!::CertGetCertificateChain(nullptr, cert, nullptr, both.get(), &para, 0, nullptr, &raw))
    return not_accepted("no chain could be built: " + win::error_text(::GetLastError()));
  Chain chain(raw);
  DWORD errors = chain->TrustStatus.dwErrorStatus;
  if (trusted != nullptr) {
    // The CA file's root is not in the system store: "untrusted root" is
    // expected, as long as the root is one of the file's.
    const CERT_SIMPLE_CHAIN* simple = chain->rgpChain[0];
    const CERT_CONTEXT* root = simple->rgpElement[simple->cElement - 1]->pCertContext;
    if (!in_store(trusted, root)) return not_accepted("it is not issued by the CA file's CA");
    errors &= ~static_cast<DWORD>(CERT_TRUST_IS_UNTRUSTED_ROOT | CERT_TRUST_IS_PARTIAL_CHAIN);
  }
  if (errors & CERT_TRUST_IS_NOT_TIME_VALID)
    return not_accepted("it has expired or is not valid yet");
  if (errors & CERT_TRUST_IS_UNTRUSTED_ROOT)
    return not_accepted("unable to get local issuer certificate");
  if (errors & CERT_TRUST_IS_PARTIAL_CHAIN)
    return not_accepted("unable to get local issuer certificate");
  if (errors != CERT_TRUST_NO_ERROR)
    return not_accepted("its chain has errors (CERT_TRUST status " + std::to_string(errors) + ")");

  // The name check, and the rest of the SSL policy, with the root's origin
  // already settled above.
  std::wstring server_name = host;
  HTTPSPolicyCallbackData ssl{};
  ssl.cbStruct = sizeof ssl;
  ssl.dwAuthType = AUTHTYPE_SERVER;
  ssl.fdwChecks = trusted != nullptr ? SECURITY_FLAG_IGNORE_UNKNOWN_CA : 0;
  ssl.pwszServerName = server_name.data();
  CERT_CHAIN_POLICY_PARA policy{};
  policy.cbSize = sizeof policy;
  policy.pvExtraPolicyPara = &ssl;
  CERT_CHAIN_POLICY_STATUS status{};
  status.cbSize = sizeof status;
  if (!::CertVerifyCertificateChainPolicy(CERT_CHAIN_POLICY_SSL, chain.get(), &policy, &status))
    return not_accepted("the SSL policy could not be checked");
  if (status.dwError == static_cast<DWORD>(CERT_E_CN_NO_MATCH))
    return not_accepted("it does not name " + narrow(host));
  if (status.dwError != 0)
    return not_accepted("SSL policy error " + std::to_string(status.dwError));
  return {};
}

class WinHttpSession final : public HttpSession {
 public:
  WinHttpSession(HttpOptions options, Internet session, std::optional<Store> trusted)
      : options_(std::move(options)), session_(std::move(session)), trusted_(std::move(trusted)) {}

  std::expected<HttpResponse, HttpError> send(const HttpRequest& request) override {
    if (request.method != "GET" && request.method != "POST")
      return failure(HttpFailure::other, "unsupported HTTP method: " + request.method);
    auto url = crack(request.url);
    if (!url) return std::unexpected(url.error());
    auto target = connect_target(*url);
    Internet connection(::WinHttpConnect(session_.get(), target.first.c_str(), target.second, 0));
    if (!connection) return last_failure();
    const std::wstring method = widen(request.method);
    Internet handle(::WinHttpOpenRequest(
        connection.get(), method.c_str(), url->path_and_query.c_str(), nullptr, WINHTTP_NO_REFERER,
        WINHTTP_DEFAULT_ACCEPT_TYPES, url->https ? WINHTTP_FLAG_SECURE : 0));
    if (!handle) return last_failure();
    if (auto set = configure(handle.get(), *url, target.first != url->host); !set)
      return std::unexpected(set.error());
    if (auto sent = send_request(handle.get(), request, *url, target.first != url->host); !sent)
      return std::unexpected(sent.error());
    if (!::WinHttpReceiveResponse(handle.get(), nullptr)) return last_failure();
    return read_response(handle.get());
  }

 private:
  // --via: only the host:port of the session's first request (the namespace)
  // goes elsewhere, as in the curl client, so a cross-site redirect goes
  // where it says.
  std::pair<std::wstring, INTERNET_PORT> connect_target(const Url& url) {
    std::pair<std::wstring, INTERNET_PORT> own{url.host, url.port};
    if (!options_.connect_to) return own;
    if (!redirected_) redirected_ = own;
    if (*redirected_ != own) return own;
    const INTERNET_PORT port = options_.connect_to->port > 0
                                   ? static_cast<INTERNET_PORT>(options_.connect_to->port)
                                   : url.port;
    return {widen(options_.connect_to->host), port};
  }

  bool checks_itself(bool elsewhere) const {
    return !options_.insecure && (trusted_.has_value() || elsewhere);
  }

  std::expected<void, HttpError> configure(HINTERNET handle, const Url& url, bool elsewhere) {
    // The wait for the response's headers has its own timeout (90 s by
    // default), which WinHttpSetTimeouts leaves alone: a slow front end must
    // time out at --timeout too.
    DWORD wait = to_dword_ms(options_.timeout);
    if (!::WinHttpSetOption(handle, WINHTTP_OPTION_RECEIVE_RESPONSE_TIMEOUT, &wait, sizeof wait))
      return last_failure();
    DWORD no_redirects = WINHTTP_DISABLE_REDIRECTS;
    if (!::WinHttpSetOption(handle, WINHTTP_OPTION_DISABLE_FEATURE, &no_redirects,
                            sizeof no_redirects))
      return last_failure();
    if (url.https && (options_.insecure || checks_itself(elsewhere))) {
      DWORD relaxed = SECURITY_FLAG_IGNORE_UNKNOWN_CA | SECURITY_FLAG_IGNORE_CERT_DATE_INVALID |
                      SECURITY_FLAG_IGNORE_CERT_CN_INVALID | SECURITY_FLAG_IGNORE_CERT_WRONG_USAGE;
      if (!::WinHttpSetOption(handle, WINHTTP_OPTION_SECURITY_FLAGS, &relaxed, sizeof relaxed))
        return last_failure();
    }
    if (elsewhere) {
      // The namespace's name in Host, as the URL says (the port only when
      // it is not the scheme's).
      std::wstring host = L"Host: " + url.host;
      if (url.port != (url.https ? INTERNET_DEFAULT_HTTPS_PORT : INTERNET_DEFAULT_HTTP_PORT))
        host += L":" + std::to_wstring(url.port);
      if (!::WinHttpAddRequestHeaders(handle, host.c_str(), static_cast<DWORD>(host.size()),
                                      WINHTTP_ADDREQ_FLAG_ADD | WINHTTP_ADDREQ_FLAG_REPLACE))
        return last_failure();
    }
    return {};
  }

  std::expected<void, HttpError> send_request(HINTERNET handle, const HttpRequest& request,
                                              const Url& url, bool elsewhere) {
    std::wstring headers;
    for (const auto& [name, value] : request.headers)
      headers += widen(name) + L": " + widen(value) + L"\r\n";
    const DWORD length = static_cast<DWORD>(request.body.size());
    if (!::WinHttpSendRequest(
            handle, headers.empty() ? WINHTTP_NO_ADDITIONAL_HEADERS : headers.c_str(),
            static_cast<DWORD>(headers.size()), WINHTTP_NO_REQUEST_DATA, 0, length, 0))
      return last_failure();
    if (url.https && checks_itself(elsewhere)) {
      if (auto checked = verify_server(handle, url.host); !checked) return checked;
    }
    std::string_view body = request.body;
    while (!body.empty()) {
      DWORD written = 0;
      if (!::WinHttpWriteData(handle, body.data(), static_cast<DWORD>(body.size()), &written))
        return last_failure();
      body.remove_prefix(written);
    }
    return {};
  }

  std::expected<void, HttpError> verify_server(HINTERNET handle, const std::wstring& host) {
    const CERT_CONTEXT* raw = nullptr;
    DWORD size = sizeof raw;
    if (!::WinHttpQueryOption(handle, WINHTTP_OPTION_SERVER_CERT_CONTEXT, &raw, &size) ||
        raw == nullptr)
      return not_accepted("the server sent no certificate");
    Cert cert(raw);
    return verify_chain(cert.get(), trusted_ ? trusted_->get() : nullptr, host);
  }

  static std::expected<HttpResponse, HttpError> read_response(HINTERNET handle) {
    HttpResponse response;
    DWORD status = 0;
    DWORD size = sizeof status;
    if (!::WinHttpQueryHeaders(handle, WINHTTP_QUERY_STATUS_CODE | WINHTTP_QUERY_FLAG_NUMBER,
                               WINHTTP_HEADER_NAME_BY_INDEX, &status, &size,
                               WINHTTP_NO_HEADER_INDEX))
      return last_failure();
    response.status = static_cast<long>(status);
    response.headers = read_headers(handle);
    for (;;) {
      DWORD available = 0;
      if (!::WinHttpQueryDataAvailable(handle, &available)) return last_failure();
      if (available == 0) break;
      if (response.body.size() + available > max_body_bytes)
        return failure(HttpFailure::other, "the response body is larger than 4 MiB");
      const std::size_t at = response.body.size();
      response.body.resize(at + available);
      DWORD read = 0;
      if (!::WinHttpReadData(handle, response.body.data() + at, available, &read))
        return last_failure();
      response.body.resize(at + read);
    }
    return response;
  }

  // Every header line of the final response, in order, Set-Cookie repeated.
  static HttpHeaders read_headers(HINTERNET handle) {
    DWORD size = 0;
    ::WinHttpQueryHeaders(handle, WINHTTP_QUERY_RAW_HEADERS_CRLF, WINHTTP_HEADER_NAME_BY_INDEX,
                          WINHTTP_NO_OUTPUT_BUFFER, &size, WINHTTP_NO_HEADER_INDEX);
    std::wstring raw(size / sizeof(wchar_t), L'\0');
    if (!::WinHttpQueryHeaders(handle, WINHTTP_QUERY_RAW_HEADERS_CRLF, WINHTTP_HEADER_NAME_BY_INDEX,
                               raw.data(), &size, WINHTTP_NO_HEADER_INDEX))
      return {};
    raw.resize(size / sizeof(wchar_t));
    return parse_header_block(narrow(raw));
  }

  HttpOptions options_;
  Internet session_;
  std::optional<Store> trusted_;
  std::optional<std::pair<std::wstring, INTERNET_PORT>> redirected_;
};

// The system proxy where Windows has AUTOMATIC_PROXY (8.1 and later), the
// `netsh winhttp` one where it has not.
Internet open_internet() {
  const std::wstring agent = widen("casdoctor/" + std::string(tool_version()));
  HINTERNET h = ::WinHttpOpen(agent.c_str(), WINHTTP_ACCESS_TYPE_AUTOMATIC_PROXY,
                              WINHTTP_NO_PROXY_NAME, WINHTTP_NO_PROXY_BYPASS, 0);
  if (h == nullptr)
    h = ::WinHttpOpen(agent.c_str(), WINHTTP_ACCESS_TYPE_DEFAULT_PROXY, WINHTTP_NO_PROXY_NAME,
                      WINHTTP_NO_PROXY_BYPASS, 0);
  return Internet(h);
}

// A session that fails to open fails its first exchange, with the reason.
class FailedSession final : public HttpSession {
 public:
  explicit FailedSession(HttpError error) : error_(std::move(error)) {}
  std::expected<HttpResponse, HttpError> send(const HttpRequest&) override {
    return std::unexpected(error_);
  }

 private:
  HttpError error_;
};

class WinHttpClient final : public HttpClient {
 public:
  std::unique_ptr<HttpSession> open_session(const HttpOptions& options) override {
    Internet session = open_internet();
    if (!session) return std::make_unique<FailedSession>(last_failure().error());
    const DWORD ms = to_dword_ms(options.timeout);
    ::WinHttpSetTimeouts(session.get(), static_cast<int>(ms), static_cast<int>(ms),
                         static_cast<int>(ms), static_cast<int>(ms));
    std::optional<Store> trusted;
    if (!options.ca_file.empty() && !options.insecure) {
      auto store = load_ca_file(options.ca_file);
      if (!store) return std::make_unique<FailedSession>(store.error());
      trusted = std::move(*store);
    }
    return std::make_unique<WinHttpSession>(options, std::move(session), std::move(trusted));
  }
};

}  // namespace

std::unique_ptr<HttpClient> make_http_client() {
  return std::make_unique<WinHttpClient>();
}

}  // namespace casdoctor::sys
