// retry_until: when the next attempt runs, when it gives up, and what a
// wait that was interrupted ends; may_recover: which logon failures are
// worth waiting for.
#include <chrono>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/core/retry.hpp"
#include "casdoctor/verify/logon.hpp"

namespace {

using namespace std::chrono_literals;
using namespace casdoctor;

class ManualClock final : public Clock {
 public:
  TimePoint now() const override { return t_; }
  void advance(std::chrono::milliseconds d) { t_ += d; }

 private:
  TimePoint t_{1529485200000ms};
};

struct Run {
  RetryEnd end;
  int attempts;
  std::vector<int> noticed;
};

// Each attempt takes `attempt_takes`; the n-th (1-based) succeeds when n == works_at.
Run run(RetryPolicy policy, std::chrono::milliseconds attempt_takes, int works_at,
        int interrupt_at_wait = 0) {
  ManualClock clock;
  Run out{RetryEnd::done, 0, {}};
  int waits = 0;
  out.end = retry_until(
      [&](int n) {
        out.attempts = n;
        clock.advance(attempt_takes);
        return n == works_at;
      },
      policy, clock,
      [&](std::chrono::milliseconds d) {
        clock.advance(d);
        return ++waits != interrupt_at_wait;
      },
      [&](int n, std::chrono::milliseconds) { out.noticed.push_back(n); });
  return out;
}

}  // namespace

TEST_CASE("retry_until: table of deadlines, intervals and outcomes", "[retry]") {
  struct Case {
    const char* what;
    RetryPolicy policy;
    std::chrono::milliseconds takes;
    int works_at;
    int interrupt_at;
    RetryEnd end;
    int attempts;
  };
  const Case cases[] = {
      {"works at once", {60s, 10s}, 1s, 1, 0, RetryEnd::done, 1},
      {"works on the third", {60s, 10s}, 1s, 3, 0, RetryEnd::done, 3},
      // Starts at 0, 11, 22, 33, 44, 55 s; after the 6th, 56 s + 10 s > 60 s.
      {"never works", {60s, 10s}, 1s, 0, 0, RetryEnd::deadline, 6},
      {"instant attempts: 0..60 s", {60s, 10s}, 0s, 0, 0, RetryEnd::deadline, 7},
      {"deadline shorter than the interval: one try", {5s, 10s}, 0s, 0, 0, RetryEnd::deadline, 1},
      {"an attempt longer than the deadline: one try", {5s, 1s}, 30s, 0, 0, RetryEnd::deadline, 1},
      {"interrupted in the second wait", {60s, 10s}, 1s, 0, 2, RetryEnd::interrupted, 2},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const auto r = run(c.policy, c.takes, c.works_at, c.interrupt_at);
    CHECK(r.end == c.end);
    CHECK(r.attempts == c.attempts);
    // Told before each wait: every attempt but the last (unless a wait was cut short).
    CHECK(r.noticed.size() ==
          static_cast<std::size_t>(c.end == RetryEnd::interrupted ? c.attempts : c.attempts - 1));
  }
}

TEST_CASE("may_recover: only a rejected password is final", "[retry][logon]") {
  CHECK_FALSE(may_recover(LogonOutcome::ok));
  CHECK_FALSE(may_recover(LogonOutcome::bad_credentials));
  for (auto o : {LogonOutcome::proxy_failure, LogonOutcome::http_error, LogonOutcome::tls_error,
                 LogonOutcome::timeout, LogonOutcome::connect_error}) {
    INFO(to_string(o));
    CHECK(may_recover(o));
  }
}

TEST_CASE("describe: one line with what Exchange said", "[retry][logon]") {
  LogonResult r;
  r.outcome = LogonOutcome::proxy_failure;
  r.http_status = 500;
  r.cas_error_code = "ServerNotFound";
  r.fe_server = "EX16A";
  r.be_server = "ex2010.contoso.com";
  CHECK(describe(r) ==
        "proxy-failure, HTTP 500, X-CasErrorCode ServerNotFound, X-FEServer EX16A, back end "
        "ex2010.contoso.com");
  LogonResult refused;
  refused.outcome = LogonOutcome::connect_error;
  refused.detail = "Connection refused";
  CHECK(describe(refused) == "connect-error (Connection refused)");
}
