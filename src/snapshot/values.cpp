#include "values.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include "casdoctor/core/text.hpp"
#include "casdoctor/snapshot/names.hpp"

namespace casdoctor::snapshot_detail {
namespace {

constexpr std::string_view k_timestamp_expectation =
    "a date (\"/Date(ms)/\" or ISO 8601 like \"2018-06-19T08:00:00Z\")";
constexpr std::string_view k_status_expectation =
    "a service status (1-7 or a name like \"Running\")";
constexpr std::string_view k_roles_expectation =
    "server roles (a flags number like 6 or names like \"Mailbox, ClientAccess\")";
constexpr std::string_view k_admin_version_expectation =
    "a version like \"Version 15.1 (Build 1531.3)\" or an object with Major, Minor, Build and "
    "Revision";
constexpr std::string_view k_file_version_expectation =
    "a file version like \"15.1.1531.3\" or an object with Major, Minor, Build and Revision";

std::optional<std::int64_t> integer_of_text(std::string_view text) {
  text = trim(text);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

int version_field(const Json& value, const Place& at) {
  const auto number = integer_of(value);
  if (!number || *number < 0 || *number > std::numeric_limits<int>::max()) {
    fail_expected(at, "a non-negative whole number", value);
  }
  return static_cast<int>(*number);
}

// {Major, Minor, Build, Revision} with the given member names.
BuildNumber version_object(const ObjectView& object, const std::array<std::string_view, 4>& names) {
  return BuildNumber{
      object.required(names[0], version_field), object.required(names[1], version_field),
      object.required(names[2], version_field), object.required(names[3], version_field)};
}

BuildNumber version_text(const Json& value, const Place& at, std::string_view expectation) {
  auto parsed = parse_build_number(value.get_ref<const std::string&>());
  if (!parsed) fail_expected(at, expectation, value);
  return *parsed;
}

// Names in a ServerRole string or list: known names become bits (and come
// back in bit order), names casdoctor does not know are kept as written.
struct RoleSet {
  std::uint64_t bits = 0;
  std::vector<std::string> unknown_names;

  void add_names(std::string_view text) {
    while (!text.empty()) {
      const auto comma = text.find(',');
      add_name(trim(text.substr(0, comma)));
      if (comma == std::string_view::npos) break;
      text.remove_prefix(comma + 1);
    }
  }

  void add_name(std::string_view name) {
    if (name.empty()) return;
    if (const auto number = integer_of_text(name); number && *number >= 0) {
      bits |= static_cast<std::uint64_t>(*number);
    } else if (const auto role = server_role_bits(name)) {
      bits |= *role;
    } else if (std::find(unknown_names.begin(), unknown_names.end(), name) == unknown_names.end()) {
      unknown_names.emplace_back(name);
    }
  }

  void add(const Json& value, const Place& at) {
    const auto number = value.is_number() ? integer_of(value) : std::nullopt;
    if (number && *number >= 0) {
      bits |= static_cast<std::uint64_t>(*number);
    } else if (value.is_string()) {
      add_names(value.get_ref<const std::string&>());
    } else {
      fail_expected(at, k_roles_expectation, value);
    }
  }

  std::vector<std::string> names() const {
    std::vector<std::string> out = server_role_names(bits);
    out.insert(out.end(), unknown_names.begin(), unknown_names.end());
    return out;
  }
};

}  // namespace

std::optional<std::int64_t> integer_of(const Json& value) {
  if (value.is_number_integer() && !value.is_number_unsigned()) return value.get<std::int64_t>();
  if (value.is_number_unsigned()) {
    const auto number = value.get<std::uint64_t>();
    if (number > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(number);
  }
  if (value.is_number_float()) {
    const double number = value.get<double>();
    // 4.0 is 4; 2^63 and beyond do not fit.
    if (std::trunc(number) != number || std::fabs(number) >= 9.2e18) return std::nullopt;
    return static_cast<std::int64_t>(number);
  }
  if (value.is_string()) return integer_of_text(value.get_ref<const std::string&>());
  return std::nullopt;
}

std::string as_text(const Json& value, const Place& at) {
  if (!value.is_string()) fail_expected(at, "a string", value);
  return value.get<std::string>();
}

std::string as_name(const Json& value, const Place& at) {
  if (!value.is_string() || trim(value.get_ref<const std::string&>()).empty()) {
    fail_expected(at, "a non-empty string", value);
  }
  return value.get<std::string>();
}

std::string as_ps_version(const Json& value, const Place& at) {
  if (value.is_string()) return value.get<std::string>();
  if (!value.is_object()) fail_expected(at, "a version like \"5.1.14393.693\"", value);
  const ObjectView version(value, at, "a System.Version object");
  std::string text;
  for (auto part : {"Major", "Minor", "Build", "Revision"}) {
    const auto number = version.optional(
        part, [](const Json& v, const Place&) { return integer_of(v); },
        std::optional<std::int64_t>());
    if (!number || *number < 0) break;
    text.append(text.empty() ? "" : ".").append(std::to_string(*number));
  }
  if (text.empty()) fail_expected(at, "a System.Version object with Major", value);
  return text;
}

bool as_bool(const Json& value, const Place& at) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string()) {
    const std::string_view text = trim(value.get_ref<const std::string&>());
    if (iequals(text, "true")) return true;
    if (iequals(text, "false")) return false;
  }
  fail_expected(at, "true/false or \"True\"/\"False\"", value);
}

TimePoint as_timestamp(const Json& value, const Place& at) {
  if (value.is_object()) {
    // Get-Date output keeps its ETS members: {"value": "\/Date(...)\/", ...}.
    const ObjectView object(value, at, k_timestamp_expectation);
    if (object.find("value").value != nullptr) return object.required("value", as_timestamp);
  }
  if (value.is_string()) {
    if (const auto t = parse_timestamp(trim(value.get_ref<const std::string&>()))) return *t;
  }
  fail_expected(at, k_timestamp_expectation, value);
}

std::optional<TimePoint> as_optional_timestamp(const Json& value, const Place& at) {
  if (value.is_string() && trim(value.get_ref<const std::string&>()).empty()) return std::nullopt;
  return as_timestamp(value, at);
}

ServiceStatus as_service_status(const Json& value, const Place& at) {
  std::optional<ServiceStatus> status;
  if (const auto number = integer_of(value)) {
    status = service_status_from_value(*number);
  } else if (value.is_string()) {
    status = service_status_from_name(trim(value.get_ref<const std::string&>()));
  }
  if (!status) fail_expected(at, k_status_expectation, value);
  return *status;
}

std::vector<std::string> as_server_roles(const Json& value, const Place& at) {
  RoleSet roles;
  if (value.is_array() || value.is_object()) {
    if (value.is_object() && !is_list_wrapper(value)) fail_expected(at, k_roles_expectation, value);
    for_each_list_element(value, at, [&](const Json& element, const Place& element_at) {
      roles.add(element, element_at);
    });
  } else {
    roles.add(value, at);
  }
  return roles.names();
}

std::optional<BuildNumber> as_admin_display_version(const Json& value, const Place& at) {
  if (value.is_string()) return version_text(value, at, k_admin_version_expectation);
  const ObjectView object(value, at, k_admin_version_expectation);
  return version_object(object, {"Major", "Minor", "Build", "Revision"});
}

BuildNumber as_file_version(const Json& value, const Place& at) {
  if (value.is_string()) return version_text(value, at, k_file_version_expectation);
  const ObjectView object(value, at, k_file_version_expectation);
  if (object.find("Major").value == nullptr && object.find("FileMajorPart").value != nullptr) {
    return version_object(object,
                          {"FileMajorPart", "FileMinorPart", "FileBuildPart", "FilePrivatePart"});
  }
  return version_object(object, {"Major", "Minor", "Build", "Revision"});
}

std::string as_site(const Json& value, const Place& at) {
  if (value.is_object()) {
    return ObjectView(value, at, "a site").required("Name", as_text);
  }
  if (!value.is_string()) {
    fail_expected(at,
                  "a site name, a path like \"contoso.com/Configuration/Sites/Default-First-"
                  "Site-Name\" or an object with Name",
                  value);
  }
  std::string_view path = trim(value.get_ref<const std::string&>());
  while (path.ends_with('/')) path.remove_suffix(1);
  const auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string as_parameter_text(const Json& value, const Place& at) {
  switch (value.type()) {
    case Json::value_t::string:
      return value.get<std::string>();
    case Json::value_t::boolean:
      return value.get<bool>() ? "True" : "False";
    case Json::value_t::null:
      return {};
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return value.dump();
    default:
      fail_expected(at, "a string, a boolean or a number", value);
  }
}

}  // namespace casdoctor::snapshot_detail
