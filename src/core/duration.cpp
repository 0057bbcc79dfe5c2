#include "casdoctor/core/duration.hpp"

#include <array>
#include <charconv>
#include <string>

#include "casdoctor/core/text.hpp"

namespace casdoctor {
namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t milliseconds;
};

// Longest suffix first so that "ms" is not read as "m" + garbage.
constexpr std::array<Unit, 5> k_units{
    {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"", 1000}}};

// A day is far more than any external call should take; larger values are
// typos, and they would overflow timers.
constexpr std::int64_t k_max_milliseconds = 24LL * 3'600'000;

}  // namespace

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  const auto bad = [&](std::string_view why) {
    return make_error(ExitCode::usage, "not a duration: '" + std::string(text) + "' (" +
                                           std::string(why) + "; write 90, 90s, 5m or 1h)");
  };
  const auto t = trim(text);
  for (const auto& unit : k_units) {
    if (t.size() <= unit.suffix.size() ||
        !iequals(t.substr(t.size() - unit.suffix.size()), unit.suffix)) {
      continue;
    }
    const auto number = t.substr(0, t.size() - unit.suffix.size());
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || end != number.data() + number.size()) continue;
    if (value <= 0) return bad("must be positive");
    if (value > k_max_milliseconds / unit.milliseconds) return bad("longer than a day");
    return std::chrono::milliseconds(value * unit.milliseconds);
  }
  return bad("unreadable");
}

std::string format_duration(std::chrono::milliseconds duration) {
  const std::int64_t ms = duration.count();
  // Largest unit first; "" (bare seconds) and "ms" are the fallbacks.
  for (const auto& unit : {Unit{"h", 3'600'000}, Unit{"m", 60'000}, Unit{"s", 1000}}) {
    if (ms != 0 && ms % unit.milliseconds == 0)
      return std::to_string(ms / unit.milliseconds).append(unit.suffix);
  }
  return std::to_string(ms).append("ms");
}

}  // namespace casdoctor
