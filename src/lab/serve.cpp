// casdoctor-lab serve: Boost.Beast over Asio's OpenSSL stream, C++20
// coroutines on a small thread pool. One request per connection
// (Connection: close), bounded headers and body, a deadline per operation.
#include "casdoctor/lab/serve.hpp"

#include <cstdio>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/lab/org.hpp"
#include "casdoctor/lab/owa.hpp"
#include "casdoctor/lab/state_store.hpp"
#include "casdoctor/lab/tls_cert.hpp"
#include "casdoctor/sys/console.hpp"
#include "casdoctor/sys/file_lock.hpp"

namespace casdoctor::lab {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto k_timeout = std::chrono::seconds(30);
constexpr std::uint64_t k_max_body = 64 * 1024;
constexpr std::uint32_t k_max_header = 16 * 1024;

struct Shared {
  StateStore store;
  OwaSessions sessions;
};

// The state as it is now: StateStore::read holds the lock, so that a request
// never sees a half-made change.
Result<LabState> current_state(const StateStore& store) {
  return store.read();
}

OwaResponse respond(Shared& shared, const std::string& front_end,
                    const http::request<http::string_body>& req) {
  OwaRequest r;
  r.method = std::string(req.method_string());
  r.target = std::string(req.target());
  for (const auto& field : req) r.headers.emplace_back(field.name_string(), field.value());
  r.body = req.body();
  auto state = current_state(shared.store);
  if (!state) {
    OwaResponse failed;
    failed.status = 500;
    failed.reason = "Internal Server Error";
    failed.body = cat("casdoctor-lab: ", state.error().message, "\r\n");
    failed.headers = {{"Content-Type", "text/plain"}};
    return failed;
  }
  r.now = lab_time(*state, SystemClock().now());
  return handle_owa(*state, front_end, r, shared.sessions);
}

http::response<http::string_body> to_beast(const OwaResponse& o, unsigned version) {
  http::response<http::string_body> res;
  res.version(version);
  res.result(static_cast<unsigned>(o.status));
  res.reason(o.reason);
  for (const auto& [name, value] : o.headers) res.insert(name, value);
  res.body() = o.body;
  res.keep_alive(false);
  res.prepare_payload();
  return res;
}

asio::awaitable<void> session(beast::ssl_stream<beast::tcp_stream> stream, Shared& shared,
                              std::string front_end) {
  try {
    beast::get_lowest_layer(stream).expires_after(k_timeout);
    co_await stream.async_handshake(asio::ssl::stream_base::server, asio::use_awaitable);
    beast::flat_buffer buffer;
    http::request_parser<http::string_body> parser;
    parser.header_limit(k_max_header);
    parser.body_limit(k_max_body);
    beast::get_lowest_layer(stream).expires_after(k_timeout);
    co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    const auto& req = parser.get();
    const auto answer = respond(shared, front_end, req);
    if (answer.delay_ms > 0) {
      asio::steady_timer timer(co_await asio::this_coro::executor);
      timer.expires_after(std::chrono::milliseconds(answer.delay_ms));
      co_await timer.async_wait(asio::use_awaitable);
    }
    auto res = to_beast(answer, req.version());
    beast::get_lowest_layer(stream).expires_after(k_timeout);
    co_await http::async_write(stream, res, asio::use_awaitable);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    co_await stream.async_shutdown(asio::use_awaitable);
  } catch (const std::exception&) {
    // The client went away, timed out or sent something too big: drop it.
  }
}

asio::awaitable<void> listen(tcp::acceptor acceptor, asio::ssl::context& tls, Shared& shared,
                             std::string front_end) {
  for (;;) {
    auto socket = co_await acceptor.async_accept(asio::make_strand(acceptor.get_executor()),
                                                 asio::use_awaitable);
    const auto executor = socket.get_executor();
    beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), tls);
    asio::co_spawn(executor, session(std::move(stream), shared, front_end), asio::detached);
  }
}

Result<void> write_file(const std::string& path, const std::string& text) {
  return sys::replace_file_atomically(path, text);
}

int failed(const std::string& message) {
  std::fprintf(stderr, "casdoctor-lab: %s\n", message.c_str());
  return 1;
}

}  // namespace

int serve(const ServeOptions& options) {
  Shared shared{StateStore(options.state), {}};
  auto state = current_state(shared.store);
  if (!state) return failed(state.error().message);
  asio::ssl::context tls(asio::ssl::context::tls_server);
  tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                  asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                  asio::ssl::context::no_tlsv1_1);
  std::optional<std::string> ca_file;
  try {
    if (options.cert_file) {
      tls.use_certificate_chain_file(*options.cert_file);
      tls.use_private_key_file(*options.key_file, asio::ssl::context::pem);
    } else {
      auto certs = make_lab_certificates(state->namespace_host);
      if (!certs) return failed(certs.error().message);
      const auto base = options.state;
      for (const auto& [suffix, text] :
           {std::pair{".ca.pem", &certs->ca_pem}, std::pair{".cert.pem", &certs->cert_pem},
            std::pair{".key.pem", &certs->key_pem}})
        if (auto done = write_file(cat(base, suffix), *text); !done)
          return failed(done.error().message);
      ca_file = cat(base, ".ca.pem");
      tls.use_certificate_chain(asio::buffer(certs->cert_pem));
      tls.use_private_key(asio::buffer(certs->key_pem), asio::ssl::context::pem);
    }
  } catch (const std::exception& e) {
    return failed(cat("TLS setup: ", e.what()));
  }

  asio::io_context io;
  // The 2013+ front ends, then the 2010 Client Access servers (where a
  // cross-site redirect sends the browser), each on a port of its own.
  nlohmann::ordered_json front_ends = nlohmann::ordered_json::array();
  nlohmann::ordered_json legacy = nlohmann::ordered_json::array();
  std::string lines;
  for (const bool front_end : {true, false}) {
    for (const auto& s : state->servers) {
      if (front_end ? !(caches_topology(s) && is_client_access(s)) : !is_cas2010(s)) continue;
      tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
      const auto port = acceptor.local_endpoint().port();
      const auto url = cat("https://127.0.0.1:", std::to_string(port));
      lines += cat(s.name, " ", url, front_end ? "\n" : " (Exchange 2010)\n");
      (front_end ? front_ends : legacy)
          .push_back({{"server", s.name}, {"port", port}, {"url", url}});
      asio::co_spawn(io, listen(std::move(acceptor), tls, shared, s.name), asio::detached);
    }
  }
  if (options.port_file) {
    const nlohmann::ordered_json doc = {
        {"namespace", state->namespace_host},
        {"ca_file", ca_file ? nlohmann::ordered_json(*ca_file) : nullptr},
        {"front_ends", front_ends},
        {"client_access_2010", legacy}};
    if (auto done = write_file(*options.port_file, doc.dump(2) + "\n"); !done)
      return failed(done.error().message);
  }
  std::fputs(lines.c_str(), stdout);
  std::fflush(stdout);

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
  const unsigned count = std::max(2U, std::min(8U, std::thread::hardware_concurrency()));
  std::vector<std::jthread> threads;
  for (unsigned i = 1; i < count; ++i) threads.emplace_back([&] { io.run(); });
  io.run();
  threads.clear();
  return 0;
}

}  // namespace casdoctor::lab
