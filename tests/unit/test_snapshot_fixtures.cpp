// Every shape Windows PowerShell 5.1 writes (tests/fixtures/ps51/README.md)
// read into the same normalised values.
#include "snapshot_test_support.hpp"

using casdoctor::Snapshot;
using casdoctor::test::Lines;
using casdoctor::test::read_fixture;
using casdoctor::test::read_fixture_ok;
using casdoctor::test::summaries;
using casdoctor::test::summary;

namespace {

const Lines k_servers = {
    "EX2010A|EX2010A.contoso.com|Default-First-Site-Name|Mailbox,ClientAccess,HubTransport|"
    "14.3.123.4",
    "EX2016A|EX2016A.contoso.com|Default-First-Site-Name|Mailbox|15.1.1466.3",
    "EX2013A|EX2013A.contoso.com|Default-First-Site-Name|Mailbox,ClientAccess|15.0.1365.1",
};
const Lines k_cas = {"EX2010A|false", "EX2016A|false", "EX2013A|false"};
const Lines k_services = {
    "EX2016A|MSExchangeADTopology|4|2018-06-18T22:04:11Z",
    "EX2016A|W3SVC|4|2018-06-18T22:03:52Z",
    "EX2016A|WAS|4|2018-06-18T22:03:50Z",
    "EX2013A|MSExchangeADTopology|4|2018-06-19T11:45:00.250Z",
    "EX2013A|W3SVC|4|2018-06-19T11:46:30Z",
    "EX2013A|WAS|4|2018-06-19T11:46:29Z",
};
const Lines k_exsetup = {"EX2010A|14.3.399.2", "EX2016A|15.1.1466.3", "EX2013A|15.0.1365.1"};
const Lines k_audit = {
    "2018-06-19T08:00:00Z|contoso.com/Users/Seán O'Brien|Set-ClientAccessServer|EX2010A|"
    "Identity=EX2010A,IsOutOfService=True|true",
    "2018-06-19T10:30:00Z|contoso.com/Users/Seán O'Brien|Set-ClientAccessServer|EX2010A|"
    "Identity=EX2010A,IsOutOfService=False|true",
};
const Lines k_errors = {
    "EX2013B|services|Cannot open Service Control Manager on computer 'EX2013B' <RPC> & ping "
    "timed out",
};

void check_base_org(const Snapshot& s) {
  CHECK(summary(s.collected_at) == "2018-06-20T09:15:00Z");
  CHECK(s.collected_on == "EX2016A");
  CHECK(summaries(s.exchange_servers) == k_servers);
  CHECK(summaries(s.client_access_servers) == k_cas);
  CHECK(summaries(s.services) == k_services);
  CHECK(summaries(s.exsetup_versions) == k_exsetup);
  REQUIRE(s.audit.has_value());
  CHECK(summaries(*s.audit) == k_audit);
  CHECK(summaries(s.errors) == k_errors);
}

}  // namespace

TEST_CASE("fixtures keep the bytes PowerShell 5.1 writes", "[snapshot]") {
  // Guards against a checkout that normalises line endings or re-encodes.
  const std::string text = read_fixture("ps51/utf8-nobom.json");
  CHECK(text.starts_with("{\r\n    \"schema\":  \"casdoctor.snapshot/1\",\r\n"));
  CHECK(text.find("\"\\/Date(1529486100000)\\/\"") != std::string::npos);
  CHECK(text.find("\\u0027EX2013B\\u0027 \\u003cRPC\\u003e \\u0026") != std::string::npos);
  CHECK(text.find("O\\u0027Brien") != std::string::npos);
  CHECK(text.find('\n', 0) == text.find("\r\n", 0) + 1);
  CHECK(read_fixture("ps51/utf8-bom.json").starts_with("\xEF\xBB\xBF{\r\n"));
  CHECK(read_fixture("ps51/utf16le-bom.json").starts_with(std::string("\xFF\xFE{\0\r\0\n\0", 8)));
}

TEST_CASE("the same org in every encoding and framing", "[snapshot]") {
  for (const char* name : {"ps51/utf8-nobom.json", "ps51/utf8-bom.json", "ps51/utf16le-bom.json",
                           "ps51/compressed.json", "ps51/transcript.txt"}) {
    INFO("fixture: " << name);
    check_base_org(read_fixture_ok(name));
  }
}

