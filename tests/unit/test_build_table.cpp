// casdoctor build as a look-up table: product, update, date, KB4294204 and
// support per value as given; a bad value is a row, the others still looked up.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "casdoctor/report/build_table.hpp"

namespace casdoctor {
namespace {

TimePoint day(const char* iso) {
  return *parse_timestamp(iso);
}

}  // namespace

TEST_CASE("build table: each value looked up, a bad one among them too", "[build]") {
  const std::vector<std::string> values{"15.1.1415.2", "fifteen point one", "15.00.1395.004"};
  const auto rows = look_up_builds(values);
  REQUIRE(rows.size() == 3);
  REQUIRE(rows[0].info.has_value());
  CHECK(rows[0].info->product == Product::exchange2016);
  CHECK(rows[0].info->update == "CU8");
  CHECK(rows[0].info->kb4294204 == Kb4294204::susceptible);
  CHECK_FALSE(rows[1].info.has_value());
  CHECK(rows[1].error.find("fifteen point one") != std::string::npos);
  REQUIRE(rows[2].info.has_value());
  CHECK(rows[2].info->product == Product::exchange2013);
  CHECK(rows[2].info->kb4294204 == Kb4294204::fixed);
}

TEST_CASE("build table: support as of the day", "[build]") {
  CHECK(support_status(Product::exchange2010, day("2024-01-01T00:00:00Z")) == "ended 2020-10-13");
  CHECK(support_status(Product::exchange2016, day("2024-01-01T00:00:00Z")) == "until 2025-10-14");
  CHECK(support_status(Product::exchange2016, day("2025-10-14T00:00:00Z")) == "ended 2025-10-14");
  CHECK(support_status(Product::exchange_se, day("2026-01-01T00:00:00Z")) == "supported");
  CHECK(support_status(Product::unknown, day("2026-01-01T00:00:00Z")) == "unknown");
}

TEST_CASE("build table: text has the columns, the values as given and a line per bad value",
          "[build]") {
  const std::vector<std::string> values{"15.1.1415.2", "Version 15.0 (Build 1395.4)", "bogus",
                                        "14.3.411.0"};
  const auto text = render_build_table_text(look_up_builds(values), day("2024-01-01T00:00:00Z"));
  CHECK(text.starts_with("BUILD"));
  for (const char* column : {"PRODUCT", "UPDATE", "RELEASED", "KB4294204", "SUPPORT"})
    CHECK(text.find(column) != std::string::npos);
  CHECK(text.find("15.1.1415.2") != std::string::npos);
  CHECK(text.find("Version 15.0 (Build 1395.4)") != std::string::npos);
  CHECK(text.find("Exchange Server 2016") != std::string::npos);
  CHECK(text.find("CU8") != std::string::npos);
  CHECK(text.find("NOT fixed (susceptible)") != std::string::npos);
  CHECK(text.find("fixed") != std::string::npos);
  CHECK(text.find("not affected") != std::string::npos);  // 2010
  CHECK(text.find("ended 2020-10-13") != std::string::npos);
  CHECK(text.find("until 2025-10-14") != std::string::npos);
  CHECK(text.find("not a build number") != std::string::npos);
  CHECK(text.find("Note: not a build number: 'bogus'") != std::string::npos);
  // Not an org report: no headline about servers.
  CHECK(text.find("servers") == std::string::npos);
  CHECK(text.find("OK:") == std::string::npos);
}

TEST_CASE("build table: markdown is a pipe table with escaped cells", "[build]") {
  const std::vector<std::string> values{"15.1.2507.999", "a|b"};
  const auto md = render_build_table_markdown(look_up_builds(values), day("2024-01-01T00:00:00Z"));
  CHECK(md.starts_with("| BUILD"));
  CHECK(md.find("a\\|b") != std::string::npos);
  CHECK(md.find("- 15.1.2507.999: ") != std::string::npos);  // its note: revision not listed
}

}  // namespace casdoctor
