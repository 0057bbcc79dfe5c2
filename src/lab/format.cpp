// Default console output of pipeline results: strings as lines, objects in
// the list layout (Format-List), which is what a script's reader sees when
// it pipes nothing into ConvertTo-Json.
#include <algorithm>

#include "casdoctor/core/concat.hpp"

#include "session.hpp"

namespace casdoctor::lab::detail {
namespace {

void write_object(PsHost& host, const PsValue::Object& members) {
  std::size_t width = 0;
  for (const auto& m : members) width = std::max(width, m.name.size());
  write_line(host, "");
  for (const auto& m : members)
    write_line(host,
               cat(m.name, std::string(width - m.name.size(), ' '), " : ", ps_string(m.value)));
}

}  // namespace

void write_objects(PsHost& host, const std::vector<PsValue>& values) {
  bool objects = false;
  for (const auto& v : values) {
    if (const auto* o = std::get_if<PsValue::Object>(&v.data)) {
      write_object(host, *o);
      objects = true;
    } else if (const auto* a = std::get_if<PsValue::Array>(&v.data)) {
      write_objects(host, *a);
    } else {
      write_line(host, ps_string(v));
    }
  }
  if (objects) {
    write_line(host, "");
    write_line(host, "");
  }
}

}  // namespace casdoctor::lab::detail
