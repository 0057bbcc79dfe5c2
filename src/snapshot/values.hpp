#pragma once
// Converters for the values of a snapshot, each accepting every form
// Windows PowerShell 5.1 writes for it and failing (ContentError) with the
// place and the expected forms otherwise. Missing and null members are dealt
// with by ObjectView before a converter is called.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "casdoctor/catalog/build_number.hpp"
#include "casdoctor/core/time.hpp"
#include "casdoctor/snapshot/snapshot.hpp"

#include "json_shape.hpp"

namespace casdoctor::snapshot_detail {

// A JSON string, as is.
std::string as_text(const Json& value, const Place& at);
// A non-empty JSON string (names that identify something).
std::string as_name(const Json& value, const Place& at);
// true/false or "True"/"False" in any case.
bool as_bool(const Json& value, const Place& at);
// "\/Date(ms)\/" (offset tolerated), ISO 8601, or Get-Date's
// {"value": ..., "DisplayHint": n, "DateTime": "..."}.
TimePoint as_timestamp(const Json& value, const Place& at);
// As as_timestamp; an empty string means "no time" too.
std::optional<TimePoint> as_optional_timestamp(const Json& value, const Place& at);
// 1-7 (also as a string) or a ServiceControllerStatus name.
ServiceStatus as_service_status(const Json& value, const Place& at);
// A ServerRole flags number, "Mailbox, ClientAccess", or a list of either.
std::vector<std::string> as_server_roles(const Json& value, const Place& at);
// "Version 15.1 (Build 1531.3)" or {Major, Minor, Build, Revision}.
std::optional<BuildNumber> as_admin_display_version(const Json& value, const Place& at);
// "15.01.1531.003" (any parse_build_number form), {Major, Minor, Build,
// Revision} (System.Version) or {FileMajorPart, ...} (FileVersionInfo).
BuildNumber as_file_version(const Json& value, const Place& at);
// "contoso.com/Configuration/Sites/Name" (ADObjectId.ToString()), a plain
// name, or an object with Name.
std::string as_site(const Json& value, const Place& at);
// An audit parameter value as text: strings as is, booleans "True"/"False"
// (PowerShell's spelling), numbers in decimal, null as "".
std::string as_parameter_text(const Json& value, const Place& at);

// $PSVersionTable.PSVersion: its text ("5.1.14393.693") or the
// System.Version object {Major, Minor, Build, Revision} (-1 parts left out).
std::string as_ps_version(const Json& value, const Place& at);

// An integer written as a JSON number or as a decimal string.
std::optional<std::int64_t> integer_of(const Json& value);

}  // namespace casdoctor::snapshot_detail
