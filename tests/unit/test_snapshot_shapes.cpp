// Each value in each form PowerShell may write it, read from small inline
// documents (the fixtures show the same shapes in full 5.1 layout).
#include "snapshot_test_support.hpp"

using casdoctor::Snapshot;
using casdoctor::test::join;
using casdoctor::test::Lines;
using casdoctor::test::read_error;
using casdoctor::test::read_ok;
using casdoctor::test::snapshot_doc;
using casdoctor::test::summaries;
using casdoctor::test::summary;

namespace {

// One Get-ExchangeServer entry with the given extra members.
casdoctor::ExchangeServer server_with(const std::string& members) {
  const Snapshot s =
      read_ok(snapshot_doc(R"("exchange_servers": [{"Name": "EX1", )" + members + "}]"));
  REQUIRE(s.exchange_servers.size() == 1);
  return s.exchange_servers[0];
}

casdoctor::ServiceEntry service_with(const std::string& members) {
  const Snapshot s =
      read_ok(snapshot_doc(R"("services": [{"Server": "EX1", "Name": "WAS", )" + members + "}]"));
  REQUIRE(s.services.size() == 1);
  return s.services[0];
}

casdoctor::AuditEntry audit_with(const std::string& members) {
  const Snapshot s =
      read_ok(snapshot_doc(R"("audit": [{"RunDate": "2018-06-19T08:00:00Z")" +
                           std::string(members.empty() ? "" : ", ") + members + "}]"));
  REQUIRE(s.audit.has_value());
  REQUIRE(s.audit->size() == 1);
  return (*s.audit)[0];
}

}  // namespace

TEST_CASE("ServerRole as flags, names or lists, in bit order", "[snapshot]") {
  const std::string all =
      "Cafe,Mailbox,ClientAccess,UnifiedMessaging,HubTransport,Edge,FrontendTransport";
  const struct {
    const char* json;
    std::string roles;
  } cases[] = {
      {"0", ""},
      {"2", "Mailbox"},
      {"38", "Mailbox,ClientAccess,HubTransport"},
      {"6.0", "Mailbox,ClientAccess"},
      {"16503", all},
      {"45185", "Cafe,Monitoring,ProvisionedServer,LanguagePacks,CafeArray"},
      {"258", "Mailbox,Unknown(256)"},
      {"null", ""},
      {R"("6")", "Mailbox,ClientAccess"},
      {R"("Mailbox, ClientAccess")", "Mailbox,ClientAccess"},
      {R"("hubtransport,MAILBOX")", "Mailbox,HubTransport"},
      {R"(" Mailbox ,, ClientAccess ")", "Mailbox,ClientAccess"},
      {R"("None")", ""},
      {R"("")", ""},
      {R"("All")", all},
      {R"("Mailbox, ManagementFrontEnd, Mailbox")", "Mailbox,ManagementFrontEnd"},
      {R"(["ClientAccess", "Mailbox"])", "Mailbox,ClientAccess"},
      {R"(["Mailbox, HubTransport", 4])", "Mailbox,ClientAccess,HubTransport"},
      {R"({"value": ["Mailbox"], "Count": 1})", "Mailbox"},
  };
  for (const auto& c : cases) {
    INFO("ServerRole: " << c.json);
    CHECK(join(server_with(std::string(R"("ServerRole": )") + c.json).roles, ",") == c.roles);
  }
  CHECK(server_with(R"("Fqdn": null)").roles.empty());  // missing
}

TEST_CASE("AdminDisplayVersion as text or as an object", "[snapshot]") {
  const struct {
    const char* json;
    const char* version;  // "-" for none
  } cases[] = {
      {R"j("Version 15.1 (Build 1531.3)")j", "15.1.1531.3"},
      {R"j("Version 14.3 (Build 123.4)")j", "14.3.123.4"},
      {R"({"Major": 15, "Minor": 1, "Build": 1531, "Revision": 3,
           "FilePatchLevelDescription": null})",
       "15.1.1531.3"},
      {R"({"major": "15", "minor": "0", "build": "1395", "revision": "4"})", "15.0.1395.4"},
      {"null", "-"},
  };
  for (const auto& c : cases) {
    INFO("AdminDisplayVersion: " << c.json);
    const auto server = server_with(std::string(R"("AdminDisplayVersion": )") + c.json);
    CHECK((server.admin_display_version ? to_short_form(*server.admin_display_version) : "-") ==
          c.version);
  }
  CHECK_FALSE(server_with(R"("Fqdn": "x")").admin_display_version.has_value());
}

