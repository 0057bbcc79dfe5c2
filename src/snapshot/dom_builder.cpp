#include "dom_builder.hpp"

namespace casdoctor::snapshot_detail {

// Only the path of open containers is kept: an array's earlier elements may
// move when it grows, but they are complete and never touched again, and
// object members live in map nodes that do not move.
Json* DomBuilder::place(Json&& value) {
  if (stack_.empty()) {
    root_ = std::move(value);
    return &root_;
  }
  Json& parent = *stack_.back();
  if (parent.is_array()) {
    parent.push_back(std::move(value));
    return &parent.back();
  }
  *slot_ = std::move(value);
  return slot_;
}

bool DomBuilder::feed(SaxEvent&& event) {
  switch (event.kind) {
    case SaxEvent::Kind::scalar:
      place(std::move(event.value));
      return stack_.empty();
    case SaxEvent::Kind::start_object:
      stack_.push_back(place(Json::object()));
      return false;
    case SaxEvent::Kind::start_array:
      stack_.push_back(place(Json::array()));
      return false;
    case SaxEvent::Kind::key:
      slot_ = &(*stack_.back())[std::move(event.key)];
      return false;
    case SaxEvent::Kind::end_object:
    case SaxEvent::Kind::end_array:
      stack_.pop_back();
      return stack_.empty();
  }
  return false;
}

}  // namespace casdoctor::snapshot_detail
