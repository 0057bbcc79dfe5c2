#include <catch2/catch.hpp>

#include "casdoctor/core/ps_quote.hpp"

using casdoctor::ps_quote;

TEST_CASE("ps_quote makes a single-quoted literal", "[ps_quote]") {
  struct Case {
    const char* input;
    const char* expected;
  };
  const Case cases[] = {
      {"EX16A", "'EX16A'"},
      {"", "''"},
      {"O'Brien", "'O''Brien'"},
      {"EX1'; Remove-Item C:\\ -Recurse; '", "'EX1''; Remove-Item C:\\ -Recurse; '''"},
      {"$env:COMPUTERNAME", "'$env:COMPUTERNAME'"},
      {"a\xE2\x80\x98"
       "b",
       "'a\xE2\x80\x98\xE2\x80\x98"
       "b'"},                                          // U+2018
      {"\xE2\x80\x99", "'\xE2\x80\x99\xE2\x80\x99'"},  // U+2019
      {"\xE2\x80\x9A", "'\xE2\x80\x9A\xE2\x80\x9A'"},  // U+201A
      {"\xE2\x80\x9B", "'\xE2\x80\x9B\xE2\x80\x9B'"},  // U+201B
      {"\xE2\x80\x9C", "'\xE2\x80\x9C'"},              // a double quote needs nothing inside '...'
      {"caf\xC3\xA9", "'caf\xC3\xA9'"},
  };
  for (const auto& c : cases) {
    INFO(c.input);
    CHECK(ps_quote(c.input) == c.expected);
  }
}
