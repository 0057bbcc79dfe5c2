#pragma once
// The subcommands the ExchangeLab PowerShell module (powershell/ExchangeLab)
// calls for the org's state and its rules, so that those stay in one place,
// in C++ (docs/lab.md, "The ExchangeLab module"), and the `powershell`
// wrapper that runs real PowerShell with that module and keeps the call log.
#include <string>
#include <vector>

namespace casdoctor::lab {

// Each takes the state file and the positional arguments; returns the exit code.
int lab_state_command(const std::string& state, const std::vector<std::string>& args);
int lab_restart_service_command(const std::string& state, const std::vector<std::string>& args);
int lab_iisreset_command(const std::string& state, const std::vector<std::string>& args);
int lab_call_note_command(const std::string& state, const std::vector<std::string>& args);
// After set-oos: records the change on the running call (CASDOCTOR_LAB_CALL).
void note_acting_call(const std::string& state, std::string_view command,
                      const std::vector<std::string>& targets);

// `casdoctor-lab powershell ARGS`: real PowerShell (CASDOCTOR_LAB_PWSH, else
// pwsh in PATH) with the ExchangeLab module imported, the call logged.
int lab_powershell_wrapper(const std::vector<std::string>& args);

}  // namespace casdoctor::lab
