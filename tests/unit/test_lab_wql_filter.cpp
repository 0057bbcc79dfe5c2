// The lab's Get-CimInstance reads WQL name filters as WMI does: backslash
// escapes inside literals, anything else an invalid query.
#include <catch2/catch.hpp>

#include "../../src/lab/wql_filter.hpp"

using casdoctor::lab::detail::parse_wql_name_filter;
using Names = std::vector<std::string>;

TEST_CASE("lab WQL filter: names with escapes, OR lists, invalid queries", "[lab]") {
  CHECK(parse_wql_name_filter("Name = 'W3SVC'") == Names{"W3SVC"});
  CHECK(parse_wql_name_filter("name='A' or NAME = 'B'  ") == Names{"A", "B"});
  CHECK(parse_wql_name_filter(R"(Name = 'x\'; Stop-Computer; \'')") ==
        Names{"x'; Stop-Computer; '"});
  CHECK(parse_wql_name_filter(R"(Name = 'a\\b')") == Names{R"(a\b)"});
  CHECK_FALSE(parse_wql_name_filter("Name = 'unterminated").has_value());
  CHECK_FALSE(parse_wql_name_filter("Name = 'A' AND State = 'Running'").has_value());
  CHECK_FALSE(parse_wql_name_filter("State = 'Running'").has_value());
  CHECK_FALSE(parse_wql_name_filter("Name = 'A' OR").has_value());
}
