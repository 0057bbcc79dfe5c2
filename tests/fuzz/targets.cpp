// The table of fuzz targets (targets.hpp).
#include "targets.hpp"

#include <array>

namespace casdoctor::fuzz {

std::span<const Target> all_targets() {
  static constexpr std::array<Target, 8> k_targets{{
      {"snapshot_reader", &snapshot_reader},
      {"build_number", &build_number},
      {"duration", &duration},
      {"plan_reader", &plan_reader},
      {"service_state", &service_state},
      {"logon", &logon},
      {"ps_quote", &ps_quote},
      {"script_template", &script_template},
  }};
  return k_targets;
}

}  // namespace casdoctor::fuzz