TEST_CASE("ExSetup FileVersion in its written forms and as version objects", "[snapshot]") {
  for (const char* json : {
           R"("15.01.1531.003")",
           R"("15.1.1531.3")",
           R"(" Version 15.1 (Build 1531.3) ")",
           R"({"Major": 15, "Minor": 1, "Build": 1531, "Revision": 3, "MajorRevision": 0})",
           R"({"FileMajorPart": 15, "FileMinorPart": 1, "FileBuildPart": 1531,
               "FilePrivatePart": 3, "FileVersion": "15.01.1531.003"})",
       }) {
    INFO("FileVersion: " << json);
    const Snapshot s = read_ok(snapshot_doc(
        std::string(R"("exsetup_versions": [{"Server": "EX1", "FileVersion": )") + json + "}]"));
    CHECK(summaries(s.exsetup_versions) == Lines{"EX1|15.1.1531.3"});
  }
}

TEST_CASE("Site as an AD path, a name or an ADObjectId", "[snapshot]") {
  const struct {
    const char* json;
    const char* site;
  } cases[] = {
      {R"("contoso.com/Configuration/Sites/Default-First-Site-Name")", "Default-First-Site-Name"},
      {R"("contoso.com/Configuration/Sites/Branch/")", "Branch"},
      {R"("Branch")", "Branch"},
      {R"({"Name": "Branch", "DistinguishedName": "CN=Branch,CN=Sites,CN=Configuration"})",
       "Branch"},
      {"null", ""},
  };
  for (const auto& c : cases) {
    INFO("Site: " << c.json);
    CHECK(server_with(std::string(R"("Site": )") + c.json).site == c.site);
  }
}

TEST_CASE("Fqdn may be missing or null", "[snapshot]") {
  CHECK(server_with(R"("Fqdn": null)").fqdn.empty());
  CHECK(server_with(R"("FQDN": "ex1.contoso.com")").fqdn == "ex1.contoso.com");
}

TEST_CASE("service Status as a number, a numeric string or a name", "[snapshot]") {
  using casdoctor::ServiceStatus;
  const struct {
    const char* json;
    ServiceStatus status;
  } cases[] = {
      {"1", ServiceStatus::stopped},
      {"2", ServiceStatus::start_pending},
      {"3", ServiceStatus::stop_pending},
      {"4", ServiceStatus::running},
      {"5", ServiceStatus::continue_pending},
      {"6", ServiceStatus::pause_pending},
      {"7", ServiceStatus::paused},
      {"4.0", ServiceStatus::running},
      {R"("4")", ServiceStatus::running},
      {R"("Running")", ServiceStatus::running},
      {R"(" running ")", ServiceStatus::running},
      {R"("STOPPED")", ServiceStatus::stopped},
      {R"("StartPending")", ServiceStatus::start_pending},
      {R"("StopPending")", ServiceStatus::stop_pending},
      {R"("ContinuePending")", ServiceStatus::continue_pending},
      {R"("PausePending")", ServiceStatus::pause_pending},
      {R"("Paused")", ServiceStatus::paused},
  };
  for (const auto& c : cases) {
    INFO("Status: " << c.json);
    CHECK(service_with(std::string(R"("Status": )") + c.json).status == c.status);
  }
  for (const char* json : {"0", "8", "-1", "4.5", "true", "null", R"("Started")", R"("")"}) {
    INFO("Status: " << json);
    const std::string message = read_error(snapshot_doc(
        std::string(R"("services": [{"Server": "EX1", "Name": "WAS", "Status": )") + json + "}]"));
    CHECK(message.starts_with("snap.json: /services/0/Status: expected a service status"));
  }
}

