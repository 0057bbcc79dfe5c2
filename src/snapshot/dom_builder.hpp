#pragma once
// Builds one JSON value from SAX events. The reader uses one per list
// element, so only a single element of a 15 MB snapshot is ever held as a
// DOM (a whole-document nlohmann DOM costs several times the text).
#include <string>
#include <vector>

#include "json_shape.hpp"

namespace casdoctor::snapshot_detail {

struct SaxEvent {
  enum class Kind { scalar, start_object, end_object, start_array, end_array, key };

  Kind kind = Kind::scalar;
  Json value;       // Kind::scalar
  std::string key;  // Kind::key

  static SaxEvent scalar(Json v) { return {Kind::scalar, std::move(v), {}}; }
  static SaxEvent of(Kind k) { return {k, {}, {}}; }
  static SaxEvent member(std::string k) { return {Kind::key, {}, std::move(k)}; }

  bool starts_container() const { return kind == Kind::start_object || kind == Kind::start_array; }
  bool ends_container() const { return kind == Kind::end_object || kind == Kind::end_array; }
};

class DomBuilder {
 public:
  // True once the value is complete (a scalar at once, a container at its end).
  bool feed(SaxEvent&& event);
  // Open containers inside the value being built.
  std::size_t depth() const { return stack_.size(); }
  Json take() { return std::move(root_); }

 private:
  Json* place(Json&& value);

  Json root_;
  std::vector<Json*> stack_;  // open containers; pointers stay valid (see place())
  Json* slot_ = nullptr;      // the member the last key created
};

}  // namespace casdoctor::snapshot_detail
