#pragma once
// The one way casdoctor places a value into PowerShell: a single-quoted
// literal. PowerShell treats the typographic quotes U+2018, U+2019, U+201A
// and U+201B as single quotes too, so each of those is doubled as well.
//
// A literal alone is not enough: a script may reach PowerShell on stdin,
// where the console host ends a block at a line of white space (VT, FF, NEL,
// NBSP, ...) and splits lines at a lone CR, so such a character inside a
// literal can end it and run the rest of the value as code. So a value must
// hold none of them (ps_value_problem), and every place a value comes from
// (the snapshot, the command line, a saved plan) checks it there, naming the
// field; ps_quote refuses what got past as a program error.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "casdoctor/core/result.hpp"

namespace casdoctor {

// The longest value of each kind, in characters (code points).
namespace ps_limit {
// An Exchange server's Name is its computer name (at most 15 characters for
// NetBIOS); 64 is the AD limit of the server object's cn.
inline constexpr std::size_t server_name = 64;
// A DNS name is at most 255 octets (RFC 1035, 2.3.4; Windows DNS likewise).
inline constexpr std::size_t fqdn = 255;
// CreateService: "The maximum string length is 256 characters."
inline constexpr std::size_t service_name = 256;
// Browsers and IIS stop around 2,048 (IE: 2,083); an OWA URL is far shorter.
inline constexpr std::size_t url = 2048;
// userPrincipalName's AD limit is 1,024 (DOMAIN\user is at most 15+1+20).
inline constexpr std::size_t user = 1024;
// host[:port]: an FQDN or a bracketed IPv6 address, ':' and five digits.
inline constexpr std::size_t address = fqdn + 7;
}  // namespace ps_limit

// Why `value` may not be placed into PowerShell, or nullopt when it may:
// not UTF-8, a control character (C0, DEL, C1), white space other than
// U+0020, an invisible formatting character (bidi, zero-width), or more
// than `max_length` characters. One short phrase, e.g. "contains a control
// character U+000B at character 4"; it never repeats the value.
std::optional<std::string> ps_value_problem(std::string_view value, std::size_t max_length);

// ps_value_problem as an error "<field>: <problem>" with `code`
// (ExitCode::bad_input for data, ExitCode::usage for options).
Result<void> check_ps_value(std::string_view field, std::string_view value, std::size_t max_length,
                            ExitCode code);

// 'EX1''; Remove-Item C:\ -Recurse; ''' for EX1'; Remove-Item C:\ -Recurse; '
// Throws std::invalid_argument for a value with a character
// ps_value_problem names: the places values come from check them first, so
// reaching this is a bug, and no script is made from such a value.
std::string ps_quote(std::string_view value);

}  // namespace casdoctor
