#pragma once
// Every combination of collection options worth generating a script for:
// each EMS mode (auto with and without a URI), the ends and the default of
// each numeric range. Shared by the unit tests and casdoctor_dump_scripts,
// which hands each script to the PowerShell grammar.
#include <string>
#include <vector>

#include "casdoctor/powershell/collection_script.hpp"

namespace casdoctor::test {

struct CollectionCase {
  std::string name;  // a file name stem: collect-<ems>-<days>d-t<throttle>
  CollectOptions options;
};

inline std::vector<CollectionCase> collection_cases() {
  struct Ems {
    const char* label;
    EmsMode mode;
    const char* uri;
  };
  const Ems ems_choices[] = {
      {"auto", EmsMode::auto_detect, ""},
      {"auto-uri", EmsMode::auto_detect, "http://ex16a.contoso.com/PowerShell/"},
      {"local", EmsMode::local, ""},
      {"local-uri", EmsMode::local, "http://ex16a.contoso.com/PowerShell/"},
      {"remote", EmsMode::remote, "http://ex16a.contoso.com/PowerShell/"},
      {"remote-https-port", EmsMode::remote,
       "HTTPS://[fe80::1]:444/PowerShell/?SerializationLevel=Full;ExchClientVer=15.1&a=$(x)"},
  };
  const int audit_days[] = {1, 30, 3650};
  const int throttles[] = {1, 16, 256};
  std::vector<CollectionCase> cases;
  for (const auto& ems : ems_choices) {
    for (int days : audit_days) {
      for (int throttle : throttles) {
        CollectOptions options{ems.mode, ems.uri, days, throttle, false};
        cases.push_back({"collect-" + std::string(ems.label) + "-" + std::to_string(days) + "d-t" +
                             std::to_string(throttle),
                         options});
      }
    }
  }
  // --ems-snapin: the 2013+ snap-in in the local part.
  cases.push_back({"collect-local-snapin", {EmsMode::local, "", 30, 16, true}});
  return cases;
}

}  // namespace casdoctor::test
