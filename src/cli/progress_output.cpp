#include "progress_output.hpp"

#include <iostream>

#include "casdoctor/sys/console.hpp"

namespace casdoctor::cli {

std::unique_ptr<ExecutionObserver> progress_printer(const Context& context) {
  if (context.common.quiet) return nullptr;
  const auto mode =
      sys::stderr_is_terminal() ? ProgressPrinter::Mode::terminal : ProgressPrinter::Mode::plain;
  return std::make_unique<ProgressPrinter>(
      mode, *context.clock, [](std::string_view text) { std::cerr << text << std::flush; },
      std::chrono::seconds(1));
}

}  // namespace casdoctor::cli
