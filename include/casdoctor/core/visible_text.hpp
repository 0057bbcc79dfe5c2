#pragma once
// Text from outside (an org, a user, a child process) as a person must see
// it: every character that could move the cursor, recolour or clear a
// terminal, reorder the text around it or hide is written as an escape, so
// that what a report or log shows is exactly what is there.
//   ASCII controls (TAB, CR, ESC, BEL, DEL, ...)  \x09 \x0d \x1b \x07 \x7f
//   bytes that are not UTF-8                      \xff
//   C1 controls, white space other than U+0020,
//   bidi and zero-width characters                \u0085 \u00A0 \u202E \u200B
// Nothing else changes; a backslash stays a single backslash, so Windows
// paths and DOMAIN\user read as they are (such text cannot be confused with
// a value casdoctor places into PowerShell: those never hold the characters
// above, see ps_quote.hpp).
#include <string>
#include <string_view>

namespace casdoctor {

std::string escape_invisible(std::string_view text);

// True when escape_invisible would change nothing.
bool all_visible(std::string_view text);

}  // namespace casdoctor
