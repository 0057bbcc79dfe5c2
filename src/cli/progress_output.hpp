#pragma once
// remediate's progress on stderr (remediate/progress.hpp): a redrawn status
// line on a terminal, plain lines otherwise, nothing with -q.
#include <memory>

#include "casdoctor/remediate/progress.hpp"

#include "common.hpp"

namespace casdoctor::cli {

// nullptr with --quiet.
std::unique_ptr<ExecutionObserver> progress_printer(const Context& context);

}  // namespace casdoctor::cli
