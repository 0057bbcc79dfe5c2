#include "casdoctor/report/outline.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace casdoctor {
namespace {

using Json = nlohmann::ordered_json;
using Lines = std::vector<std::string>;

std::string string_text(const std::string& value) {
  if (value.empty()) return "\"\"";
  std::string out;
  for (const char c : value) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out;
}

bool is_inline(const Json& value) {
  if (value.is_primitive() || value.empty()) return true;
  return value.is_array() &&
         std::ranges::all_of(value, [](const Json& element) { return element.is_primitive(); });
}

std::string scalar_text(const Json& value) {
  if (value.is_string()) return string_text(value.get_ref<const std::string&>());
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string inline_text(const Json& value) {
  if (value.is_primitive()) return scalar_text(value);
  if (value.empty()) return "(none)";
  std::string out;
  for (const auto& element : value) out += (out.empty() ? "" : ", ") + scalar_text(element);
  return out;
}

void emit_element(const Json& element, const std::string& indent, Lines& out);

void emit_value(const std::string& head, const Json& value, const std::string& child_indent,
                Lines& out);

// The first member may carry a list marker ("- "), the others align under it.
void emit_members(const Json& object, const std::string& first_prefix,
                  const std::string& rest_prefix, Lines& out) {
  bool first = true;
  for (const auto& item : object.items()) {
    const std::string& prefix = first ? first_prefix : rest_prefix;
    first = false;
    emit_value(prefix + item.key() + ":", item.value(), rest_prefix + "  ", out);
  }
}

void emit_value(const std::string& head, const Json& value, const std::string& child_indent,
                Lines& out) {
  if (is_inline(value)) {
    out.push_back(head + " " + inline_text(value));
    return;
  }
  out.push_back(head);
  if (value.is_object()) {
    emit_members(value, child_indent, child_indent, out);
    return;
  }
  for (const auto& element : value) emit_element(element, child_indent, out);
}

void emit_element(const Json& element, const std::string& indent, Lines& out) {
  if (is_inline(element)) {
    out.push_back(indent + "- " + inline_text(element));
  } else if (element.is_object()) {
    emit_members(element, indent + "- ", indent + "  ", out);
  } else {
    out.push_back(indent + "-");
    for (const auto& nested : element) emit_element(nested, indent + "  ", out);
  }
}

}  // namespace

std::vector<std::string> outline_lines(const nlohmann::ordered_json& value) {
  Lines out;
  if (value.is_object()) {
    emit_members(value, "", "", out);
  } else if (!value.is_null()) {
    emit_value("value:", value, "  ", out);
  }
  return out;
}

}  // namespace casdoctor
