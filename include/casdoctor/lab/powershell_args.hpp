#pragma once
// powershell.exe's command line as Windows PowerShell 5.1 reads it:
// parameters in any case, abbreviated down to their shortest unambiguous
// prefix (-nol, -nop, -noni, -ex/-ep, -e/-ec, -c, -f), "-" or "/" before
// them, and the first argument that is none of them starting the command.
#include <string>
#include <string_view>
#include <vector>

#include "casdoctor/core/result.hpp"

namespace casdoctor::lab {

// How the script reached the shell (recorded in the call log).
// encoded_stdin: casdoctor's -EncodedCommand bootstrap with the script on stdin.
enum class ScriptForm { encoded_command, command, command_stdin, file, encoded_stdin };
std::string_view to_string(ScriptForm form);

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

// casdoctor's bootstrap for scripts too long for the command line
// (invocation.hpp): it joins $input (stdin), decodes it with
// [System.Convert]::FromBase64String and [System.Text.Encoding]::UTF8, and
// runs the result through [System.Management.Automation.ScriptBlock]::Create.
bool is_stdin_bootstrap(std::string_view script);
// The script that bootstrap runs: stdin as base64 (line breaks and spaces
// skipped, as FromBase64String does) of UTF-8. An error carries .NET's
// FormatException message.
Result<std::string> bootstrap_payload(std::string_view stdin_bytes);

// A script file or stdin as text: UTF-8 (BOM dropped) or UTF-16LE with BOM.
std::string script_text(std::string_view bytes);

}  // namespace casdoctor::lab
