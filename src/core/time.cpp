// Formatting and parsing of the two timestamp forms PowerShell 5.1 writes:
// "\/Date(ms)\/" (JavaScriptSerializer) and ISO 8601 (hand-made snapshots,
// PowerShell 7, `Get-Date -Format o`). Hand-written scanners because GCC 12
// has neither std::format nor std::chrono::parse.
#include "casdoctor/core/time.hpp"

#include <charconv>
#include <cstdint>

namespace casdoctor {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using std::chrono::year_month_day;

// Years 0000-9999: what ISO 8601 writes with four digits. Keeping every
// parsed instant inside this range also keeps the calendar arithmetic of
// format_iso8601 away from integer overflow.
constexpr TimePoint k_earliest = sys_days{std::chrono::year{0} / 1 / 1};
constexpr TimePoint k_latest = sys_days{std::chrono::year{10000} / 1 / 1} - milliseconds{1};

bool in_range(TimePoint t) {
  return t >= k_earliest && t <= k_latest;
}

void append_padded(std::string& out, long long value, int width) {
  if (value < 0) {
    out += '-';
    value = -value;
  }
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  const auto length = static_cast<int>(end - digits);
  for (int i = length; i < width; ++i) out += '0';
  out.append(digits, end);
}

void append_date(std::string& out, const year_month_day& ymd) {
  append_padded(out, static_cast<int>(ymd.year()), 4);
  out += '-';
  append_padded(out, static_cast<unsigned>(ymd.month()), 2);
  out += '-';
  append_padded(out, static_cast<unsigned>(ymd.day()), 2);
}

TimePoint clamp_to_range(TimePoint t) {
  if (t < k_earliest) return k_earliest;
  if (t > k_latest) return k_latest;
  return t;
}

// A cursor over the text; every read either consumes exactly what it
// promises or leaves the position alone and reports failure.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ == text_.size(); }
  bool peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  bool consume(char c) {
    if (!peek(c)) return false;
    ++pos_;
    return true;
  }

  bool consume_any(std::string_view options, char& which) {
    if (pos_ >= text_.size() || options.find(text_[pos_]) == std::string_view::npos) return false;
    which = text_[pos_++];
    return true;
  }

  // Exactly `count` decimal digits.
  bool digits(int count, int& value) {
    int result = 0;
    for (int i = 0; i < count; ++i) {
      if (pos_ >= text_.size() || !is_digit(text_[pos_])) return false;
      result = result * 10 + (text_[pos_++] - '0');
    }
    value = result;
    return true;
  }

  // One or more digits; the first three give milliseconds, the rest (up to
  // .NET's seven) are dropped: truncation, like .NET's own conversion.
  bool fraction_ms(int& ms) {
    int taken = 0;
    int value = 0;
    while (pos_ < text_.size() && is_digit(text_[pos_])) {
      if (taken < 3) value = value * 10 + (text_[pos_] - '0');
      ++taken;
      ++pos_;
    }
    for (int i = taken; i < 3; ++i) value *= 10;
    ms = value;
    return taken > 0;
  }

 private:
  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  std::string_view text_;
  std::size_t pos_ = 0;
};

std::optional<sys_days> scan_date(Scanner& in) {
  int y = 0;
  int m = 0;
  int d = 0;
  if (!in.digits(4, y) || !in.consume('-') || !in.digits(2, m) || !in.consume('-') ||
      !in.digits(2, d)) {
    return std::nullopt;
  }
  const year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                           std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;  // month 1-12, day valid for that month
  return sys_days{ymd};
}

// "hh:mm[:ss[.fff]]" as an offset from midnight.
std::optional<milliseconds> scan_time_of_day(Scanner& in) {
  int h = 0;
  int m = 0;
  int s = 0;
  int ms = 0;
  if (!in.digits(2, h) || !in.consume(':') || !in.digits(2, m)) return std::nullopt;
  if (in.consume(':')) {
    if (!in.digits(2, s)) return std::nullopt;
    char separator = 0;
    if (in.consume_any(".,", separator) && !in.fraction_ms(ms)) return std::nullopt;
  }
  if (h > 23 || m > 59 || s > 59) return std::nullopt;
  return hours{h} + minutes{m} + seconds{s} + milliseconds{ms};
}

