#include "snapshot_sax.hpp"

#include "casdoctor/core/text.hpp"

namespace casdoctor::snapshot_detail {
namespace {

// ConvertTo-Json stops at -Depth 100; a document nesting much deeper is not
// PowerShell's and would only cost stack in the converters.
constexpr std::size_t k_max_depth = 256;

}  // namespace

bool SnapshotSax::parse_error(std::size_t position, const std::string&,
                              const nlohmann::detail::exception& e) {
  syntax_error_ = SyntaxError{position, e.what()};
  return false;
}

bool SnapshotSax::on(SaxEvent&& event) {
  if (event.starts_container() && ++depth_ > k_max_depth) {
    too_deep_ = true;
    return false;  // stops the parser
  }
  if (event.ends_container()) --depth_;

  if (skip_depth_ > 0) {
    skip(event);
  } else if (element_) {
    feed_element(std::move(event));
  } else if (streaming_values_) {
    on_wrapper_values(std::move(event));
  } else if (list_object_) {
    on_list_object(std::move(event));
  } else if (in_list_array_) {
    on_list_array(std::move(event));
  } else if (in_root_) {
    on_root_member(std::move(event));
  } else {
    on_document(std::move(event));
  }
  return true;
}

// Called with the first event of an ignored value too: a container then
// opens the skip, a scalar is simply dropped.
void SnapshotSax::skip(const SaxEvent& event) {
  if (event.starts_container()) {
    ++skip_depth_;
  } else if (event.ends_container()) {
    --skip_depth_;
  }
}

void SnapshotSax::on_document(SaxEvent&& event) {
  if (event.kind == SaxEvent::Kind::start_object) {
    in_root_ = true;
    return;
  }
  out_.root_is_not_an_object(event.kind == SaxEvent::Kind::start_array ? "an array"
                                                                       : describe(event.value));
  skip(event);
}

void SnapshotSax::on_root_member(SaxEvent&& event) {
  if (event.kind == SaxEvent::Kind::key) {
    member_key_ = std::move(event.key);
    member_pointer_ = member_pointer("", member_key_);
    member_ = classify_root_member(member_key_);
    member_ignored_ = member_ == RootMember::unknown || !out_.begin_member(member_, member_key_);
    return;
  }
  if (event.kind == SaxEvent::Kind::end_object) {
    in_root_ = false;
    return;
  }
  if (member_ignored_) {
    skip(event);
  } else if (is_list(member_)) {
    on_list_value(std::move(event));
  } else {
    start_element(std::move(event), member_pointer_, false);
  }
}

// The first event of a list member's value decides its shape.
void SnapshotSax::on_list_value(SaxEvent&& event) {
  if (event.kind == SaxEvent::Kind::start_array) {
    out_.list_opened(member_);
    in_list_array_ = true;
    index_ = 0;
  } else if (event.kind == SaxEvent::Kind::start_object) {
    out_.list_opened(member_);
    list_object_.emplace();
    value_key_pending_ = false;
    values_streamed_ = false;
    list_object_->feed(std::move(event));
  } else {
    out_.list_scalar(event.value, Place::root(member_pointer_));
  }
}

void SnapshotSax::on_list_array(SaxEvent&& event) {
  if (event.kind == SaxEvent::Kind::end_array) {
    in_list_array_ = false;
    return;
  }
  start_element(std::move(event), element_pointer(member_pointer_, index_++), true);
}

// An object where a list belongs: either PowerShell 5.1's
// {"value": [...], "Count": n} or a single (unrolled) entry. Its "value"
// array is streamed element by element, tentatively, and the object itself
// is built without those elements; at its end the members tell which it is.
void SnapshotSax::on_list_object(SaxEvent&& event) {
  if (value_key_pending_) {
    value_key_pending_ = false;
    if (event.kind == SaxEvent::Kind::start_array) {
      list_object_->feed(std::move(event));  // the object keeps "value": [] as a marker
      out_.begin_tentative(member_);
      streaming_values_ = true;
      values_streamed_ = true;
      values_count_ = 0;
      return;
    }
  }
  if (event.kind == SaxEvent::Kind::key && list_object_->depth() == 1 &&
      iequals(event.key, "value")) {
    value_key_pending_ = true;
    values_pointer_ = member_pointer(member_pointer_, event.key);
  }
  if (list_object_->feed(std::move(event))) finish_list_object();
}

void SnapshotSax::on_wrapper_values(SaxEvent&& event) {
  if (event.kind == SaxEvent::Kind::end_array) {
    streaming_values_ = false;
    list_object_->feed(std::move(event));
    return;
  }
  start_element(std::move(event), element_pointer(values_pointer_, values_count_++), true);
}

void SnapshotSax::finish_list_object() {
  const Json object = list_object_->take();
  list_object_.reset();
  const Place at = Place::root(member_pointer_);
  const bool wrapper = values_streamed_ && is_list_wrapper(object);
  if (values_streamed_) out_.end_tentative(wrapper);
  if (wrapper) {
    out_.check_wrapper(object, values_count_, at);
  } else {
    out_.list_element(member_, object, at);
  }
}

void SnapshotSax::start_element(SaxEvent&& event, std::string pointer, bool list_entry) {
  element_.emplace();
  element_pointer_ = std::move(pointer);
  element_is_list_entry_ = list_entry;
  feed_element(std::move(event));
}

void SnapshotSax::feed_element(SaxEvent&& event) {
  if (!element_->feed(std::move(event))) return;
  const Json value = element_->take();
  element_.reset();
  const Place at = Place::root(element_pointer_);
  if (element_is_list_entry_) {
    out_.list_element(member_, value, at);
  } else {
    out_.scalar(member_, value, at);
  }
}

}  // namespace casdoctor::snapshot_detail
