#pragma once
// powershell.exe's command line as Windows PowerShell 5.1 reads it:
// parameters in any case, abbreviated down to their shortest unambiguous
// prefix (-nol, -nop, -noni, -ex/-ep, -e/-ec, -c, -f), "-" or "/" before
// them, and the first argument that is none of them starting the command.
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/core/result.hpp"
#include "casdoctor/lab/shell.hpp"

namespace casdoctor::lab {

struct PowerShellArgs {
  ScriptForm form = ScriptForm::command;
  std::string command;      // -Command text or the decoded -EncodedCommand
  std::string file;         // -File path
  bool read_stdin = false;  // -Command -
  bool help = false;
};

// Errors (ExitCode::usage) carry powershell.exe's own wording.
Result<PowerShellArgs> parse_powershell_args(const std::vector<std::string>& args);

// -EncodedCommand: base64 of UTF-16LE, decoded to UTF-8.
Result<std::string> decode_encoded_command(std::string_view base64);

// A script file or stdin as text: UTF-8 (BOM dropped) or UTF-16LE with BOM.
std::string script_text(std::string_view bytes);

}  // namespace casdoctor::lab
