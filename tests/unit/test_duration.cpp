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

TEST_CASE("format_duration writes the shortest form parse_duration reads back", "[duration]") {
  struct Case {
    long long ms;
    const char* text;
  };
  const Case cases[] = {{3'600'000, "1h"}, {600'000, "10m"},  {90'000, "90s"},    {1'500, "1500ms"},
                        {250, "250ms"},    {7'200'000, "2h"}, {5'400'000, "90m"}, {1'000, "1s"}};
  for (const auto& c : cases) {
    INFO(c.ms);
    CHECK(casdoctor::format_duration(milliseconds(c.ms)) == c.text);
    const auto back = parse_duration(casdoctor::format_duration(milliseconds(c.ms)));
    REQUIRE(back.has_value());
    CHECK(back->count() == c.ms);
  }
}
