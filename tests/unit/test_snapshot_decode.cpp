// decode_text: the encodings Windows PowerShell 5.1 writes, and clear
// errors (with the byte offset) for everything else.
#include <string>

#include <catch2/catch.hpp>

#include "casdoctor/snapshot/reader.hpp"

namespace {

std::string bytes(std::initializer_list<unsigned char> list) {
  return std::string(list.begin(), list.end());
}

}  // namespace

TEST_CASE("decode_text decodes BOMs and passes UTF-8 through", "[snapshot]") {
  const struct {
    const char* name;
    std::string input;
    std::string text;
  } cases[] = {
      {"empty", "", ""},
      {"UTF-8 without BOM", "{\"a\": \"é€😀\"}", "{\"a\": \"é€😀\"}"},
      {"UTF-8 BOM stripped", "\xEF\xBB\xBF{}\r\n", "{}\r\n"},
      {"UTF-8 BOM only", "\xEF\xBB\xBF", ""},
      {"UTF-16LE BOM", bytes({0xFF, 0xFE, '{', 0, '}', 0, '\r', 0, '\n', 0}), "{}\r\n"},
      {"UTF-16BE BOM", bytes({0xFE, 0xFF, 0, '{', 0, '}'}), "{}"},
      {"UTF-16LE BOM only", bytes({0xFF, 0xFE}), ""},
      {"UTF-16LE two- and three-byte characters", bytes({0xFF, 0xFE, 0xE9, 0x00, 0xAC, 0x20}),
       "é€"},
      {"UTF-16LE surrogate pair", bytes({0xFF, 0xFE, 0x3D, 0xD8, 0x00, 0xDE, 'x', 0}), "😀x"},
      {"UTF-16BE surrogate pair", bytes({0xFE, 0xFF, 0xD8, 0x3D, 0xDE, 0x00}), "😀"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto text = casdoctor::decode_text(c.input);
    REQUIRE(text.has_value());
    CHECK(*text == c.text);
  }
}

TEST_CASE("decode_text names the byte offset of what it cannot decode", "[snapshot]") {
  const struct {
    const char* name;
    std::string input;
    const char* message;
  } cases[] = {
      {"UTF-16LE odd length", bytes({0xFF, 0xFE, '{', 0, '}'}),
       "UTF-16LE input has an odd number of bytes: byte offset 4 is half a character (truncated "
       "output?)"},
      {"UTF-16LE lone low surrogate", bytes({0xFF, 0xFE, 'a', 0, 0x00, 0xDC, 'b', 0}),
       "invalid UTF-16LE at byte offset 4: unpaired surrogate 0xDC00"},
      {"UTF-16LE high surrogate at the end", bytes({0xFF, 0xFE, 'a', 0, 0x3D, 0xD8}),
       "invalid UTF-16LE at byte offset 4: unpaired surrogate 0xD83D"},
      {"UTF-16LE high surrogate before a letter", bytes({0xFF, 0xFE, 0x3D, 0xD8, 'a', 0}),
       "invalid UTF-16LE at byte offset 2: unpaired surrogate 0xD83D"},
      {"UTF-16BE two high surrogates", bytes({0xFE, 0xFF, 0xD8, 0x3D, 0xD8, 0x3D, 0xDE, 0x00}),
       "invalid UTF-16BE at byte offset 2: unpaired surrogate 0xD83D"},
      {"ANSI code page (Set-Content)", "{\"a\": \"Se\xE1n\"}",
       "invalid UTF-8 at byte offset 9 (byte 0xE1): the input is neither UTF-8 nor UTF-16 with a "
       "byte order mark; Windows PowerShell 5.1 Set-Content/Add-Content write the ANSI code page "
       "unless given -Encoding UTF8"},
      {"offsets include the UTF-8 BOM",
       "\xEF\xBB\xBF"
       "ab\x80",
       "invalid UTF-8 at byte offset 5 (byte 0x80): the input is neither UTF-8 nor UTF-16 with a "
       "byte order mark; Windows PowerShell 5.1 Set-Content/Add-Content write the ANSI code page "
       "unless given -Encoding UTF8"},
      {"UTF-16LE without BOM", bytes({'{', 0, '}', 0}),
       "NUL byte at byte offset 1: the input looks like UTF-16LE without a byte order mark; save "
       "it as UTF-8, or as UTF-16 with its byte order mark (Out-File -Encoding Unicode)"},
      {"UTF-16BE without BOM", bytes({0, '{', 0, '}'}),
       "NUL byte at byte offset 0: the input looks like UTF-16BE without a byte order mark; save "
       "it as UTF-8, or as UTF-16 with its byte order mark (Out-File -Encoding Unicode)"},
      {"UTF-32LE", bytes({0xFF, 0xFE, 0, 0, '{', 0, 0, 0}),
       "the input is UTF-32 (byte order mark FF FE 00 00), which is not supported; save it as "
       "UTF-8 or UTF-16"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto text = casdoctor::decode_text(c.input);
    REQUIRE_FALSE(text.has_value());
    CHECK(text.error().code == casdoctor::ExitCode::bad_input);
    CHECK(text.error().message == c.message);
  }
}

TEST_CASE("decode_text rejects every malformed UTF-8 sequence", "[snapshot]") {
  const struct {
    const char* name;
    std::string input;
  } cases[] = {
      {"overlong slash", "a\xC0\xAF"},        {"overlong three-byte", "a\xE0\x80\xAF"},
      {"encoded surrogate", "a\xED\xA0\x80"}, {"above U+10FFFF", "a\xF4\x90\x80\x80"},
      {"truncated sequence", "a\xE2\x82"},    {"lone continuation byte", "a\x80"},
      {"invalid lead byte", "a\xFF"},
  };
  for (const auto& c : cases) {
    INFO(c.name);
    const auto text = casdoctor::decode_text(c.input);
    REQUIRE_FALSE(text.has_value());
    CHECK(text.error().message.starts_with("invalid UTF-8 at byte offset 1 "));
  }
}
