#pragma once
// Finding evidence as indented "key: value" lines, for people rather than
// parsers (text and markdown reports; JSON keeps the evidence as it is).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace casdoctor {

// YAML-like: scalars and lists of scalars on the key's line ("a, b"), nested
// objects indented by two spaces, list elements that are objects as "- "
// items. Empty lists and objects read "(none)"; line breaks inside strings
// are shown as \n. Lines carry no base indent and no trailing newline.
std::vector<std::string> outline_lines(const nlohmann::ordered_json& value);

}  // namespace casdoctor
