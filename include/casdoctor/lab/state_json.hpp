#pragma once
// The state file's JSON form (docs/lab.md). Reading is strict: an unknown
// member is an error naming its JSON pointer, so that a misspelt fault knob
// never passes silently.
#include <string>
#include <string_view>

#include "casdoctor/core/result.hpp"
#include "casdoctor/lab/state.hpp"

namespace casdoctor::lab {

// Pretty-printed (two spaces), LF line ends, members in a fixed order.
std::string state_to_json(const LabState& state);

// Errors carry ExitCode::bad_input and start with `source`.
Result<LabState> state_from_json(std::string_view text, std::string_view source);

}  // namespace casdoctor::lab
