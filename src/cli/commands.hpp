#pragma once
// One file per subcommand; each adds itself to the main app.
#include "common.hpp"

namespace casdoctor::cli {

Command add_diagnose_command(CLI::App& app);
Command add_build_command(CLI::App& app);
Command add_collect_command(CLI::App& app);
Command add_remediate_command(CLI::App& app);
Command add_verify_command(CLI::App& app);

}  // namespace casdoctor::cli
