#pragma once
// Reading JSON the way PowerShell writes it: member names compared without
// regard to case, lists in any of their 5.1 shapes, and every complaint
// naming the JSON pointer of the value it is about.
//
// Inside this module a content problem is thrown as ContentError: the first
// problem ends the conversion of an element, and unwinding keeps every
// converter a plain list of fields. read_snapshot() catches it and returns
// an Error; nothing escapes the public API.
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "casdoctor/core/text.hpp"

namespace casdoctor::snapshot_detail {

using Json = nlohmann::json;

// Where a value sits in the document. A chain of stack objects so that the
// pointer text is only built when a message needs it.
class Place {
 public:
  // `pointer` is an already escaped JSON pointer ("/services/3").
  static Place root(std::string_view pointer) { return Place(nullptr, pointer, k_none); }
  Place member(std::string_view key) const { return Place(this, key, k_none); }
  Place element(std::size_t index) const { return Place(this, {}, index); }

  std::string pointer() const;

 private:
  static constexpr std::size_t k_none = static_cast<std::size_t>(-1);
  Place(const Place* parent, std::string_view text, std::size_t index)
      : parent_(parent), text_(text), index_(index) {}

  const Place* parent_;
  std::string_view text_;  // root: pointer text; member: unescaped key
  std::size_t index_;
};

struct ContentError {
  std::string message;  // "<pointer>: <what>", one line
};

// "/a~1b" style escaping of one reference token (RFC 6901).
std::string escape_pointer_token(std::string_view key);
// parent + "/" + escaped key, and parent + "/" + index.
std::string member_pointer(std::string_view parent, std::string_view key);
std::string element_pointer(std::string_view parent, std::size_t index);

// How a value is quoted in messages: strings JSON-quoted (and shortened),
// numbers and literals as written, containers by their kind.
std::string describe(const Json& value);

[[noreturn]] void fail(const Place& at, std::string_view what);
// "<pointer>: expected <expectation>, got <value>"
[[noreturn]] void fail_expected(const Place& at, std::string_view expectation, const Json& got);

// A JSON object through PowerShell's case-insensitive member names.
class ObjectView {
 public:
  // Fails unless `value` is an object; `what` completes "expected ...".
  ObjectView(const Json& value, const Place& at, std::string_view what);

  struct Member {
    const Json* value = nullptr;  // nullptr: absent
    std::string_view key;         // as written in the document
  };
  // Fails when two members differ only in case: PowerShell cannot write
  // that, and picking one would be a guess.
  Member find(std::string_view name) const;

  // Missing -> "missing member"; otherwise convert(value, place).
  template <class Convert>
  auto required(std::string_view name, Convert convert) const {
    const Member m = find(name);
    if (m.value == nullptr) fail(at_, "missing member \"" + std::string(name) + "\"");
    return convert(*m.value, at_.member(m.key));
  }

  // Missing or null -> `fallback`; otherwise convert(value, place).
  template <class Convert, class T>
  T optional(std::string_view name, Convert convert, T fallback) const {
    const Member m = find(name);
    if (m.value == nullptr || m.value->is_null()) return fallback;
    return convert(*m.value, at_.member(m.key));
  }

  const Place& place() const { return at_; }

 private:
  const Json& object_;
  Place at_;
};

// PowerShell 5.1's {"value": [...], "Count": n} for an array that carries
// the ETS Count property: an object whose members are "value" (an array)
// and at most "Count".
bool is_list_wrapper(const Json& object);

// A list in any of its 5.1 shapes: an array, {"value": [...], "Count": n},
// a single object (a one-element pipeline is unrolled), or null (nothing).
// Calls visit(element, place) for each element.
template <class Visit>
void for_each_list_element(const Json& list, const Place& at, Visit visit);

// Checks "Count" against the number of elements of a wrapper.
void check_wrapper_count(const Json& wrapper, std::size_t elements, const Place& at);

inline constexpr std::string_view k_list_expectation =
    "a list (an array, an object, {\"value\": [...], \"Count\": n} or null)";

template <class Visit>
void for_each_list_element(const Json& list, const Place& at, Visit visit) {
  if (list.is_null()) return;
  if (list.is_array()) {
    for (std::size_t i = 0; i < list.size(); ++i) visit(list[i], at.element(i));
    return;
  }
  if (!list.is_object()) fail_expected(at, k_list_expectation, list);
  if (!is_list_wrapper(list)) {
    visit(list, at);
    return;
  }
  const ObjectView wrapper(list, at, "an object");
  const ObjectView::Member values = wrapper.find("value");
  const Place values_at = at.member(values.key);
  for (std::size_t i = 0; i < values.value->size(); ++i) {
    visit((*values.value)[i], values_at.element(i));
  }
  check_wrapper_count(list, values.value->size(), at);
}

}  // namespace casdoctor::snapshot_detail
