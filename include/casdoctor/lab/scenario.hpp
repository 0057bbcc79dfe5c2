#pragma once
// Ready-made orgs for tests and demos.
#include <chrono>
#include <string>
#include <vector>

#include "casdoctor/lab/state.hpp"

namespace casdoctor::lab {

struct ScenarioOptions {
  TimePoint now;                // the story's "now"
  int extra_servers = 0;        // more 2016 servers (EX16-001, ...), for benches
  int shell_load_delay_ms = 0;  // faults.shell_load_delay_ms
  // Susceptible servers NOT restarted while EX2010 was out of service: they
  // never picked up True (--never-picked-up).
  std::vector<std::string> never_picked_up;
};

// The KB4294204 story (docs/lab.md): a 2010 SP3 CAS (EX2010) set out of
// service two hours ago and back one hour ago; a 2016 CU8 (EX16A) and a 2013
// CU20 (EX13A) server that picked up "out of service" (their topology service
// and IIS were restarted in between, as the KB suggests to make the change
// take effect) and still cache it; a 2016 CU12 server (EX16B, the fix
// included) that follows AD. The shell runs on EX16B.
LabState kb4294204_scenario(const ScenarioOptions& options);

}  // namespace casdoctor::lab
