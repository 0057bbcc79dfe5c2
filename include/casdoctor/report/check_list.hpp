#pragma once
// `casdoctor diagnose --list-checks`: the checks and the finding ids they
// raise, in each output format (a table for a person, JSON for a script, a
// page for a browser).
#include <span>
#include <string>

#include "casdoctor/diagnose/checks.hpp"
#include "casdoctor/report/render.hpp"

namespace casdoctor {

std::string render_check_list(std::span<const Check> checks, OutputFormat format);

}  // namespace casdoctor
