#include "assembler.hpp"

#include "casdoctor/core/text.hpp"

#include "sections.hpp"
#include "values.hpp"

namespace casdoctor::snapshot_detail {
namespace {

struct RootMemberName {
  RootMember member;
  std::string_view name;
};

constexpr std::array<RootMemberName, 12> k_root_members{{
    {RootMember::schema, "schema"},
    {RootMember::collected_at, "collected_at"},
    {RootMember::collected_on, "collected_on"},
    {RootMember::exchange_servers, "exchange_servers"},
    {RootMember::client_access_servers, "client_access_servers"},
    {RootMember::services, "services"},
    {RootMember::dependent_services, "dependent_services"},
    {RootMember::exsetup_versions, "exsetup_versions"},
    {RootMember::app_pools, "app_pools"},
    {RootMember::ps_version, "ps_version"},
    {RootMember::audit, "audit"},
    {RootMember::errors, "errors"},
}};

std::size_t index_of(RootMember member) {
  return static_cast<std::size_t>(member);
}

// Calls f(list, converter) with the snapshot's vector for `member`.
template <class Snap, class F>
void with_list(Snap& snapshot, RootMember member, F f) {
  switch (member) {
    case RootMember::exchange_servers:
      return f(snapshot.exchange_servers, to_exchange_server);
    case RootMember::client_access_servers:
      return f(snapshot.client_access_servers, to_client_access_server);
    case RootMember::services:
      return f(snapshot.services, to_service_entry);
    case RootMember::dependent_services:
      return f(snapshot.dependent_services, to_dependent_service);
    case RootMember::exsetup_versions:
      return f(snapshot.exsetup_versions, to_exsetup_version);
    case RootMember::app_pools:
      if (!snapshot.app_pools) return;
      return f(*snapshot.app_pools, to_app_pool_process);
    case RootMember::audit:
      if (!snapshot.audit) return;
      return f(*snapshot.audit, to_audit_entry);
    case RootMember::errors:
      return f(snapshot.errors, to_collect_error);
    default:
      return;
  }
}

}  // namespace

RootMember classify_root_member(std::string_view key) {
  for (const auto& entry : k_root_members) {
    if (iequals(entry.name, key)) return entry.member;
  }
  return RootMember::unknown;
}

bool is_list(RootMember member) {
  return member != RootMember::schema && member != RootMember::collected_at &&
         member != RootMember::collected_on && member != RootMember::ps_version &&
         member != RootMember::unknown;
}

void SnapshotAssembler::root_is_not_an_object(std::string_view what) {
  root_error_ = "the document is " + std::string(what) +
                ", expected an object with \"schema\": \"" + k_snapshot_schema + "\"";
}

bool SnapshotAssembler::begin_member(RootMember member, std::string_view key) {
  if (member == RootMember::unknown) return true;
  const std::size_t i = index_of(member);
  if (seen_[i]) {
    record(ContentError{member_pointer("", key) + ": the member appears twice (first as \"" +
                        seen_keys_[i] + "\")"});
    return false;
  }
  seen_[i] = true;
  seen_keys_[i] = key;
  return true;
}

void SnapshotAssembler::scalar(RootMember member, const Json& value, const Place& at) {
  try {
    if (member == RootMember::schema) {
      schema_ = value;
    } else if (member == RootMember::collected_at && !value.is_null()) {
      snapshot_.collected_at = as_optional_timestamp(value, at);
    } else if (member == RootMember::collected_on && !value.is_null()) {
      snapshot_.collected_on = as_text(value, at);
    } else if (member == RootMember::ps_version && !value.is_null()) {
      snapshot_.ps_version = as_ps_version(value, at);
    }
  } catch (const ContentError& error) {
    record(error);
  }
}

void SnapshotAssembler::list_opened(RootMember member) {
  if (member == RootMember::audit) snapshot_.audit.emplace();
  if (member == RootMember::app_pools) snapshot_.app_pools.emplace();
}

void SnapshotAssembler::list_scalar(const Json& value, const Place& at) {
  if (value.is_null()) return;  // "not collected" for audit, empty for the others
  record(ContentError{at.pointer() + ": expected " + std::string(k_list_expectation) + ", got " +
                      describe(value)});
}

void SnapshotAssembler::list_element(RootMember member, const Json& element, const Place& at) {
  // After the first error nothing else is reported: skip the work.
  if (first_error_ || (tentative_ && tentative_->error)) return;
  try {
    convert(member, element, at);
  } catch (const ContentError& error) {
    record(error);
  }
}

void SnapshotAssembler::begin_tentative(RootMember member) {
  if (tentative_) return;  // a second "value"-like member: already tentative
  tentative_ = Tentative{member, list_size(member), std::nullopt};
}

void SnapshotAssembler::end_tentative(bool keep) {
  if (!tentative_) return;
  Tentative done = std::move(*tentative_);
  tentative_.reset();
  if (keep) {
    if (done.error) record(ContentError{*done.error});
  } else {
    truncate_list(done.member, done.kept_size);
  }
}

void SnapshotAssembler::check_wrapper(const Json& wrapper, std::size_t elements, const Place& at) {
  try {
    ObjectView(wrapper, at, "an object").find("value");  // fails on "value" and "Value"
    check_wrapper_count(wrapper, elements, at);
  } catch (const ContentError& error) {
    record(error);
  }
}

void SnapshotAssembler::record(const ContentError& error) {
  if (tentative_) {
    if (!tentative_->error) tentative_->error = error.message;
  } else if (!first_error_) {
    first_error_ = error.message;
  }
}

Result<Snapshot> SnapshotAssembler::finish() {
  if (root_error_) return make_error(ExitCode::bad_input, *root_error_);
  const std::string expected = std::string("\"") + k_snapshot_schema + "\"";
  if (!schema_) {
    return make_error(ExitCode::bad_input, "/: missing member \"schema\" (expected " + expected +
                                               "; is this a casdoctor snapshot?)");
  }
  if (!schema_->is_string() || schema_->get_ref<const std::string&>() != k_snapshot_schema) {
    return make_error(ExitCode::bad_input,
                      member_pointer("", seen_keys_[index_of(RootMember::schema)]) + ": expected " +
                          expected + ", got " + describe(*schema_));
  }
  if (first_error_) return make_error(ExitCode::bad_input, *first_error_);
  return std::move(snapshot_);
}

void SnapshotAssembler::convert(RootMember member, const Json& element, const Place& at) {
  with_list(snapshot_, member,
            [&](auto& list, auto converter) { list.push_back(converter(element, at)); });
}

std::size_t SnapshotAssembler::list_size(RootMember member) const {
  std::size_t size = 0;
  with_list(snapshot_, member, [&](const auto& list, auto) { size = list.size(); });
  return size;
}

void SnapshotAssembler::truncate_list(RootMember member, std::size_t size) {
  with_list(snapshot_, member, [&](auto& list, auto) { list.resize(size); });
}

}  // namespace casdoctor::snapshot_detail
