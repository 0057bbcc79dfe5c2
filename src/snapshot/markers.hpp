#pragma once
// Finding the snapshot inside a transcript: the collection script prints the
// document between two marker lines so that whatever else reaches the same
// stream (the Exchange shell banner, VERBOSE:/WARNING: lines, Start-Transcript
// headers) can be told apart from it without guessing.
//
// A template over the character iterator because the text is either the
// caller's UTF-8 bytes or UTF-16 decoded on the fly (decode.hpp).
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "casdoctor/core/result.hpp"
#include "casdoctor/core/text.hpp"

namespace casdoctor::snapshot_detail {

inline constexpr std::string_view k_begin_marker = "--- casdoctor:begin ---";
inline constexpr std::string_view k_end_marker = "--- casdoctor:end ---";

template <class It>
struct DocumentRange {
  It first;
  It last;
  int first_line = 1;  // of `first` in the whole text
};

namespace markers {

// Lines longer than this are never markers; only this much of a line is kept.
inline constexpr std::size_t k_max_marker_line = 64;

template <class It>
struct Marker {
  int line = 0;
  It start;  // of the marker line
  It next;   // of the line after it
};

inline std::unexpected<Error> error(std::string message) {
  return make_error(ExitCode::bad_input, std::move(message));
}

// Advances to the '\n' ending the line (or `last`), keeping the first
// k_max_marker_line characters in `head`; `too_long` when there were more.
template <class It>
It scan_line(It it, It last, std::string& head, bool& too_long) {
  for (; it != last && *it != '\n'; ++it) {
    if (head.size() < k_max_marker_line) {
      head += *it;
    } else {
      too_long = true;
    }
  }
  return it;
}

// The same for UTF-8 text in memory, with memchr: the common case, and a
// 20 MB document has half a million lines.
inline const char* scan_line(const char* it, const char* last, std::string& head, bool& too_long) {
  const auto size = static_cast<std::size_t>(last - it);
  const auto* newline = static_cast<const char*>(std::memchr(it, '\n', size));
  const char* end = newline == nullptr ? last : newline;
  const auto length = static_cast<std::size_t>(end - it);
  too_long = length > k_max_marker_line;
  if (!too_long) head.assign(it, length);
  return end;
}

}  // namespace markers

// Only a second begin marker and an end marker without a begin are
// ambiguous enough to stop; a second end marker after the document is as
// irrelevant as any other trailing line.
template <class It>
Result<DocumentRange<It>> find_document(It first, It last) {
  std::optional<markers::Marker<It>> begin;
  std::optional<markers::Marker<It>> end;
  std::string head;  // the start of the current line
  bool too_long = false;
  int line = 1;
  It line_start = first;
  for (It it = first;;) {
    it = markers::scan_line(it, last, head, too_long);
    const bool at_end = it == last;
    It next = it;
    if (!at_end) ++next;
    const std::string_view content = too_long ? std::string_view() : trim(head);
    if (content == k_begin_marker) {
      if (begin) {
        return markers::error("second begin marker at line " + std::to_string(line) +
                              " (the first is at line " + std::to_string(begin->line) +
                              "): the input holds more than one snapshot");
      }
      begin = markers::Marker<It>{line, line_start, next};
    } else if (content == k_end_marker && !end) {
      if (!begin) {
        return markers::error("end marker at line " + std::to_string(line) +
                              " without a begin marker before it");
      }
      end = markers::Marker<It>{line, line_start, next};
    }
    if (at_end) break;
    head.clear();
    too_long = false;
    ++line;
    it = line_start = next;
  }
  if (!begin) return DocumentRange<It>{first, last, 1};
  if (!end) {
    return markers::error("truncated: begin marker at line " + std::to_string(begin->line) +
                          " but no end marker");
  }
  return DocumentRange<It>{begin->next, end->start, begin->line + 1};
}

}  // namespace casdoctor::snapshot_detail
