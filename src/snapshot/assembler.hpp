#pragma once
// Collects the normalised snapshot from the values the SAX reader splits
// out of the document, and decides which problem is reported: the root
// shape first, then the schema, then the first content error in document
// order.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "casdoctor/core/result.hpp"
#include "casdoctor/snapshot/snapshot.hpp"

#include "json_shape.hpp"

namespace casdoctor::snapshot_detail {

enum class RootMember {
  schema,
  collected_at,
  collected_on,
  exchange_servers,
  client_access_servers,
  services,
  dependent_services,
  exsetup_versions,
  app_pools,
  ps_version,
  audit,
  errors,
  unknown,
};

// Case-insensitive, as PowerShell treats member names.
RootMember classify_root_member(std::string_view key);
bool is_list(RootMember member);

class SnapshotAssembler {
 public:
  // `what`: "an array", "a string", ...
  void root_is_not_an_object(std::string_view what);

  // False (and an error recorded) when the member was seen before.
  bool begin_member(RootMember member, std::string_view key);

  // schema, collected_at, collected_on.
  void scalar(RootMember member, const Json& value, const Place& at);

  // A list member that is a JSON array or object: present, possibly empty.
  void list_opened(RootMember member);
  // A list member that is a scalar: null is an empty list, anything else an error.
  void list_scalar(const Json& value, const Place& at);
  void list_element(RootMember member, const Json& element, const Place& at);

  // Elements of the "value" array of an object member are delivered before
  // it is known whether the object is a {"value": [...], "Count": n} wrapper
  // or a single entry that happens to have a "value" member.
  void begin_tentative(RootMember member);
  void end_tentative(bool keep);
  void check_wrapper(const Json& wrapper, std::size_t elements, const Place& at);

  void record(const ContentError& error);

  // Errors carry no source name yet.
  Result<Snapshot> finish();

 private:
  void convert(RootMember member, const Json& element, const Place& at);
  std::size_t list_size(RootMember member) const;
  void truncate_list(RootMember member, std::size_t size);

  Snapshot snapshot_;
  std::optional<std::string> root_error_;
  std::optional<std::string> first_error_;
  std::optional<Json> schema_;
  std::array<std::string, static_cast<std::size_t>(RootMember::unknown)> seen_keys_;
  std::array<bool, static_cast<std::size_t>(RootMember::unknown)> seen_{};

  struct Tentative {
    RootMember member = RootMember::unknown;
    std::size_t kept_size = 0;
    std::optional<std::string> error;
  };
  std::optional<Tentative> tentative_;
};

}  // namespace casdoctor::snapshot_detail
