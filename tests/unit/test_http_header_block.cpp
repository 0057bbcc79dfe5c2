// parse_header_block (sys/http.hpp): the header block WinHTTP hands over whole
// (WINHTTP_QUERY_RAW_HEADERS_CRLF) becomes the same HttpHeaders the curl
// client builds line by line.
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/sys/http.hpp"

using casdoctor::sys::HttpHeaders;
using casdoctor::sys::parse_header_block;

TEST_CASE("a raw header block keeps every header in order", "[http]") {
  const HttpHeaders headers = parse_header_block(
      "HTTP/1.1 302 Found\r\nLocation: /owa/auth/logon.aspx?url=x\r\n"
      "Set-Cookie: a=1; path=/\r\nSet-Cookie: b=2; path=/\r\nX-Empty:\r\n"
      "X-Folded: one\r\n  two\r\n\r\n");
  CHECK(headers == HttpHeaders{{"Location", "/owa/auth/logon.aspx?url=x"},
                               {"Set-Cookie", "a=1; path=/"},
                               {"Set-Cookie", "b=2; path=/"},
                               {"X-Empty", ""},
                               {"X-Folded", "one two"}});
}

TEST_CASE("an interim response's headers are not the final one's", "[http]") {
  const HttpHeaders headers = parse_header_block(
      "HTTP/1.1 100 Continue\r\nX-A: 1\r\n\r\nHTTP/1.1 200 OK\r\nX-B: 2\r\n\r\n");
  CHECK(headers == HttpHeaders{{"X-B", "2"}});
}
