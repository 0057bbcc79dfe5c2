// The whole pipeline: bytes -> UTF-8 -> the document inside a transcript ->
// one SAX pass -> the normalised snapshot. Every failure is one line that
// starts with the source name and names the place.
#include <exception>

#include "casdoctor/core/text.hpp"
#include "casdoctor/snapshot/reader.hpp"

#include "assembler.hpp"
#include "decode.hpp"
#include "markers.hpp"
#include "snapshot_sax.hpp"

namespace casdoctor {
namespace {

using snapshot_detail::Encoding;
using snapshot_detail::SnapshotAssembler;
using snapshot_detail::SnapshotSax;
using snapshot_detail::SyntaxError;
using snapshot_detail::Utf16AsUtf8;

// Keys and values can hold control characters; a message must stay one line.
std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += '?';
    } else {
      out += c;
    }
  }
  return out;
}

std::unexpected<Error> input_error(std::string_view source, std::string_view separator,
                                   std::string_view message) {
  return make_error(ExitCode::bad_input,
                    one_line(std::string(source) + std::string(separator) + std::string(message)));
}

// nlohmann's "[json.exception.parse_error.101] parse error at line 1,
// column 10: <what>": its line and column count from the start of the
// extracted document, so only <what> is kept.
std::string_view parse_error_detail(std::string_view what) {
  const auto column = what.find("column ");
  const auto colon = what.find(": ", column == std::string_view::npos ? 0 : column);
  return colon == std::string_view::npos ? what : what.substr(colon + 2);
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// The first character that is not white space, or '\0' for blank text.
template <class It>
char first_visible(It first, It last) {
  for (; first != last; ++first) {
    if (!is_space(*first)) return *first;
  }
  return '\0';
}

struct TextPosition {
  int line = 1;
  int column = 1;  // in characters, as an editor counts them
};

// nlohmann's position counts the characters read, the offending one
// included; at the end of the input it is one past the last character.
template <class It>
TextPosition position_of(It first, It last, std::size_t position, int first_line) {
  TextPosition at{first_line, 1};
  for (std::size_t i = 1; i < position && first != last; ++i, ++first) {
    const auto byte = static_cast<unsigned char>(*first);
    if (byte == '\n') {
      ++at.line;
      at.column = 1;
    } else if ((byte & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
      ++at.column;
    }
  }
  return at;
}

template <class It>
std::unexpected<Error> syntax_error(std::string_view source, It first, It last, int first_line,
                                    const SyntaxError& error) {
  const TextPosition at = position_of(first, last, error.position, first_line);
  std::string message = "invalid JSON: " + std::string(parse_error_detail(error.what));
  const char start = first_visible(first, last);
  if (first_line == 1 && start != '{' && start != '[') {
    message +=
        " (a transcript needs the lines --- casdoctor:begin --- and --- casdoctor:end --- "
        "around the document)";
  }
  std::string place = ":" + std::to_string(at.line);
  place += ":" + std::to_string(at.column) + ": ";
  return input_error(source, place, message);
}

template <class It>
Result<Snapshot> parse_document(It first, It last, int first_line, std::string_view source) {
  if (first_visible(first, last) == '\0') {
    return input_error(source, ": ",
                       first_line == 1 ? "no JSON document: the input is empty"
                                       : "no JSON document between the markers");
  }
  SnapshotAssembler assembler;
  SnapshotSax sax(assembler);
  try {
    nlohmann::json::sax_parse(first, last, &sax);
  } catch (const std::exception& e) {  // bad_alloc and the like: still no exception escapes
    return input_error(source, ": ", std::string("cannot read the document: ") + e.what());
  }
  if (sax.syntax_error()) return syntax_error(source, first, last, first_line, *sax.syntax_error());
  if (sax.too_deep()) {
    return input_error(source, ": ", "the document nests deeper than any snapshot does");
  }
  auto snapshot = assembler.finish();
  if (!snapshot) return input_error(source, ": ", snapshot.error().message);
  return snapshot;
}

template <class It>
Result<Snapshot> read_text(It first, It last, std::string_view source) {
  auto range = snapshot_detail::find_document(first, last);
  if (!range) return input_error(source, ": ", range.error().message);
  return parse_document(range->first, range->last, range->first_line, source);
}

}  // namespace

Result<Snapshot> parse_snapshot(std::string_view bytes, std::string_view source_name) {
  const auto text = snapshot_detail::detect_encoding(bytes);
  if (!text) return input_error(source_name, ": ", text.error().message);
  const char* const first = text->bytes.data();
  const char* const last = first + text->bytes.size();
  if (text->encoding == Encoding::utf8) return read_text(first, last, source_name);
  const bool little_endian = text->encoding == Encoding::utf16le;
  return read_text(Utf16AsUtf8(first, last, little_endian), Utf16AsUtf8(last, last, little_endian),
                   source_name);
}

Result<Snapshot> read_snapshot(std::string_view bytes, std::string_view source_name) {
  auto snapshot = parse_snapshot(bytes, source_name);
  if (!snapshot) return snapshot;
  if (auto fit = check_powershell_values(*snapshot, source_name); !fit) {
    return std::unexpected(fit.error());
  }
  return snapshot;
}

}  // namespace casdoctor
