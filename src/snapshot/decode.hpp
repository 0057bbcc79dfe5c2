#pragma once
// Byte-level decoding shared by decode_text() and read_snapshot(). UTF-16
// input is not converted into a second buffer: Utf16AsUtf8 walks it and
// yields UTF-8 bytes on the fly, so a snapshot written by `>` in Windows
// PowerShell 5.1 (UTF-16LE) costs no more memory than its file.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>

#include "casdoctor/core/result.hpp"

namespace casdoctor::snapshot_detail {

enum class Encoding { utf8, utf16le, utf16be };

struct EncodedText {
  Encoding encoding = Encoding::utf8;
  std::string_view bytes;  // after the byte order mark, fully validated
};

// Finds the encoding from the byte order mark and validates the whole text
// (UTF-8 without a BOM must be valid UTF-8). Error messages name the byte
// offset (0-based) in `bytes`, carry ExitCode::bad_input and no source name.
Result<EncodedText> detect_encoding(std::string_view bytes);

// An input iterator over validated UTF-16 bytes that yields the UTF-8
// encoding of the text, one byte at a time. Copies are independent (the
// marker scan keeps line starts), like pointers.
class Utf16AsUtf8 {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = char;

  Utf16AsUtf8() = default;
  Utf16AsUtf8(const char* at, const char* end, bool little_endian);

  char operator*() const { return encoded_[index_]; }
  Utf16AsUtf8& operator++();
  Utf16AsUtf8 operator++(int) {
    Utf16AsUtf8 before = *this;
    ++*this;
    return before;
  }
  friend bool operator==(const Utf16AsUtf8& a, const Utf16AsUtf8& b) {
    return a.at_ == b.at_ && a.index_ == b.index_;
  }

 private:
  std::uint16_t unit(std::size_t offset) const;
  void decode();  // fills encoded_ for the code point at at_

  const char* at_ = nullptr;
  const char* end_ = nullptr;
  bool little_endian_ = true;
  char encoded_[4] = {};
  std::uint8_t length_ = 0;  // UTF-8 bytes of the current code point
  std::uint8_t index_ = 0;   // the one *this yields
  std::uint8_t step_ = 0;    // UTF-16 bytes of the current code point
};

}  // namespace casdoctor::snapshot_detail
