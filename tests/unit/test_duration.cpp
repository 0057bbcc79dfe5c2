#include <catch2/catch.hpp>

#include "casdoctor/core/duration.hpp"

using casdoctor::parse_duration;
using std::chrono::milliseconds;

TEST_CASE("parse_duration reads the contract's forms", "[duration]") {
  struct Case {
    const char* text;
    long long ms;
  };
  const Case cases[] = {{"90", 90'000},    {"90s", 90'000},     {"5m", 300'000},
                        {"1h", 3'600'000}, {"250ms", 250},      {" 10S ", 10'000},
                        {"2M", 120'000},   {"24h", 86'400'000}, {"1440m", 86'400'000}};
  for (const auto& c : cases) {
    INFO(c.text);
    auto d = parse_duration(c.text);
    REQUIRE(d.has_value());
    CHECK(d->count() == c.ms);
  }
}

TEST_CASE("parse_duration rejects what is not a duration", "[duration]") {
  for (const char* text :
       {"", "s", "0", "0s", "-5s", "5x", "5 m", "1.5h", "25h", "h1", "99999999999999999999"}) {
    INFO(text);
    auto d = parse_duration(text);
    REQUIRE_FALSE(d.has_value());
    CHECK(d.error().code == casdoctor::ExitCode::usage);
    CHECK(d.error().message.find("not a duration") != std::string::npos);
  }
}
