// ConvertTo-Json of Windows PowerShell 5.1. It serialises with
// JavaScriptSerializer and then re-indents the compact text with its own
// pretty printer, which is where the odd "Key":  value spacing and the
// bracket-relative indentation come from.
#include "casdoctor/lab/ps_json.hpp"

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"

namespace casdoctor::lab {
namespace {

constexpr std::string_view k_newline = "\r\n";

std::string date_literal(TimePoint t) {
  return cat("\"\\/Date(", std::to_string(t.time_since_epoch().count()), ")\\/\"");
}

void append_hex4(std::string& out, unsigned value) {
  constexpr char digits[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += digits[(value >> shift) & 0xF];
}

class Writer {
 public:
  explicit Writer(const JsonOptions& options) : options_(options) {}

  void value(const PsValue& v, int level, std::size_t column) {
    if (const auto* a = std::get_if<PsValue::Array>(&v.data)) {
      if (level > options_.depth) return scalar(PsValue(ps_string(v)));
      return array(*a, level, column);
    }
    if (const auto* o = std::get_if<PsValue::Object>(&v.data)) {
      if (level > options_.depth) return scalar(PsValue(ps_string(v)));
      return object(*o, level, column);
    }
    scalar(v);
  }

  std::string take() { return std::move(out_); }

 private:
  void scalar(const PsValue& v) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>)
            out_ += "null";
          else if constexpr (std::is_same_v<T, bool>)
            out_ += x ? "true" : "false";
          else if constexpr (std::is_same_v<T, std::int64_t>)
            out_ += std::to_string(x);
          else if constexpr (std::is_same_v<T, std::string>)
            out_ += json_string(x);
          else if constexpr (std::is_same_v<T, TimePoint>)
            out_ += date_literal(x);
        },
        v.data);
  }

  void object(const PsValue::Object& members, int level, std::size_t column) {
    if (options_.compress) {
      out_ += '{';
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i != 0) out_ += ',';
        out_ += json_string(members[i].name);
        out_ += ':';
        value(members[i].value, level + 1, 0);
      }
      out_ += '}';
      return;
    }
    if (members.empty()) return empty('{', '}', column);
    out_ += '{';
    out_ += k_newline;
    for (std::size_t i = 0; i < members.size(); ++i) {
      const std::string prefix =
          cat(std::string(column + 4, ' '), json_string(members[i].name), ":  ");
      out_ += prefix;
      value(members[i].value, level + 1, prefix.size());
      if (i + 1 < members.size()) out_ += ',';
      out_ += k_newline;
    }
    out_.append(column, ' ');
    out_ += '}';
  }

  void array(const PsValue::Array& items, int level, std::size_t column) {
    if (options_.compress) {
      out_ += '[';
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0) out_ += ',';
        value(items[i], level + 1, 0);
      }
      out_ += ']';
      return;
    }
    if (items.empty()) return empty('[', ']', column);
    out_ += '[';
    out_ += k_newline;
    for (std::size_t i = 0; i < items.size(); ++i) {
      out_ += std::string(column + 4, ' ');
      value(items[i], level + 1, column + 4);
      if (i + 1 < items.size()) out_ += ',';
      out_ += k_newline;
    }
    out_.append(column, ' ');
    out_ += ']';
  }

  // 5.1 writes an empty container as the bracket, an empty line, the bracket.
  void empty(char open, char close, std::size_t column) {
    out_ += open;
    out_ += k_newline;
    out_ += k_newline;
    out_.append(column, ' ');
    out_ += close;
  }

  const JsonOptions& options_;
  std::string out_;
};

}  // namespace

const PsValue* PsValue::member(std::string_view name) const {
  const auto* members = std::get_if<Object>(&data);
  if (members == nullptr) return nullptr;
  for (const auto& m : *members)
    if (iequals(m.name, name)) return &m.value;
  return nullptr;
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\'':
        out += "\\u0027";
        break;
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          append_hex4(out, static_cast<unsigned char>(c));
        else
          out += c;
    }
  }
  out += '"';
  return out;
}

std::string ps_string(const PsValue& value) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>)
          return "";
        else if constexpr (std::is_same_v<T, bool>)
          return x ? "True" : "False";
        else if constexpr (std::is_same_v<T, std::int64_t>)
          return std::to_string(x);
        else if constexpr (std::is_same_v<T, std::string>)
          return x;
        else if constexpr (std::is_same_v<T, TimePoint>)
          return format_iso8601(x);
        else if constexpr (std::is_same_v<T, PsValue::Array>) {
          std::string out;  // PowerShell joins array elements with $OFS, a space
          for (const auto& item : x) {
            if (!out.empty()) out += ' ';
            out += ps_string(item);
          }
          return out;
        } else {
          std::string out = "@{";  // a PSCustomObject's ToString()
          for (std::size_t i = 0; i < x.size(); ++i) {
            if (i != 0) out += "; ";
            out += cat(x[i].name, "=", ps_string(x[i].value));
          }
          out += '}';
          return out;
        }
      },
      value.data);
}

std::string convert_to_json(const PsValue& value, const JsonOptions& options) {
  Writer writer(options);
  writer.value(value, 0, 0);
  return writer.take();
}

}  // namespace casdoctor::lab
