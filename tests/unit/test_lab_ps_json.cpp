// Windows PowerShell 5.1's ConvertTo-Json layout (bench/ps51json.py is the
// same in Python).
#include <catch2/catch.hpp>

#include "casdoctor/lab/ps_host.hpp"
#include "casdoctor/lab/ps_json.hpp"

using namespace casdoctor;
using namespace casdoctor::lab;

TEST_CASE("lab ps_json: the 5.1 pretty layout", "[lab]") {
  const PsValue v = PsValue::Object{
      {"Name", "EX1"},
      {"List", PsValue::Array{1, true}},
      {"Empty", PsValue::Array{}},
      {"Nested", PsValue::Object{{"A", nullptr}}},
  };
  CHECK(convert_to_json(v) ==
        "{\r\n"
        "    \"Name\":  \"EX1\",\r\n"
        "    \"List\":  [\r\n"
        "                 1,\r\n"
        "                 true\r\n"
        "             ],\r\n"
        "    \"Empty\":  [\r\n"
        "\r\n"
        "              ],\r\n"
        "    \"Nested\":  {\r\n"
        "                   \"A\":  null\r\n"
        "               }\r\n"
        "}");
}

TEST_CASE("lab ps_json: escapes, dates, -Compress and -Depth", "[lab]") {
  const auto date = *parse_iso8601("2018-06-19T07:20:00Z");
  const PsValue v = PsValue::Object{{"S", "a'<b>&\"c\"\\\n\x01"}, {"D", date}};
  CHECK(convert_to_json(v, {2, true}) ==
        "{\"S\":\"a\\u0027\\u003cb\\u003e\\u0026\\\"c\\\"\\\\\\n\\u0001\","
        "\"D\":\"\\/Date(1529392800000)\\/\"}");
  const PsValue deep = PsValue::Object{
      {"a", PsValue::Object{{"b", PsValue::Object{{"c", PsValue::Object{{"d", 1}}}}}}}};
  CHECK(convert_to_json(deep, {2, true}) == "{\"a\":{\"b\":{\"c\":\"@{d=1}\"}}}");
  CHECK(convert_to_json(deep, {3, true}) == "{\"a\":{\"b\":{\"c\":{\"d\":1}}}}");
}

TEST_CASE("lab ps_host: UTF-16LE with a byte order mark", "[lab]") {
  CHECK(to_utf16le("A\xC3\xA9", true) == std::string("\xFF\xFE"
                                                     "A\0\xE9\0",
                                                     6));
  CHECK(to_utf16le("\xF0\x9F\x98\x80", false) == std::string("\x3D\xD8\x00\xDE", 4));
}
