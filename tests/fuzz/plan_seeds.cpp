// casdoctor_fuzz_plan_seeds DIR: the plan_reader target's seeds, made at
// fuzz time: the dry-run report of every planner case of the unit tests
// (tests/helpers/plan_cases.hpp: local and remote commands, logon steps,
// names that try to leave their literals), as remediate --dry-run writes it.
#include <fstream>
#include <iostream>

#include "casdoctor/report/render.hpp"
#include "casdoctor/report/report.hpp"

#include "../helpers/plan_cases.hpp"

int main(int argc, char** argv) {
  using namespace casdoctor;
  if (argc != 2) {
    std::cerr << "usage: casdoctor_fuzz_plan_seeds DIR\n";
    return 64;
  }
  for (const auto& c : test::plan_cases()) {
    auto plan = test::plan_for(test::plan_org(), c.options);
    if (!plan) {
      std::cerr << c.name << ": " << plan.error().message << "\n";
      return 1;
    }
    Report report;
    report.command = "remediate";
    report.generated_at = test::plan_revert_time();
    report.plan = std::move(*plan);
    std::ofstream(std::string(argv[1]) + "/" + c.name + ".json") << render_json(report);
  }
  return 0;
}
