#pragma once
// The report's `verification` (OWA logons) in each format; the renderers call
// these so that their own files change by a line each.
#include <string>

#include <nlohmann/json.hpp>

#include "casdoctor/report/report.hpp"

namespace casdoctor::detail {

// The contract's members, in its order; "" and a missing status are null.
nlohmann::ordered_json verification_json(const VerificationRecord& record);

// "VERIFICATION (n)" and a table, each line ending in '\n' ("" when there are none).
std::string verification_text_section(const Report& report);

// "## Verification" and a table ("" when there are none).
std::string verification_markdown_section(const Report& report);

}  // namespace casdoctor::detail
