#pragma once
// "Try again until it works or the deadline": verify --until-ok and
// remediate --verify wait for a front end to recover the same way. Time and
// waiting come from outside, so the rule is tested without sleeping.
#include <chrono>
#include <functional>

#include "casdoctor/core/time.hpp"

namespace casdoctor {

struct RetryPolicy {
  std::chrono::milliseconds deadline{0};  // from the first attempt's start
  std::chrono::milliseconds interval{0};  // between the end of one attempt and the next
};

enum class RetryEnd {
  done,         // an attempt said stop
  deadline,     // the next attempt would start after the deadline
  interrupted,  // the wait was interrupted
};

// Returns true to stop (success, or nothing waiting could fix).
using RetryAttempt = std::function<bool(int attempt)>;
// Waits the given time; false when interrupted.
using RetryWait = std::function<bool(std::chrono::milliseconds)>;
// Told before each wait, with the attempt that failed and how long the wait is.
using RetryNotice = std::function<void(int attempt, std::chrono::milliseconds wait)>;

// The first attempt always runs; another runs only while it can start
// before the deadline.
RetryEnd retry_until(const RetryAttempt& attempt, const RetryPolicy& policy, const Clock& clock,
                     const RetryWait& wait, const RetryNotice& notice = {});

}  // namespace casdoctor