TEST_CASE("single objects where lists belong (unrolled one-element pipelines)", "[snapshot]") {
  const Snapshot s = read_fixture_ok("ps51/single-object-lists.json");
  CHECK(summaries(s.exchange_servers) == Lines{k_servers[1]});
  CHECK(summaries(s.client_access_servers) == Lines{"EX2016A|false"});
  CHECK(summaries(s.services) == Lines{k_services[0]});
  CHECK(summaries(s.exsetup_versions) == Lines{"EX2016A|15.1.1466.3"});
  REQUIRE(s.audit.has_value());
  CHECK(summaries(*s.audit) == Lines{"2018-06-19T10:30:00Z|contoso.com/Users/Seán O'Brien|"
                                     "Set-ClientAccessServer|EX2010A|IsOutOfService=False|true"});
  CHECK(summaries(s.errors) == k_errors);
}

TEST_CASE("{\"value\": [...], \"Count\": n} lists", "[snapshot]") {
  const Snapshot s = read_fixture_ok("ps51/value-count-lists.json");
  CHECK(summaries(s.exchange_servers) == k_servers);
  CHECK(summaries(s.client_access_servers) == Lines{"EX2010A|false"});
  CHECK(summaries(s.services) == k_services);
  CHECK(summaries(s.exsetup_versions) == k_exsetup);
  REQUIRE(s.audit.has_value());
  CHECK(summaries(*s.audit) == k_audit);  // CmdletParameters wrapped as well
  CHECK(s.errors.empty());                // {"value": [], "Count": 0}
}

TEST_CASE("null and missing lists are empty: a missing audit is 'not collected'", "[snapshot]") {
  const Snapshot s = read_fixture_ok("ps51/null-missing-lists.json");
  CHECK(summaries(s.exchange_servers) == k_servers);
  CHECK(s.client_access_servers.empty());
  CHECK(s.services.empty());
  CHECK(s.exsetup_versions.empty());
  CHECK_FALSE(s.audit.has_value());
  CHECK(s.errors.empty());
}

TEST_CASE("empty lists in 5.1's layout: an empty audit is 'collected, nothing found'",
          "[snapshot]") {
  const Snapshot s = read_fixture_ok("ps51/empty-lists.json");
  CHECK(s.exchange_servers.empty());
  CHECK(s.client_access_servers.empty());
  CHECK(s.services.empty());
  CHECK(s.exsetup_versions.empty());
  REQUIRE(s.audit.has_value());
  CHECK(s.audit->empty());
  CHECK(s.errors.empty());
}

TEST_CASE("versions and sites as objects", "[snapshot]") {
  const Snapshot s = read_fixture_ok("ps51/object-versions.json");
  CHECK(summaries(s.exchange_servers) ==
        Lines{k_servers[0],
              "EX2016A|EX2016A.contoso.com|Default-First-Site-Name|Mailbox|15.1.1466.3",
              "EX2013A|EX2013A.contoso.com|Branch-Office|Mailbox,ClientAccess|15.0.1365.1"});
  // A string, System.Version {Major..Revision}, FileVersionInfo {FileMajorPart..}.
  CHECK(summaries(s.exsetup_versions) == k_exsetup);
}

TEST_CASE("enums and booleans as strings (deserialized objects)", "[snapshot]") {
  const Snapshot s = read_fixture_ok("ps51/string-enums.json");
  CHECK(summaries(s.exchange_servers) == k_servers);
  CHECK(summaries(s.client_access_servers) ==
        Lines{"EX2010A|true", "EX2016A|false", "EX2013A|false"});
  CHECK(summaries(s.services) == Lines{
                                     k_services[0],
                                     k_services[1],
                                     k_services[2],
                                     "EX2013A|MSExchangeADTopology|1|-",
                                     k_services[4],
                                     k_services[5],
                                 });
  REQUIRE(s.audit.has_value());
  CHECK(summaries(*s.audit) == k_audit);
}

TEST_CASE("dates with offsets, ISO 8601 and Get-Date objects", "[snapshot]") {
  const Snapshot s = read_fixture_ok("ps51/dates.json");
  CHECK(summary(s.collected_at) == "2018-06-20T09:15:00Z");
  CHECK(summaries(s.services) == Lines{
                                     "EX2016A|MSExchangeADTopology|4|2018-06-18T22:04:11Z",
                                     "EX2016A|W3SVC|4|2018-06-18T22:03:52Z",
                                     "EX2016A|WAS|4|2018-06-18T22:03:50.123Z",
                                     "EX2013A|MSExchangeADTopology|4|2018-06-19T11:45:00.250Z",
                                     "EX2013A|W3SVC|4|2018-06-19T11:46:30Z",
                                     "EX2013A|WAS|1|-",
                                 });
  REQUIRE(s.audit.has_value());
  CHECK(summaries(*s.audit) == k_audit);
}

TEST_CASE("unknown members are ignored and member names match in any case", "[snapshot]") {
  check_base_org(read_fixture_ok("ps51/unknown-members.json"));
}
