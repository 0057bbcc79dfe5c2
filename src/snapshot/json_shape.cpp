#include "json_shape.hpp"

#include <vector>

namespace casdoctor::snapshot_detail {
namespace {

// Long strings (a whole transcript pasted into a field) would make the
// one-line message unreadable.
constexpr std::size_t k_max_quoted_chars = 60;

std::string shorten(const std::string& text) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool continuation = (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
    if (!continuation && chars++ == k_max_quoted_chars) return text.substr(0, i) + "...";
  }
  return text;
}

}  // namespace

std::string Place::pointer() const {
  std::vector<const Place*> chain;
  for (const Place* p = this; p != nullptr; p = p->parent_) chain.push_back(p);
  std::string out;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const Place& p = **it;
    if (p.parent_ == nullptr) {
      out += p.text_;
    } else if (p.index_ != k_none) {
      out += '/';
      out += std::to_string(p.index_);
    } else {
      out += '/';
      out += escape_pointer_token(p.text_);
    }
  }
  return out.empty() ? "/" : out;
}

std::string escape_pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (const char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string member_pointer(std::string_view parent, std::string_view key) {
  std::string out(parent);
  out += '/';
  out += escape_pointer_token(key);
  return out;
}

std::string element_pointer(std::string_view parent, std::size_t index) {
  std::string out(parent);
  out += '/';
  out += std::to_string(index);
  return out;
}

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      // dump() escapes quotes and control characters: the message stays one line.
      return Json(shorten(value.get_ref<const std::string&>()))
          .dump(-1, ' ', false, Json::error_handler_t::replace);
    default:
      return value.dump();
  }
}

void fail(const Place& at, std::string_view what) {
  throw ContentError{at.pointer() + ": " + std::string(what)};
}

void fail_expected(const Place& at, std::string_view expectation, const Json& got) {
  fail(at, "expected " + std::string(expectation) + ", got " + describe(got));
}

ObjectView::ObjectView(const Json& value, const Place& at, std::string_view what)
    : object_(value), at_(at) {
  if (value.is_object()) return;
  std::string expectation(what);
  // A nested object beyond ConvertTo-Json's -Depth (default 2) arrives as
  // its ToString() text.
  if (value.is_string()) expectation += " (was ConvertTo-Json given a -Depth too small?)";
  fail_expected(at, expectation, value);
}

ObjectView::Member ObjectView::find(std::string_view name) const {
  Member found;
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    const std::string& key = it.key();
    if (!iequals(key, name)) continue;
    if (found.value != nullptr) {
      fail(at_, "members \"" + std::string(found.key) + "\" and \"" + key +
                    "\" differ only in case (PowerShell member names are case-insensitive)");
    }
    found = Member{&it.value(), key};
  }
  return found;
}

bool is_list_wrapper(const Json& object) {
  if (!object.is_object()) return false;
  bool has_values = false;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (iequals(it.key(), "value")) {
      if (!it.value().is_array()) return false;
      has_values = true;
    } else if (!iequals(it.key(), "Count")) {
      return false;
    }
  }
  return has_values;
}

void check_wrapper_count(const Json& wrapper, std::size_t elements, const Place& at) {
  const ObjectView view(wrapper, at, "an object");
  const ObjectView::Member count = view.find("Count");
  if (count.value == nullptr) return;
  if (!count.value->is_number_unsigned() || count.value->get<std::size_t>() != elements) {
    fail(at.member(count.key), "says " + describe(*count.value) + " but the list has " +
                                   std::to_string(elements) +
                                   " elements (the document was altered or cut)");
  }
}

}  // namespace casdoctor::snapshot_detail
