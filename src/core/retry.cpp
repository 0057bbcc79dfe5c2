#include "casdoctor/core/retry.hpp"

namespace casdoctor {

RetryEnd retry_until(const RetryAttempt& attempt, const RetryPolicy& policy, const Clock& clock,
                     const RetryWait& wait, const RetryNotice& notice) {
  const TimePoint start = clock.now();
  for (int number = 1;; ++number) {
    if (attempt(number)) return RetryEnd::done;
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - start);
    if (elapsed + policy.interval > policy.deadline) return RetryEnd::deadline;
    if (notice) notice(number, policy.interval);
    if (!wait(policy.interval)) return RetryEnd::interrupted;
  }
}

}  // namespace casdoctor
