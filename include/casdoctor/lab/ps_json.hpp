#pragma once
// Windows PowerShell 5.1's ConvertTo-Json, byte for byte: JavaScriptSerializer
// escapes (' < > & as \u0027 \u003c \u003e \u0026), "\/Date(ms)\/" dates,
// and 5.1's pretty printer (CRLF, "Key":  value, members four columns right
// of their opening bracket) or the -Compress form. bench/ps51json.py is the
// same layout in Python.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "casdoctor/core/time.hpp"

namespace casdoctor::lab {

struct PsMember;

// What a PowerShell object looks like to ConvertTo-Json.
struct PsValue {
  using Array = std::vector<PsValue>;
  using Object = std::vector<PsMember>;  // members in order
  std::variant<std::nullptr_t, bool, std::int64_t, std::string, TimePoint, Array, Object> data =
      nullptr;

  PsValue() = default;
  PsValue(std::nullptr_t) {}
  PsValue(bool b) : data(b) {}
  PsValue(int n) : data(static_cast<std::int64_t>(n)) {}
  PsValue(std::int64_t n) : data(n) {}
  PsValue(const char* s) : data(std::string(s)) {}
  PsValue(std::string s) : data(std::move(s)) {}
  PsValue(std::string_view s) : data(std::string(s)) {}
  PsValue(TimePoint t) : data(t) {}
  PsValue(Array a) : data(std::move(a)) {}
  PsValue(Object o) : data(std::move(o)) {}

  bool is_object() const { return std::holds_alternative<Object>(data); }
  bool is_array() const { return std::holds_alternative<Array>(data); }
  // The member's value, or nullptr when absent (first match, any case).
  const PsValue* member(std::string_view name) const;
};

struct PsMember {
  std::string name;
  PsValue value;
};

struct JsonOptions {
  int depth = 2;          // -Depth (5.1's default is 2)
  bool compress = false;  // -Compress
};

// The text ConvertTo-Json returns (no trailing newline). Containers nested
// deeper than `depth` become their string form, as 5.1 does silently.
std::string convert_to_json(const PsValue& value, const JsonOptions& options = {});

// The string form PowerShell gives a value ("True", "@{Name=EX1}", ...).
std::string ps_string(const PsValue& value);

// A JSON string literal with JavaScriptSerializer's escapes.
std::string json_string(std::string_view text);

}  // namespace casdoctor::lab