// "Z", "+hh:mm", "+hhmm" or "+hh"; nothing means UTC as well.
std::optional<minutes> scan_zone(Scanner& in) {
  if (in.at_end()) return minutes{0};
  char sign = 0;
  if (in.consume_any("Zz", sign)) return minutes{0};
  if (!in.consume_any("+-", sign)) return std::nullopt;
  int h = 0;
  int m = 0;
  if (!in.digits(2, h)) return std::nullopt;
  if (!in.at_end()) {
    in.consume(':');
    if (!in.digits(2, m)) return std::nullopt;
  }
  if (h > 23 || m > 59) return std::nullopt;
  const minutes offset = hours{h} + minutes{m};
  return sign == '-' ? -offset : offset;
}

}  // namespace

std::string format_iso8601(TimePoint t) {
  t = clamp_to_range(t);
  const auto day = std::chrono::floor<days>(t);
  const std::chrono::hh_mm_ss<milliseconds> hms{t - day};
  std::string out;
  out.reserve(24);
  append_date(out, year_month_day{day});
  out += 'T';
  append_padded(out, hms.hours().count(), 2);
  out += ':';
  append_padded(out, hms.minutes().count(), 2);
  out += ':';
  append_padded(out, hms.seconds().count(), 2);
  if (hms.subseconds().count() != 0) {
    out += '.';
    append_padded(out, hms.subseconds().count(), 3);
  }
  out += 'Z';
  return out;
}

std::string format_date(TimePoint t) {
  std::string out;
  out.reserve(10);
  append_date(out, year_month_day{std::chrono::floor<days>(clamp_to_range(t))});
  return out;
}

std::optional<TimePoint> parse_iso8601(std::string_view text) {
  Scanner in(text);
  const auto date = scan_date(in);
  if (!date) return std::nullopt;
  if (in.at_end()) return TimePoint{*date};
  char separator = 0;
  if (!in.consume_any("Tt ", separator)) return std::nullopt;
  const auto time_of_day = scan_time_of_day(in);
  if (!time_of_day) return std::nullopt;
  const auto offset = scan_zone(in);
  if (!offset || !in.at_end()) return std::nullopt;
  // 10:00+02:00 is 08:00 UTC.
  const TimePoint result = TimePoint{*date} + *time_of_day - *offset;
  if (!in_range(result)) return std::nullopt;
  return result;
}

std::optional<TimePoint> parse_ms_date(std::string_view text) {
  constexpr std::string_view prefix = "/Date(";
  constexpr std::string_view suffix = ")/";
  if (text.size() < prefix.size() + suffix.size() || !text.starts_with(prefix) ||
      !text.ends_with(suffix)) {
    return std::nullopt;
  }
  const std::string_view body =
      text.substr(prefix.size(), text.size() - prefix.size() - suffix.size());

  std::int64_t ms = 0;
  const char* const first = body.data();
  const char* const last = body.data() + body.size();
  const auto [end, ec] = std::from_chars(first, last, ms);
  if (ec != std::errc{} || end == first) return std::nullopt;

  // An optional "+hhmm"/"-hhmm": the writer's zone, irrelevant because the
  // milliseconds are UTC already. Validated so that junk is not accepted.
  Scanner zone(std::string_view(end, static_cast<std::size_t>(last - end)));
  if (!zone.at_end()) {
    char sign = 0;
    int h = 0;
    int m = 0;
    if (!zone.consume_any("+-", sign) || !zone.digits(2, h) || !zone.digits(2, m) ||
        !zone.at_end() || h > 23 || m > 59) {
      return std::nullopt;
    }
  }
  const TimePoint result{milliseconds{ms}};
  if (!in_range(result)) return std::nullopt;
  return result;
}

std::optional<TimePoint> parse_timestamp(std::string_view text) {
  if (text.starts_with("/Date(")) return parse_ms_date(text);
  return parse_iso8601(text);
}

std::optional<TimePoint> parse_date(std::string_view text) {
  Scanner in(text);
  const auto date = scan_date(in);
  if (!date || !in.at_end()) return std::nullopt;
  return TimePoint{*date};
}

TimePoint SystemClock::now() const {
  return std::chrono::floor<milliseconds>(std::chrono::system_clock::now());
}

}  // namespace casdoctor
