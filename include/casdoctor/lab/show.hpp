#pragma once
// `casdoctor-lab show`: the org at a glance for a person exploring it.
#include <string>

#include "casdoctor/lab/state.hpp"

namespace casdoctor::lab {

// Servers (versions, KB4294204 status, AD vs cached IsOutOfService), the key
// services with their start times, the audit log, the knobs and the call
// count, as aligned text with LF line ends.
std::string show_state(const LabState& state, TimePoint now);

}  // namespace casdoctor::lab
