#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/core/time.hpp"

namespace {

using casdoctor::TimePoint;
using std::chrono::milliseconds;

constexpr std::int64_t k_kb_release_ms = 1529395200000;  // 2018-06-19T08:00:00Z

TimePoint at_ms(std::int64_t ms) {
  return TimePoint{milliseconds{ms}};
}

struct ParseCase {
  const char* text;
  std::optional<std::int64_t> ms;  // nullopt: rejected
};

void check_parser(std::optional<TimePoint> (*parse)(std::string_view),
                  std::initializer_list<ParseCase> cases) {
  for (const auto& c : cases) {
    INFO("text: \"" << c.text << "\"");
    const auto parsed = parse(c.text);
    REQUIRE(parsed.has_value() == c.ms.has_value());
    if (c.ms) CHECK(parsed->time_since_epoch().count() == *c.ms);
  }
}

}  // namespace

TEST_CASE("format_iso8601 writes UTC with milliseconds only when present", "[time]") {
  const struct {
    std::int64_t ms;
    const char* text;
  } cases[] = {
      {k_kb_release_ms, "2018-06-19T08:00:00Z"},
      {k_kb_release_ms + 123, "2018-06-19T08:00:00.123Z"},
      {k_kb_release_ms + 5, "2018-06-19T08:00:00.005Z"},
      {0, "1970-01-01T00:00:00Z"},
      {-1, "1969-12-31T23:59:59.999Z"},
      {951782400000, "2000-02-29T00:00:00Z"},
      {253402300799999, "9999-12-31T23:59:59.999Z"},
  };
  for (const auto& c : cases) {
    INFO("ms: " << c.ms);
    CHECK(casdoctor::format_iso8601(at_ms(c.ms)) == c.text);
  }
}

TEST_CASE("format_date writes the UTC calendar date", "[time]") {
  CHECK(casdoctor::format_date(at_ms(k_kb_release_ms)) == "2018-06-19");
  CHECK(casdoctor::format_date(at_ms(k_kb_release_ms + 16 * 3600 * 1000 - 1)) == "2018-06-19");
  CHECK(casdoctor::format_date(at_ms(-1)) == "1969-12-31");
}

TEST_CASE("parse_iso8601 reads dates and date-times and converts offsets to UTC", "[time]") {
  check_parser(casdoctor::parse_iso8601,
               {
                   {"2018-06-19", 1529366400000},
                   {"2018-06-19T08:00:00Z", k_kb_release_ms},
                   {"2018-06-19T08:00:00z", k_kb_release_ms},
                   {"2018-06-19t08:00:00Z", k_kb_release_ms},
                   {"2018-06-19 08:00:00Z", k_kb_release_ms},
                   {"2018-06-19T08:00:00", k_kb_release_ms},  // no zone: UTC
                   {"2018-06-19T08:00Z", k_kb_release_ms},
                   {"2018-06-19T08:00:00.5Z", k_kb_release_ms + 500},
                   {"2018-06-19T08:00:00,25Z", k_kb_release_ms + 250},
                   {"2018-06-19T08:00:00.123Z", k_kb_release_ms + 123},
                   {"2018-06-19T10:00:00.1234567+02:00", k_kb_release_ms + 123},  // Get-Date -f o
                   {"2018-06-19T10:00:00+02:00", k_kb_release_ms},
                   {"2018-06-19T10:00:00+0200", k_kb_release_ms},
                   {"2018-06-19T10:00:00+02", k_kb_release_ms},
                   {"2018-06-19T03:00:00-05:00", k_kb_release_ms},
                   {"2018-06-19T02:30:00-05:30", k_kb_release_ms},
                   {"2018-06-18T23:00:00-09:00", k_kb_release_ms},  // the day before, local
                   {"2016-02-29T00:00:00Z", 1456704000000},
                   {"1969-12-31T23:59:59.999Z", -1},
                   {"0000-01-01T00:00:00Z", -62167219200000},
                   {"9999-12-31T23:59:59.999Z", 253402300799999},
               });
}