TEST_CASE("StartTime in every date form: empty and null mean no time", "[snapshot]") {
  const struct {
    const char* json;
    const char* time;
  } cases[] = {
      {R"("\/Date(1529395200000)\/")", "2018-06-19T08:00:00Z"},
      {R"("/Date(1529395200000)/")", "2018-06-19T08:00:00Z"},
      {R"("\/Date(1529395200000+0200)\/")", "2018-06-19T08:00:00Z"},
      {R"("\/Date(1529395200000-0500)\/")", "2018-06-19T08:00:00Z"},
      {R"("\/Date(-1000)\/")", "1969-12-31T23:59:59Z"},
      {R"("2018-06-19T10:00:00+02:00")", "2018-06-19T08:00:00Z"},
      {R"("2018-06-19T08:00:00.1234567Z")", "2018-06-19T08:00:00.123Z"},
      {R"("2018-06-19")", "2018-06-19T00:00:00Z"},
      {R"({"value": "\/Date(1529395200000)\/", "DisplayHint": 2,
           "DateTime": "Tuesday, June 19, 2018 10:00:00 AM"})",
       "2018-06-19T08:00:00Z"},
      {R"("")", "-"},
      {R"("  ")", "-"},
      {"null", "-"},
  };
  for (const auto& c : cases) {
    INFO("StartTime: " << c.json);
    CHECK(summary(service_with(std::string(R"("Status": 4, "StartTime": )") + c.json).start_time) ==
          c.time);
  }
  CHECK(summary(service_with(R"("Status": 4)").start_time) == "-");
}

TEST_CASE("IsOutOfService as a boolean or its text: absent stays unknown", "[snapshot]") {
  const struct {
    const char* json;
    const char* value;
  } cases[] = {
      {"true", "true"},        {"false", "false"},      {R"("True")", "true"},
      {R"("FALSE")", "false"}, {R"(" true ")", "true"}, {"null", "-"},
  };
  for (const auto& c : cases) {
    INFO("IsOutOfService: " << c.json);
    const Snapshot s = read_ok(snapshot_doc(
        std::string(R"("client_access_servers": [{"Name": "EX1", "IsOutOfService": )") + c.json +
        "}]"));
    CHECK(summaries(s.client_access_servers) == Lines{std::string("EX1|") + c.value});
  }
  const Snapshot s = read_ok(snapshot_doc(R"("client_access_servers": [{"Name": "EX1"}])"));
  CHECK(summaries(s.client_access_servers) == Lines{"EX1|-"});
}

TEST_CASE("audit parameters keep their values as text", "[snapshot]") {
  const auto entry = audit_with(R"("CmdletParameters": [
      {"Name": "IsOutOfService", "Value": "True"}, {"Name": "A", "Value": true},
      {"Name": "B", "Value": false}, {"Name": "C", "Value": 5}, {"Name": "D", "Value": 1.5},
      {"Name": "E", "Value": null}, {"Name": "F"}, {"name": "G", "value": "x"}])");
  CHECK(casdoctor::test::summaries(std::vector{entry}) ==
        Lines{"2018-06-19T08:00:00Z||||IsOutOfService=True,A=True,B=False,C=5,D=1.5,E=,F=,G=x|"
              "true"});
}

TEST_CASE("audit CmdletParameters in every list shape", "[snapshot]") {
  for (const char* json : {
           R"([{"Name": "IsOutOfService", "Value": "False"}])",
           R"({"Name": "IsOutOfService", "Value": "False"})",
           R"({"value": [{"Name": "IsOutOfService", "Value": "False"}], "Count": 1})",
       }) {
    INFO("CmdletParameters: " << json);
    const auto entry = audit_with(std::string(R"("CmdletParameters": )") + json);
    REQUIRE(entry.parameters.size() == 1);
    CHECK(entry.parameters[0].name == "IsOutOfService");
    CHECK(entry.parameters[0].value == "False");
  }
  CHECK(audit_with(R"("CmdletParameters": null)").parameters.empty());
  CHECK(audit_with("").parameters.empty());
}

