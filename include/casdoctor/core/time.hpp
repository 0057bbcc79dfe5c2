#pragma once
// Instants are UTC milliseconds since the Unix epoch: what PowerShell's
// "\/Date(ms)\/" carries and precise enough for start-time comparisons.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace casdoctor {

using TimePoint = std::chrono::sys_time<std::chrono::milliseconds>;

// "2018-06-19T08:00:00Z" (milliseconds only when non-zero).
std::string format_iso8601(TimePoint t);

// "2018-06-19" for a date-only display.
std::string format_date(TimePoint t);

// ISO 8601: date, date-time with optional fraction and optional Z / +hh:mm.
// A date-time without a zone is taken as UTC.
std::optional<TimePoint> parse_iso8601(std::string_view text);

// "/Date(1529392800000)/" or "/Date(1529392800000+0200)/"; the offset only
// describes the local zone of the writer, the milliseconds are already UTC.
std::optional<TimePoint> parse_ms_date(std::string_view text);

// Either form.
std::optional<TimePoint> parse_timestamp(std::string_view text);

// A calendar date "YYYY-MM-DD" as midnight UTC.
std::optional<TimePoint> parse_date(std::string_view text);

// Wall clock behind an interface so that the logic stays testable.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
};

}  // namespace casdoctor
