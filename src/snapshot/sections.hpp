#pragma once
// One converter per list of casdoctor.snapshot/1: a JSON element (already
// split out of its list) to the normalised entry. Failures are ContentError.
#include "casdoctor/snapshot/snapshot.hpp"

#include "json_shape.hpp"

namespace casdoctor::snapshot_detail {

ExchangeServer to_exchange_server(const Json& element, const Place& at);
ClientAccessServer to_client_access_server(const Json& element, const Place& at);
ServiceEntry to_service_entry(const Json& element, const Place& at);
DependentService to_dependent_service(const Json& element, const Place& at);
AppPoolProcess to_app_pool_process(const Json& element, const Place& at);
ExSetupVersion to_exsetup_version(const Json& element, const Place& at);
AuditEntry to_audit_entry(const Json& element, const Place& at);
CollectError to_collect_error(const Json& element, const Place& at);

}  // namespace casdoctor::snapshot_detail
