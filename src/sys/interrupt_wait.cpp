// Waiting that Ctrl-C cuts short. Polled in slices: the handler only sets an
// atomic (all a signal handler may do), so there is nothing to block on.
#include <algorithm>
#include <thread>

#include "casdoctor/sys/interrupt.hpp"

namespace casdoctor::sys {

bool sleep_unless_interrupted(std::chrono::milliseconds duration, const Interrupt& interrupt) {
  constexpr std::chrono::milliseconds k_slice{100};
  const auto wake = std::chrono::steady_clock::now() + duration;
  while (!interrupt.requested()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= wake) return true;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(k_slice, wake - now));
  }
  return false;
}

}  // namespace casdoctor::sys
