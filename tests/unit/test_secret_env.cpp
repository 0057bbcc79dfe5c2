// The password's environment variable leaves the environment before any
// child process could inherit it (hold_secret_env), and is still there for
// the one place that reads the password afterwards.
#include <cstdlib>
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/core/secret.hpp"

#include "../helpers/scoped_env.hpp"

TEST_CASE("a held password is out of the environment, and read once", "[secret]") {
  casdoctor::test::set_env("CASDOCTOR_TEST_HELD", "held-pw");
  casdoctor::hold_secret_env("CASDOCTOR_TEST_HELD");
  CHECK(std::getenv("CASDOCTOR_TEST_HELD") == nullptr);
  auto secret = casdoctor::secret_from_env("CASDOCTOR_TEST_HELD");
  REQUIRE(secret);
  CHECK(secret->view() == "held-pw");
  auto again = casdoctor::secret_from_env("CASDOCTOR_TEST_HELD");
  REQUIRE_FALSE(again);
  CHECK(again.error().code == casdoctor::ExitCode::usage);
}

TEST_CASE("holding a variable that is not set changes nothing", "[secret]") {
  casdoctor::test::unset_env("CASDOCTOR_TEST_UNSET");
  casdoctor::hold_secret_env("CASDOCTOR_TEST_UNSET");
  auto secret = casdoctor::secret_from_env("CASDOCTOR_TEST_UNSET");
  REQUIRE_FALSE(secret);
  CHECK(secret.error().message.find("CASDOCTOR_TEST_UNSET") != std::string::npos);
}

TEST_CASE("a value set again after holding wins", "[secret]") {
  casdoctor::test::set_env("CASDOCTOR_TEST_RESET", "first");
  casdoctor::hold_secret_env("CASDOCTOR_TEST_RESET");
  casdoctor::test::set_env("CASDOCTOR_TEST_RESET", "second");
  auto secret = casdoctor::secret_from_env("CASDOCTOR_TEST_RESET");
  REQUIRE(secret);
  CHECK(secret->view() == "second");
  CHECK(std::getenv("CASDOCTOR_TEST_RESET") == nullptr);
  CHECK_FALSE(casdoctor::secret_from_env("CASDOCTOR_TEST_RESET"));
}
