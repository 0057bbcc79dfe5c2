#pragma once
// The nlohmann SAX handler that walks a casdoctor.snapshot/1 document in one
// pass and hands each list element to the assembler as a small DOM, so that
// memory stays proportional to one element rather than to the document.
#include <cstddef>
#include <optional>
#include <string>

#include "assembler.hpp"
#include "dom_builder.hpp"

namespace casdoctor::snapshot_detail {

struct SyntaxError {
  std::size_t position = 0;  // nlohmann's count of characters read
  std::string what;          // nlohmann's message
};

class SnapshotSax {
 public:
  explicit SnapshotSax(SnapshotAssembler& out) : out_(out) {}

  // The nlohmann::json_sax interface.
  bool null() { return on(SaxEvent::scalar(Json(nullptr))); }
  bool boolean(bool v) { return on(SaxEvent::scalar(Json(v))); }
  bool number_integer(Json::number_integer_t v) { return on(SaxEvent::scalar(Json(v))); }
  bool number_unsigned(Json::number_unsigned_t v) { return on(SaxEvent::scalar(Json(v))); }
  bool number_float(Json::number_float_t v, const std::string&) {
    return on(SaxEvent::scalar(Json(v)));
  }
  bool string(std::string& v) { return on(SaxEvent::scalar(Json(std::move(v)))); }
  bool binary(Json::binary_t&) { return true; }  // never produced by JSON text
  bool start_object(std::size_t) { return on(SaxEvent::of(SaxEvent::Kind::start_object)); }
  bool key(std::string& k) { return on(SaxEvent::member(std::move(k))); }
  bool end_object() { return on(SaxEvent::of(SaxEvent::Kind::end_object)); }
  bool start_array(std::size_t) { return on(SaxEvent::of(SaxEvent::Kind::start_array)); }
  bool end_array() { return on(SaxEvent::of(SaxEvent::Kind::end_array)); }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e);

  const std::optional<SyntaxError>& syntax_error() const { return syntax_error_; }
  bool too_deep() const { return too_deep_; }

 private:
  bool on(SaxEvent&& event);
  void on_document(SaxEvent&& event);
  void on_root_member(SaxEvent&& event);
  void on_list_value(SaxEvent&& event);
  void on_list_array(SaxEvent&& event);
  void on_list_object(SaxEvent&& event);
  void on_wrapper_values(SaxEvent&& event);
  void start_element(SaxEvent&& event, std::string pointer, bool list_entry);
  void feed_element(SaxEvent&& event);
  void finish_list_object();
  void skip(const SaxEvent& event);

  SnapshotAssembler& out_;
  std::optional<SyntaxError> syntax_error_;
  std::size_t depth_ = 0;  // open containers in the whole document
  bool too_deep_ = false;

  bool in_root_ = false;
  std::size_t skip_depth_ = 0;  // > 0 while inside a value being ignored
  RootMember member_ = RootMember::unknown;
  std::string member_key_;       // as written
  std::string member_pointer_;   // "/services"
  bool member_ignored_ = false;  // unknown or duplicate member

  std::optional<DomBuilder> element_;  // the element or root scalar being built
  std::string element_pointer_;
  bool element_is_list_entry_ = false;

  bool in_list_array_ = false;
  std::size_t index_ = 0;

  std::optional<DomBuilder> list_object_;  // an object-shaped list member
  bool value_key_pending_ = false;
  bool streaming_values_ = false;  // inside its "value" array
  bool values_streamed_ = false;
  std::string values_pointer_;  // "/services/value"
  std::size_t values_count_ = 0;
};

}  // namespace casdoctor::snapshot_detail
