#pragma once
// Sections of the console report kept in files of their own.
#include <string>

#include "casdoctor/report/plan_model.hpp"

namespace casdoctor::detail {

// "PLAN (...)" and its lines, each ending in '\n'.
std::string plan_text_section(const Plan& plan);

}  // namespace casdoctor::detail
