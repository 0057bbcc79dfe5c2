#pragma once
// The one way casdoctor places a value into PowerShell: a single-quoted
// literal. PowerShell treats the typographic quotes U+2018, U+2019, U+201A
// and U+201B as single quotes too, so each of those is doubled as well.
#include <string>
#include <string_view>

namespace casdoctor {

// 'EX1''; Remove-Item C:\ -Recurse; ''' for EX1'; Remove-Item C:\ -Recurse; '
std::string ps_quote(std::string_view value);

}  // namespace casdoctor
