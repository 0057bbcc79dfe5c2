#include "casdoctor/catalog/build_number.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace casdoctor {
namespace {

// Exchange never used more than five digits in a field; anything larger is
// not a build number (and can never overflow an int).
constexpr int kMaxField = 99999;
// Error messages quote at most this many bytes of the offending text.
constexpr std::size_t kMaxQuotedLength = 64;

std::string zero_padded(int value, std::size_t width) {
  std::string digits = std::to_string(value);
  if (value >= 0 && digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

char to_lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// A left-to-right reader over the text; every consume_* either advances past
// what it matched or leaves the position unchanged and reports failure.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : rest_(text) {}

  bool at_end() const { return rest_.empty(); }
  std::string_view rest() const { return rest_; }

  bool consume_char(char expected) {
    if (rest_.empty() || rest_.front() != expected) return false;
    rest_.remove_prefix(1);
    return true;
  }

  bool consume_word_ignoring_case(std::string_view word) {
    if (rest_.size() < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (to_lower_ascii(rest_[i]) != word[i]) return false;
    }
    rest_.remove_prefix(word.size());
    return true;
  }

  // True when at least one white-space character was skipped.
  bool skip_spaces() {
    const std::size_t before = rest_.size();
    while (!rest_.empty() && is_space(rest_.front())) rest_.remove_prefix(1);
    return rest_.size() != before;
  }

  // One or more digits (leading zeros allowed: the long form has them) with a
  // value of at most kMaxField.
  std::optional<int> consume_field() {
    std::size_t length = 0;
    int value = 0;
    while (length < rest_.size() && is_digit(rest_[length])) {
      value = value * 10 + (rest_[length] - '0');
      if (value > kMaxField) return std::nullopt;
      ++length;
    }
    if (length == 0) return std::nullopt;
    rest_.remove_prefix(length);
    return value;
  }

 private:
  std::string_view rest_;
};

// "15.1.1531.3" or "15.01.1531.003": exactly four dot-separated fields.
std::optional<BuildNumber> parse_dotted(std::string_view text) {
  Cursor cursor(text);
  BuildNumber b;
  int* const fields[] = {&b.major, &b.minor, &b.build, &b.revision};
  bool first = true;
  for (int* field : fields) {
    if (!first && !cursor.consume_char('.')) return std::nullopt;
    first = false;
    const std::optional<int> value = cursor.consume_field();
    if (!value) return std::nullopt;
    *field = *value;
  }
  if (!cursor.at_end()) return std::nullopt;
  return b;
}

// AdminDisplayVersion: "Version 15.1 (Build 1531.3)", optionally with
// ": <FilePatchLevelDescription>" before the closing parenthesis.
std::optional<BuildNumber> parse_admin_display_version(std::string_view text) {
  Cursor cursor(text);
  BuildNumber b;
  if (!cursor.consume_word_ignoring_case("version") || !cursor.skip_spaces()) return std::nullopt;
  const std::optional<int> major = cursor.consume_field();
  if (!major || !cursor.consume_char('.')) return std::nullopt;
  const std::optional<int> minor = cursor.consume_field();
  if (!minor) return std::nullopt;
  cursor.skip_spaces();
  if (!cursor.consume_char('(')) return std::nullopt;
  cursor.skip_spaces();
  if (!cursor.consume_word_ignoring_case("build") || !cursor.skip_spaces()) return std::nullopt;
  const std::optional<int> build = cursor.consume_field();
  if (!build || !cursor.consume_char('.')) return std::nullopt;
  const std::optional<int> revision = cursor.consume_field();
  if (!revision) return std::nullopt;
  cursor.skip_spaces();
  // The description is free text, so only the closing parenthesis at the very
  // end ends it.
  if (cursor.consume_char(':')) {
    if (cursor.rest().empty() || cursor.rest().back() != ')') return std::nullopt;
  } else if (!cursor.consume_char(')') || !cursor.at_end()) {
    return std::nullopt;
  }
  b.major = *major;
  b.minor = *minor;
  b.build = *build;
  b.revision = *revision;
  return b;
}

// The text as it can safely appear in a one-line message: control characters
// replaced, long text cut (at a UTF-8 character boundary) and marked "...".
std::string quotable(std::string_view text) {
  std::string shown;
  std::string_view kept = text;
  if (kept.size() > kMaxQuotedLength) {
    std::size_t cut = kMaxQuotedLength;
    while (cut > 0 && (static_cast<unsigned char>(kept[cut]) & 0xC0U) == 0x80U) --cut;
    kept = kept.substr(0, cut);
  }
  for (const char c : kept) {
    const bool control = static_cast<unsigned char>(c) < 0x20U || c == '\x7f';
    shown.push_back(control ? '?' : c);
  }
  if (kept.size() < text.size()) shown += "...";
  return shown;
}

}  // namespace

std::string to_short_form(const BuildNumber& b) {
  return std::to_string(b.major) + '.' + std::to_string(b.minor) + '.' + std::to_string(b.build) +
         '.' + std::to_string(b.revision);
}

std::string to_long_form(const BuildNumber& b) {
  return zero_padded(b.major, 2) + '.' + zero_padded(b.minor, 2) + '.' + zero_padded(b.build, 4) +
         '.' + zero_padded(b.revision, 3);
}

Result<BuildNumber> parse_build_number(std::string_view text) {
  const std::string_view core = trimmed(text);
  std::optional<BuildNumber> parsed = parse_dotted(core);
  if (!parsed) parsed = parse_admin_display_version(core);
  if (!parsed)
    return make_error(ExitCode::bad_input, "not a build number: '" + quotable(text) + "'");
  return *parsed;
}

}  // namespace casdoctor