TEST_CASE("audit Succeeded defaults to true", "[snapshot]") {
  CHECK(audit_with("").succeeded);
  CHECK(audit_with(R"("Succeeded": null)").succeeded);
  CHECK(audit_with(R"("Succeeded": true)").succeeded);
  CHECK_FALSE(audit_with(R"("Succeeded": false)").succeeded);
  CHECK_FALSE(audit_with(R"("Succeeded": "False")").succeeded);
}

TEST_CASE("audit: missing or null is 'not collected', an empty list is 'none found'",
          "[snapshot]") {
  CHECK_FALSE(read_ok(snapshot_doc()).audit.has_value());
  CHECK_FALSE(read_ok(snapshot_doc(R"("audit": null)")).audit.has_value());
  for (const char* json : {"[]", R"({"value": [], "Count": 0})"}) {
    INFO("audit: " << json);
    const Snapshot s = read_ok(snapshot_doc(std::string(R"("audit": )") + json));
    REQUIRE(s.audit.has_value());
    CHECK(s.audit->empty());
  }
}

TEST_CASE("an object with a \"value\" member is a wrapper only when that is all it has",
          "[snapshot]") {
  // A wrapper without Count still reads as one.
  Snapshot s = read_ok(snapshot_doc(R"("exchange_servers": {"value": [{"Name": "A"}]})"));
  CHECK(summaries(s.exchange_servers) == Lines{"A||||-"});
  // A single entry that happens to have a "value" member.
  s = read_ok(snapshot_doc(R"("exchange_servers": {"Name": "B", "value": [{"x": 1}, 2]})"));
  CHECK(summaries(s.exchange_servers) == Lines{"B||||-"});
  // Its "value" elements are not reported even when they would be bad entries.
  s = read_ok(snapshot_doc(R"("services": {"Server": "EX1", "Name": "WAS", "Status": 4,
                                           "Value": ["junk"]})"));
  CHECK(summaries(s.services) == Lines{"EX1|WAS|4|-"});
  // And a wrapper's errors are reported at their place.
  CHECK(read_error(snapshot_doc(R"("services": {"value": [{"Server": "EX1"}], "Count": 1})")) ==
        "snap.json: /services/value/0: missing member \"Name\"");
  // Anything besides value and Count makes it an entry.
  CHECK(read_error(snapshot_doc(R"("services": {"value": [], "Count": 0, "Extra": 1})")) ==
        "snap.json: /services: missing member \"Server\"");
}

TEST_CASE("root members match without regard to case: unknown ones are skipped", "[snapshot]") {
  const Snapshot s = read_ok(
      R"({"SCHEMA": "casdoctor.snapshot/1", "Collected_At": "2018-06-19T08:00:00Z",
          "COLLECTED_ON": "EX1", "extra": {"deep": [[[{"services": 5}]]]},
          "Exchange_Servers": [{"Name": "EX1"}], "more": [1, "two", null]})");
  CHECK(summary(s.collected_at) == "2018-06-19T08:00:00Z");
  CHECK(s.collected_on == "EX1");
  CHECK(summaries(s.exchange_servers) == Lines{"EX1||||-"});
}

TEST_CASE("a minimal document: nothing but the schema", "[snapshot]") {
  const Snapshot s = read_ok(snapshot_doc());
  CHECK_FALSE(s.collected_at.has_value());
  CHECK(s.collected_on.empty());
  CHECK(s.exchange_servers.empty());
  CHECK(s.client_access_servers.empty());
  CHECK(s.services.empty());
  CHECK(s.exsetup_versions.empty());
  CHECK_FALSE(s.audit.has_value());
  CHECK(s.errors.empty());
  const Snapshot nulls = read_ok(snapshot_doc(R"("collected_at": null, "collected_on": null)"));
  CHECK_FALSE(nulls.collected_at.has_value());
  CHECK(nulls.collected_on.empty());
}

TEST_CASE("collection errors: every member optional", "[snapshot]") {
  const Snapshot s = read_ok(snapshot_doc(
      R"("errors": [{"Server": "EX1", "Step": "services", "Message": "access denied"},
                    {"Step": "audit", "Message": null}, {}])"));
  CHECK(summaries(s.errors) == Lines{"EX1|services|access denied", "|audit|", "||"});
}