TEST_CASE("parse_iso8601 rejects malformed and out-of-range text", "[time]") {
  check_parser(casdoctor::parse_iso8601,
               {
                   {"", std::nullopt},
                   {"2018-6-19", std::nullopt},
                   {"18-06-19", std::nullopt},
                   {"2018/06/19", std::nullopt},
                   {"2018-00-19", std::nullopt},
                   {"2018-13-01", std::nullopt},
                   {"2018-06-00", std::nullopt},
                   {"2018-06-31", std::nullopt},
                   {"2017-02-29", std::nullopt},
                   {"1900-02-29", std::nullopt},
                   {"2018-06-19T24:00:00Z", std::nullopt},
                   {"2018-06-19T08:60:00Z", std::nullopt},
                   {"2018-06-19T08:00:60Z", std::nullopt},
                   {"2018-06-19T08", std::nullopt},
                   {"2018-06-19T8:00:00Z", std::nullopt},
                   {"2018-06-19T08:00:00.Z", std::nullopt},
                   {"2018-06-19T08:00:00+2:00", std::nullopt},
                   {"2018-06-19T08:00:00+24:00", std::nullopt},
                   {"2018-06-19T08:00:00+02:60", std::nullopt},
                   {"2018-06-19T08:00:00+02:", std::nullopt},
                   {"2018-06-19T08:00:00 Z", std::nullopt},
                   {"2018-06-19T08:00:00Zjunk", std::nullopt},
                   {"2018-06-19x", std::nullopt},
                   {" 2018-06-19", std::nullopt},
                   {"0000-01-01T00:00:00+00:01", std::nullopt},  // before year 0000
                   {"6/19/2018 8:00:00 AM", std::nullopt},       // locale formats are ambiguous
               });
}

TEST_CASE("parse_ms_date reads JavaScriptSerializer dates: the offset is ignored", "[time]") {
  check_parser(casdoctor::parse_ms_date,
               {
                   {"/Date(1529395200000)/", k_kb_release_ms},
                   {"/Date(1529395200000+0200)/", k_kb_release_ms},
                   {"/Date(1529395200000-0500)/", k_kb_release_ms},
                   {"/Date(0)/", 0},
                   {"/Date(-1)/", -1},
                   {"/Date(-62135596800000)/", -62135596800000},  // DateTime.MinValue
                   {"/Date(-62135596800000+0000)/", -62135596800000},
                   {"/Date(253402300799999)/", 253402300799999},
               });
  check_parser(casdoctor::parse_ms_date,
               {
                   {"", std::nullopt},
                   {"/Date()/", std::nullopt},
                   {"/Date(abc)/", std::nullopt},
                   {"/Date(1529395200000)", std::nullopt},
                   {"Date(1529395200000)", std::nullopt},
                   {"\\/Date(1529395200000)\\/", std::nullopt},  // JSON escapes already removed
                   {"/Date(+1529395200000)/", std::nullopt},
                   {"/Date(1529395200000+02)/", std::nullopt},
                   {"/Date(1529395200000+02000)/", std::nullopt},
                   {"/Date(1529395200000+2400)/", std::nullopt},
                   {"/Date(1529395200000 )/", std::nullopt},
                   {"/Date(99999999999999999999)/", std::nullopt},  // overflows int64
                   {"/Date(253402300800000)/", std::nullopt},       // year 10000
               });
}

TEST_CASE("parse_timestamp accepts either form", "[time]") {
  check_parser(casdoctor::parse_timestamp, {
                                               {"/Date(1529395200000)/", k_kb_release_ms},
                                               {"2018-06-19T08:00:00Z", k_kb_release_ms},
                                               {"2018-06-19", 1529366400000},
                                               {"/Date(x)/", std::nullopt},
                                               {"yesterday", std::nullopt},
                                           });
}

TEST_CASE("parse_date reads a calendar date only", "[time]") {
  check_parser(casdoctor::parse_date, {
                                          {"2018-06-19", 1529366400000},
                                          {"2024-02-29", 1709164800000},
                                          {"2023-02-29", std::nullopt},
                                          {"2018-06-19T00:00:00Z", std::nullopt},
                                          {"2018-06", std::nullopt},
                                      });
}

TEST_CASE("format and parse round-trip", "[time]") {
  for (const std::int64_t ms : {k_kb_release_ms, k_kb_release_ms + 7, std::int64_t{-86400001}}) {
    INFO("ms: " << ms);
    CHECK(casdoctor::parse_iso8601(casdoctor::format_iso8601(at_ms(ms))) == at_ms(ms));
  }
}

TEST_CASE("SystemClock reads the wall clock in milliseconds", "[time]") {
  const casdoctor::SystemClock clock;
  const auto before = std::chrono::floor<milliseconds>(std::chrono::system_clock::now());
  const auto now = clock.now();
  const auto after = std::chrono::system_clock::now();
  CHECK(now >= before);
  CHECK(now <= after);
}
