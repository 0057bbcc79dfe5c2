// The libcurl HttpClient against real TLS on loopback: tests/helpers/https_server.py
// (python3 standard library) with a CA and a server certificate for
// mail.contoso.com and 127.0.0.1 that it makes with the openssl CLI. One server
// serves every test case; it exits when this process ends (its stdin closes).
// Time bounds are generous except in the timeout test: a loaded two-core
// machine must not make these tests flake.
#ifndef _WIN32

#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/sys/http.hpp"

extern char** environ;

namespace {

using namespace std::chrono_literals;
using casdoctor::sys::ConnectTo;
using casdoctor::sys::HttpFailure;
using casdoctor::sys::HttpOptions;
using casdoctor::sys::HttpRequest;
using casdoctor::sys::make_http_client;

std::string server_script() {
  return (std::filesystem::path(CASDOCTOR_TEST_FIXTURES).parent_path() / "helpers" /
          "https_server.py")
      .string();
}

std::string python3() {
  return std::filesystem::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

// The test server: started on first use, stopped (SIGTERM, then reaped) at exit.
class TestServer {
 public:
  TestServer() {
    // Straight to loopback even when the environment names a proxy.
    setenv("no_proxy", "127.0.0.1,mail.contoso.com,wrong.contoso.com", 1);
    setenv("NO_PROXY", "127.0.0.1,mail.contoso.com,wrong.contoso.com", 1);
    char dir_template[] = "/tmp/casdoctor-http-XXXXXX";
    if (!mkdtemp(dir_template)) throw std::runtime_error("mkdtemp failed");
    dir_ = dir_template;

    int out[2];
    int in[2];
    if (pipe(out) != 0 || pipe(in) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, in[1]);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const std::string python = python3();
    const std::string script = server_script();
    const std::string dir = dir_.string();
    std::vector<char*> argv{const_cast<char*>(python.c_str()), const_cast<char*>(script.c_str()),
                            const_cast<char*>(dir.c_str()), nullptr};
    const int rc = posix_spawnp(&pid_, python.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    stdin_ = in[1];
    if (rc != 0) {
      close(out[0]);
      throw std::runtime_error("cannot start " + python + " " + script);
    }

    // The first line is the port; certificate generation and start-up get 60 s.
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (line.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd p{out[0], POLLIN, 0};
      if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      char buf[64];
      const ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, static_cast<std::size_t>(n));
    }
    close(out[0]);
    port_ = std::atoi(line.c_str());
    if (port_ <= 0) {
      stop();
      throw std::runtime_error("the test HTTPS server did not start (is openssl installed?)");
    }
  }
  ~TestServer() { stop(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  int port() const { return port_; }
  std::string ca_file() const { return (dir_ / "ca.pem").string(); }
  std::string url(std::string_view path) const {
    return "https://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  std::string named_url(std::string_view host, std::string_view path) const {
    return "https://" + std::string(host) + ":" + std::to_string(port_) + std::string(path);
  }

 private:
  void stop() {
    if (stdin_ >= 0) close(stdin_);
    stdin_ = -1;
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int stdin_ = -1;
  int port_ = 0;
};

TestServer& server() {
  static TestServer instance;
  return instance;
}

HttpOptions verified() {
  HttpOptions options;
  options.timeout = 60s;
  options.ca_file = server().ca_file();
  return options;
}

HttpRequest get(std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  return request;
}

// A port on loopback that nothing listens on (bound, then released).
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace

TEST_CASE("http: a certificate from the CA file is verified", "[http]") {
  auto session = make_http_client()->open_session(verified());
  auto response = session->send(get(server().url("/echo")));
  REQUIRE(response.has_value());
  CHECK(response->status == 200);
  CHECK(response->body.find("method=GET\n") != std::string::npos);
  CHECK(response->header("content-type") == "text/plain");
  CHECK(response->header("CONTENT-LENGTH").has_value());
  CHECK_FALSE(response->header("X-Not-There").has_value());
}

TEST_CASE("http: without the CA file the system store rejects the certificate", "[http]") {
  HttpOptions options;
  options.timeout = 60s;
  auto session = make_http_client()->open_session(options);
  auto response = session->send(get(server().url("/echo")));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == HttpFailure::tls);
  // Said plainly, not in libcurl's words for every protocol ("SSL peer
  // certificate or SSH remote key was not OK"); OpenSSL's reason follows.
  const std::string& message = response.error().message;
  CHECK(message.find("SSH") == std::string::npos);
  CHECK(message.find("the server's TLS certificate was not accepted: ") == 0);
  CHECK(message.find("--ca-file") != std::string::npos);
}

TEST_CASE("http: insecure skips the certificate and host name checks", "[http]") {
  HttpOptions options;
  options.timeout = 60s;
  options.insecure = true;
  options.connect_to = ConnectTo{"127.0.0.1", 0};
  auto session = make_http_client()->open_session(options);
  auto response = session->send(get(server().url("/echo")));
  REQUIRE(response.has_value());
  CHECK(response->status == 200);
  // A name the certificate does not carry passes too.
  auto wrong = make_http_client()->open_session(options);
  auto other = wrong->send(get(server().named_url("wrong.contoso.com", "/echo")));
  REQUIRE(other.has_value());
  CHECK(other->status == 200);
}

TEST_CASE("http: connect-to keeps the URL's name for SNI, Host and the certificate", "[http]") {
  auto options = verified();
  options.connect_to = ConnectTo{"127.0.0.1", 0};
  auto session = make_http_client()->open_session(options);
  auto response = session->send(get(server().named_url("mail.contoso.com", "/echo")));
  REQUIRE(response.has_value());
  CHECK(response->status == 200);
  const std::string port = std::to_string(server().port());
  CHECK(response->body.find("host=mail.contoso.com:" + port + "\n") != std::string::npos);
  CHECK(response->body.find("sni=mail.contoso.com\n") != std::string::npos);

  SECTION("an explicit port") {
    auto ported = verified();
    ported.connect_to = ConnectTo{"127.0.0.1", server().port()};
    auto s = make_http_client()->open_session(ported);
    auto r = s->send(get("https://mail.contoso.com:1/echo"));
    REQUIRE(r.has_value());
    CHECK(r->body.find("host=mail.contoso.com:1\n") != std::string::npos);
  }
  SECTION("a name the certificate does not carry fails the TLS check") {
    auto wrong = make_http_client()->open_session(options);
    auto r = wrong->send(get(server().named_url("wrong.contoso.com", "/echo")));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == HttpFailure::tls);
  }
  SECTION("only the first request's host and port are redirected (a cross-site redirect is not)") {
    auto ported = verified();
    ported.connect_to = ConnectTo{"127.0.0.1", server().port()};
    auto s = make_http_client()->open_session(ported);
    REQUIRE(s->send(get("https://mail.contoso.com:1/echo")).has_value());
    REQUIRE(s->send(get("https://mail.contoso.com:1/echo")).has_value());
    // Redirected, this would reach the test server; it goes to port 2 instead.
    auto elsewhere = s->send(get("https://localhost:2/echo"));
    REQUIRE_FALSE(elsewhere.has_value());
    CHECK(elsewhere.error().kind == HttpFailure::connect);
  }
}

TEST_CASE("http: cookies last one session", "[http]") {
  auto client = make_http_client();
  auto options = verified();
  options.connect_to = ConnectTo{"127.0.0.1", 0};
  auto session = client->open_session(options);
  auto set = session->send(get(server().named_url("mail.contoso.com", "/cookie")));
  REQUIRE(set.has_value());
  // Both Set-Cookie lines, in order.
  std::vector<std::string> cookies;
  for (const auto& [name, value] : set->headers) {
    if (name == "Set-Cookie") cookies.push_back(value);
  }
  REQUIRE(cookies.size() == 2);
  CHECK(cookies[0].starts_with("cadata=abc123"));
  CHECK(cookies[1].starts_with("PBack=0"));
  CHECK(set->header("set-cookie") == cookies[0]);

  auto echo = session->send(get(server().named_url("mail.contoso.com", "/echo")));
  REQUIRE(echo.has_value());
  CHECK(echo->body.find("cadata=abc123") != std::string::npos);
  CHECK(echo->body.find("PBack=0") != std::string::npos);

  auto fresh = client->open_session(options);
  auto other = fresh->send(get(server().named_url("mail.contoso.com", "/echo")));
  REQUIRE(other.has_value());
  CHECK(other->body.find("cookie=\n") != std::string::npos);
}

TEST_CASE("http: a redirect is returned, not followed", "[http]") {
  auto session = make_http_client()->open_session(verified());
  auto response = session->send(get(server().url("/redirect")));
  REQUIRE(response.has_value());
  CHECK(response->status == 302);
  CHECK(response->header("Location") == "/echo");
  CHECK(response->body == "moved\n");
}

TEST_CASE("http: a form post sends its body, a later GET none", "[http]") {
  auto session = make_http_client()->open_session(verified());
  HttpRequest post;
  post.method = "POST";
  post.url = server().url("/echo");
  post.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  post.body = "username=contoso%5Cadmin&password=s3cret";
  auto posted = session->send(post);
  REQUIRE(posted.has_value());
  CHECK(posted->status == 200);
  CHECK(posted->body.find("method=POST\n") != std::string::npos);
  CHECK(posted->body.find("length=" + std::to_string(post.body.size()) + "\n") !=
        std::string::npos);

  auto after = session->send(get(server().url("/echo")));
  REQUIRE(after.has_value());
  CHECK(after->body.find("method=GET\n") != std::string::npos);
  CHECK(after->body.find("length=0\n") != std::string::npos);

  HttpRequest put = get(server().url("/echo"));
  put.method = "PUT";
  auto refused = session->send(put);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == HttpFailure::other);
}

TEST_CASE("http: an exchange longer than the timeout fails as a timeout", "[http]") {
  auto options = verified();
  options.timeout = 500ms;
  auto session = make_http_client()->open_session(options);
  const auto start = std::chrono::steady_clock::now();
  auto response = session->send(get(server().url("/slow")));
  const auto took = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == HttpFailure::timeout);
  CHECK(took < 8s);  // the server answers after 10 s
}

TEST_CASE("http: a closed port fails to connect", "[http]") {
  auto session = make_http_client()->open_session(verified());
  auto response = session->send(get("https://127.0.0.1:" + std::to_string(closed_port()) + "/"));
  REQUIRE_FALSE(response.has_value());
  CHECK(response.error().kind == HttpFailure::connect);

  SECTION("through connect-to as well") {
    auto options = verified();
    options.connect_to = ConnectTo{"127.0.0.1", closed_port()};
    auto s = make_http_client()->open_session(options);
    auto r = s->send(get("https://mail.contoso.com/"));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == HttpFailure::connect);
  }
}

TEST_CASE("http: a proxy named in the environment is used", "[http]") {
  // https_proxy points at a closed port: a request that tries it cannot
  // connect, while a no_proxy host still reaches the server directly.
  const char* saved = std::getenv("https_proxy");
  const std::optional<std::string> previous =
      saved ? std::optional<std::string>(saved) : std::nullopt;
  const std::string proxy_port = std::to_string(closed_port());
  const std::string proxy = "http://127.0.0.1:" + proxy_port;
  auto session = make_http_client()->open_session(verified());
  (void)server();
  setenv("https_proxy", proxy.c_str(), 1);
  auto proxied = session->send(get("https://proxied.contoso.com/echo"));
  auto direct = session->send(get(server().url("/echo")));
  if (previous) {
    setenv("https_proxy", previous->c_str(), 1);
  } else {
    unsetenv("https_proxy");
  }
  REQUIRE_FALSE(proxied.has_value());
  CHECK(proxied.error().kind == HttpFailure::connect);
  CHECK(proxied.error().message.find("port " + proxy_port) != std::string::npos);
  REQUIRE(direct.has_value());
  CHECK(direct->status == 200);
}

#endif  // _WIN32
