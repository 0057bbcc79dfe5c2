// casdoctor_dump_scripts DIR
//
// Writes every PowerShell script casdoctor can generate, one .ps1 per option
// combination, into DIR, for tests/ps_grammar/run.sh to parse: the
// collection script, the stdin bootstrap, and per remediation plan every step's command and every
// command of its on_failure text (one per line, in plan order).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "casdoctor/powershell/collection_script.hpp"
#include "casdoctor/powershell/invocation.hpp"
#include "casdoctor/remediate/service_state.hpp"
#include "casdoctor/report/remedy.hpp"

#include "collection_cases.hpp"
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

int dump_plan_scripts(const fs::path& dir) {
  int written = 0;
  const auto org = casdoctor::test::plan_org();
  for (const auto& c : casdoctor::test::plan_cases()) {
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
  const int plans = collection < 0 ? -1 : dump_plan_scripts(dir);
  if (plans < 0) return 1;
  // The bootstrap that runs scripts too long for the command line.
  if (!write_script(dir / "stdin_bootstrap.ps1", std::string(casdoctor::stdin_bootstrap()))) {
    std::fprintf(stderr, "cannot write stdin_bootstrap.ps1\n");
    return 1;
  }
  const int written = collection + plans + 1;
  std::printf("%d script(s) written to %s\n", written, argv[1]);
  return 0;
}
