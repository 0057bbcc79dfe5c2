// Encodings Windows PowerShell 5.1 writes (exchange-facts 3.4): `>`/Out-File
// UTF-16LE with BOM, `-Encoding UTF8` UTF-8 with BOM, .NET file APIs UTF-8
// without BOM. Set-Content's default ANSI code page cannot be told apart
// from other 8-bit code pages, so it is rejected instead of guessed.
#include "decode.hpp"

#include <optional>
#include <string>
#include <utility>

#include "casdoctor/snapshot/reader.hpp"

namespace casdoctor {
namespace snapshot_detail {
namespace {

constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";
constexpr std::string_view k_utf16le_bom = "\xFF\xFE";
constexpr std::string_view k_utf16be_bom = "\xFE\xFF";
constexpr std::string_view k_utf32le_bom = std::string_view("\xFF\xFE\x00\x00", 4);
constexpr std::string_view k_utf32be_bom = std::string_view("\x00\x00\xFE\xFF", 4);

std::string hex_byte(unsigned char byte) {
  constexpr std::string_view digits = "0123456789ABCDEF";
  return {'0', 'x', digits[byte >> 4], digits[byte & 0xF]};
}

std::string hex_unit(std::uint16_t unit) {
  return hex_byte(static_cast<unsigned char>(unit >> 8)) +
         hex_byte(static_cast<unsigned char>(unit & 0xFF)).substr(2);
}

unsigned char byte_at(std::string_view bytes, std::size_t i) {
  return static_cast<unsigned char>(bytes[i]);
}

// Length of the UTF-8 sequence starting at `i`, or 0 when it is invalid
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view bytes, std::size_t i) {
  const unsigned char lead = byte_at(bytes, i);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > bytes.size()) return 0;
  const unsigned char second = byte_at(bytes, i + 1);
  if (second < low || second > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((byte_at(bytes, i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

std::string nul_byte_message(std::size_t offset) {
  // ASCII text in UTF-16LE has its zero bytes at odd offsets, UTF-16BE at even.
  const std::string guess = offset % 2 == 1 ? "UTF-16LE" : "UTF-16BE";
  return "NUL byte at byte offset " + std::to_string(offset) + ": the input looks like " + guess +
         " without a byte order mark; save it as UTF-8, or as UTF-16 with its byte order mark "
         "(Out-File -Encoding Unicode)";
}

// `offset`: where `bytes` starts in the caller's input (after a BOM).
std::optional<Error> validate_utf8(std::string_view bytes, std::size_t offset) {
  std::size_t i = 0;
  while (i < bytes.size()) {
    const unsigned char byte = byte_at(bytes, i);
    if (byte == 0) return Error{ExitCode::bad_input, nul_byte_message(offset + i)};
    if (byte < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(bytes, i);
    if (length == 0) {
      return Error{ExitCode::bad_input,
                   "invalid UTF-8 at byte offset " + std::to_string(offset + i) + " (byte " +
                       hex_byte(byte) +
                       "): the input is neither UTF-8 nor UTF-16 with a byte order mark; Windows "
                       "PowerShell 5.1 Set-Content/Add-Content write the ANSI code page unless "
                       "given -Encoding UTF8"};
    }
    i += length;
  }
  return std::nullopt;
}

std::uint16_t unit_at(const char* at, bool little_endian) {
  const unsigned first = static_cast<unsigned char>(at[0]);
  const unsigned second = static_cast<unsigned char>(at[1]);
  return static_cast<std::uint16_t>(little_endian ? first | (second << 8) : (first << 8) | second);
}

bool is_high_surrogate(std::uint32_t unit) {
  return unit >= 0xD800 && unit <= 0xDBFF;
}
bool is_low_surrogate(std::uint32_t unit) {
  return unit >= 0xDC00 && unit <= 0xDFFF;
}

std::optional<Error> validate_utf16(std::string_view bytes, bool little_endian,
                                    std::size_t offset) {
  const std::string name = little_endian ? "UTF-16LE" : "UTF-16BE";
  if (bytes.size() % 2 != 0) {
    return Error{ExitCode::bad_input, name + " input has an odd number of bytes: byte offset " +
                                          std::to_string(offset + bytes.size() - 1) +
                                          " is half a character (truncated output?)"};
  }
  for (std::size_t i = 0; i < bytes.size(); i += 2) {
    const std::uint16_t unit = unit_at(bytes.data() + i, little_endian);
    if (!is_high_surrogate(unit) && !is_low_surrogate(unit)) continue;
    if (is_high_surrogate(unit) && i + 2 < bytes.size() &&
        is_low_surrogate(unit_at(bytes.data() + i + 2, little_endian))) {
      i += 2;  // a valid pair
      continue;
    }
    return Error{ExitCode::bad_input, "invalid " + name + " at byte offset " +
                                          std::to_string(offset + i) + ": unpaired surrogate " +
                                          hex_unit(unit)};
  }
  return std::nullopt;
}

Result<EncodedText> checked(EncodedText text, std::optional<Error> problem) {
  if (problem) return std::unexpected(std::move(*problem));
  return text;
}

// Returns the number of bytes written to `out` (1-4).
std::uint8_t encode_utf8(std::uint32_t cp, char* out) {
  const auto byte = [](std::uint32_t bits) { return static_cast<char>(bits); };
  if (cp < 0x80) {
    out[0] = byte(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = byte(0xC0 | (cp >> 6));
    out[1] = byte(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = byte(0xE0 | (cp >> 12));
    out[1] = byte(0x80 | ((cp >> 6) & 0x3F));
    out[2] = byte(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = byte(0xF0 | (cp >> 18));
  out[1] = byte(0x80 | ((cp >> 12) & 0x3F));
  out[2] = byte(0x80 | ((cp >> 6) & 0x3F));
  out[3] = byte(0x80 | (cp & 0x3F));
  return 4;
}

}  // namespace

Result<EncodedText> detect_encoding(std::string_view bytes) {
  if (bytes.starts_with(k_utf32le_bom) || bytes.starts_with(k_utf32be_bom)) {
    const std::string bom = bytes.starts_with(k_utf32le_bom) ? "FF FE 00 00" : "00 00 FE FF";
    return make_error(ExitCode::bad_input, "the input is UTF-32 (byte order mark " + bom +
                                               "), which is not supported; save it as UTF-8 "
                                               "or UTF-16");
  }
  if (bytes.starts_with(k_utf16le_bom)) {
    const auto payload = bytes.substr(k_utf16le_bom.size());
    return checked({Encoding::utf16le, payload}, validate_utf16(payload, true, 2));
  }
  if (bytes.starts_with(k_utf16be_bom)) {
    const auto payload = bytes.substr(k_utf16be_bom.size());
    return checked({Encoding::utf16be, payload}, validate_utf16(payload, false, 2));
  }
  const std::size_t skip = bytes.starts_with(k_utf8_bom) ? k_utf8_bom.size() : 0;
  const auto payload = bytes.substr(skip);
  return checked({Encoding::utf8, payload}, validate_utf8(payload, skip));
}

Utf16AsUtf8::Utf16AsUtf8(const char* at, const char* end, bool little_endian)
    : at_(at), end_(end), little_endian_(little_endian) {
  decode();
}

std::uint16_t Utf16AsUtf8::unit(std::size_t offset) const {
  return unit_at(at_ + offset, little_endian_);
}

void Utf16AsUtf8::decode() {
  index_ = 0;
  if (at_ == end_) {
    length_ = 0;
    return;
  }
  std::uint32_t code_point = unit(0);
  step_ = 2;
  if (is_high_surrogate(code_point)) {  // validated: a low surrogate follows
    code_point = 0x10000 + ((code_point - 0xD800) << 10) + (unit(2) - 0xDC00u);
    step_ = 4;
  }
  length_ = encode_utf8(code_point, encoded_);
}

Utf16AsUtf8& Utf16AsUtf8::operator++() {
  if (++index_ < length_) return *this;
  at_ += step_;
  decode();
  return *this;
}

}  // namespace snapshot_detail

Result<std::string> decode_text(std::string_view bytes) {
  using snapshot_detail::Encoding;
  using snapshot_detail::Utf16AsUtf8;
  auto text = snapshot_detail::detect_encoding(bytes);
  if (!text) return std::unexpected(std::move(text.error()));
  if (text->encoding == Encoding::utf8) return std::string(text->bytes);
  const char* const first = text->bytes.data();
  const char* const last = first + text->bytes.size();
  const bool little_endian = text->encoding == Encoding::utf16le;
  return std::string(Utf16AsUtf8(first, last, little_endian),
                     Utf16AsUtf8(last, last, little_endian));
}

}  // namespace casdoctor
