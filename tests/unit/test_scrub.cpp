// Masking a password in what a server echoed: every occurrence, in one pass,
// also when the password is part of the mask itself ("*", "**", "***"),
// which used to make the masking loop for ever.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/core/secret.hpp"
#include "casdoctor/verify/logon.hpp"

#include "fake_http.hpp"

namespace {

using namespace casdoctor;

class ZeroClock final : public Clock {
 public:
  TimePoint now() const override { return TimePoint{}; }
};

struct MaskCase {
  std::string text;
  std::string password;
  std::string encoded;  // the form-encoded password, as scrub() passes it
  std::string masked;
};

}  // namespace

TEST_CASE("mask_secrets masks every occurrence once", "[secret]") {
  const std::vector<MaskCase> cases = {
      {"no secret here", "pw", "pw", "no secret here"},
      {"pw and pw", "pw", "pw", "*** and ***"},
      {"a*b", "*", "%2A", "a***b"},
      {"***", "*", "%2A", "*********"},
      {"x**y***z", "**", "%2A%2A", "x***y****z"},
      {"***", "***", "%2A%2A%2A", "***"},
      {"****", "***", "%2A%2A%2A", "****"},
      {"echo %2A%2A here", "**", "%2A%2A", "echo *** here"},
      {"pa ss and pa+ss", "pa ss", "pa+ss", "*** and ***"},
      {"**", "***", "%2A%2A%2A", "**"},  // a password longer than the text
      {"aaa", "aa", "aa", "***a"},
      {"", "*", "%2A", ""},
  };
  for (const MaskCase& c : cases) {
    INFO("text '" << c.text << "', password '" << c.password << "'");
    std::string text = c.text;
    mask_secrets(text, {c.password, c.encoded});
    CHECK(text == c.masked);
  }
}

TEST_CASE("mask_secrets prefers the longest secret at a place", "[secret]") {
  std::string text = "p%40ss and p@ss";
  mask_secrets(text, {"p", "p%40ss", "p@ss"});
  CHECK(text == "*** and ***");
}

TEST_CASE("mask_secrets ignores an empty secret", "[secret]") {
  std::string text = "abc";
  mask_secrets(text, {"", "b"});
  CHECK(text == "a***c");
}

TEST_CASE("an echoed password made of asterisks is masked, and the logon ends",
          "[secret][verify]") {
  for (const std::string password : {"*", "**", "***"}) {
    INFO("password '" << password << "'");
    test::FakeSession session({test::response(
        500, {{"X-CasErrorCode", "Oops " + password + "!"}, {"X-FEServer", password}})});
    ZeroClock clock;
    const LogonRequest request{"https://mail.contoso.com/owa", "", "u", &password};
    const LogonResult result = owa_logon(session, request, clock);
    CHECK(result.cas_error_code == "Oops ***!");
    CHECK(result.fe_server == "***");
  }
}
