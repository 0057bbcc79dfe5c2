// casdoctor_dump_scripts DIR
//
// Writes every PowerShell script casdoctor can generate, one .ps1 per option
// combination, into DIR, for tests/pwsh/oracle.ps1 to parse with PowerShell's
// own parser: the collection script, the stdin bootstrap, and per
// remediation plan every step's command, the executor's state queries and
// every command of its on_failure text (one per line, in plan order).
// Scripts made from hostile values (hostile_cases.hpp) get a NAME.hostile
// next to them: one "MARKER<TAB>VALUE" line per value, for the token check.
// invoke-short.* and invoke-long.* are two PowerShell command lines as
// powershell_command builds them (one argument a line, and stdin), for
// tests/pwsh/invocation.Tests.ps1 to run.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "casdoctor/powershell/collection_script.hpp"
#include "casdoctor/powershell/invocation.hpp"
#include "casdoctor/powershell/script_template.hpp"
#include "casdoctor/remediate/service_state.hpp"
#include "casdoctor/report/remedy.hpp"

#include "collection_cases.hpp"
#include "hostile_cases.hpp"
#include "plan_cases.hpp"

namespace {

namespace fs = std::filesystem;

bool write_script(const fs::path& file, const std::string& script) {
  std::ofstream out(file, std::ios::binary);
  out << script;
  return static_cast<bool>(out);
}

int dump_collection_scripts(const fs::path& dir) {
  int written = 0;
  for (const auto& c : casdoctor::test::collection_cases()) {
    auto script = casdoctor::collection_script(c.options);
    if (!script) {
      std::fprintf(stderr, "%s: %s\n", c.name.c_str(), script.error().message.c_str());
      return -1;
    }
    if (!write_script(dir / (c.name + ".ps1"), *script)) {
      std::fprintf(stderr, "cannot write %s\n", (dir / (c.name + ".ps1")).string().c_str());
      return -1;
    }
    ++written;
  }
  return written;
}

// Every command of a plan as one script; the lines are independent commands:
// each step's, the executor's follow-up state queries, and on_failure's.
std::string plan_script(const casdoctor::Plan& plan) {
  std::string script;
  for (const auto& step : plan.steps) {
    script.append(step.command).append("\n");
    const auto names = step.action == casdoctor::StepAction::iisreset
                           ? std::vector<std::string>{"IISADMIN", "WAS", "W3SVC"}
                           : std::vector<std::string>{"MSExchangeADTopology", "O'Brien Svc"};
    script.append(casdoctor::service_query_script(names, step.fqdn)).append("\n");
    for (const auto& block : casdoctor::split_remedy(step.on_failure)) {
      if (block.kind != casdoctor::RemedyBlock::Kind::commands) continue;
      for (const auto& line : block.lines) script.append(line).append("\n");
    }
  }
  return script;
}

bool write_hostile(const fs::path& file, const std::vector<std::string>& values) {
  std::string lines;
  for (const auto& value : values) {
    lines.append(casdoctor::test::hostile_marker(value)).append("\t").append(value).append("\n");
  }
  return write_script(file, lines);
}

int dump_plan_scripts(const fs::path& dir, const casdoctor::test::PlanOrg& org,
                      const std::vector<casdoctor::test::PlanCase>& cases) {
  int written = 0;
  for (const auto& c : cases) {
    auto plan = casdoctor::test::plan_for(org, c.options);
    if (!plan || plan->steps.empty()) {
      std::fprintf(stderr, "%s: %s\n", c.name.c_str(),
                   plan ? "no steps" : plan.error().message.c_str());
      return -1;
    }
    if (!write_script(dir / (c.name + ".ps1"), plan_script(*plan))) {
      std::fprintf(stderr, "cannot write %s\n", (dir / (c.name + ".ps1")).string().c_str());
      return -1;
    }
    ++written;
  }
  return written;
}

// The hostile plans and a collection script for a hostile --ems-uri, each
// with its .hostile list.
int dump_hostile(const fs::path& dir) {
  using namespace casdoctor::test;
  const auto cases = hostile_plan_cases();
  const int plans = dump_plan_scripts(dir, hostile_plan_org(), cases);
  if (plans < 0) return -1;
  for (const auto& c : cases) {
    if (!write_hostile(dir / (c.name + ".hostile"), hostile_values())) return -1;
  }
  casdoctor::CollectOptions options;
  options.ems = casdoctor::EmsMode::remote;
  options.ems_uri = k_hostile_ems_uri;
  auto script = casdoctor::collection_script(options);
  if (!script) {
    std::fprintf(stderr, "hostile --ems-uri: %s\n", script.error().message.c_str());
    return -1;
  }
  if (!write_script(dir / "hostile-collect-remote.ps1", *script) ||
      !write_hostile(dir / "hostile-collect-remote.hostile", {k_hostile_ems_uri})) {
    return -1;
  }
  return plans + 1;
}

bool write_invocation(const fs::path& stem, const casdoctor::PowerShellCommand& command) {
  std::string args;
  for (const auto& arg : command.args) args.append(arg).append("\n");
  return write_script(fs::path(stem).concat(".args"), args) &&
         write_script(fs::path(stem).concat(".stdin"), command.stdin_data.value_or(""));
}

// A script that prints a hostile value and a line of every kind of white
// space inside a literal; the long one is padded past the Windows command
// line limit, so that it goes through the stdin bootstrap.
bool dump_invocations(const fs::path& dir) {
  const std::string value = casdoctor::test::hostile_values()[3];
  const std::string script =
      casdoctor::expand_script("Write-Output @@value@@\nWrite-Output (@@spaces@@.Length)\n",
                               {{"value", value}, {"spaces", std::string("  ")}});
  std::string padding = "\n# padding\n";
  while (padding.size() < casdoctor::k_windows_command_line_limit) padding.append("# padding\n");
  const auto short_command = casdoctor::powershell_command("pwsh", script);
  const auto long_command = casdoctor::powershell_command("pwsh", script + padding);
  if (short_command.stdin_data || !long_command.stdin_data) {
    std::fprintf(stderr, "the invocations did not take the two ways expected\n");
    return false;
  }
  return write_invocation(dir / "invoke-short", short_command) &&
         write_invocation(dir / "invoke-long", long_command);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: casdoctor_dump_scripts DIR\n");
    return 2;
  }
  const fs::path dir(argv[1]);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    std::fprintf(stderr, "cannot create %s: %s\n", argv[1], ec.message().c_str());
    return 1;
  }
  const int collection = dump_collection_scripts(dir);
  const int plans = collection < 0 ? -1
                                   : dump_plan_scripts(dir, casdoctor::test::plan_org(),
                                                       casdoctor::test::plan_cases());
  const int hostile = plans < 0 ? -1 : dump_hostile(dir);
  if (hostile < 0 || !dump_invocations(dir)) return 1;
  // The bootstrap that runs scripts too long for the command line.
  if (!write_script(dir / "stdin_bootstrap.ps1", std::string(casdoctor::stdin_bootstrap()))) {
    std::fprintf(stderr, "cannot write stdin_bootstrap.ps1\n");
    return 1;
  }
  const int written = collection + plans + hostile + 1;
  std::printf("%d script(s) written to %s\n", written, argv[1]);
  return 0;
}
