// Inputs that are not a snapshot: one line naming the place, exit 65.
#include "snapshot_test_support.hpp"

using casdoctor::test::read_error;
using casdoctor::test::read_fixture;
using casdoctor::test::snapshot_doc;

namespace {

std::string fixture_error(const std::string& name) {
  return read_error(read_fixture("ps51/bad/" + name), name);
}

}  // namespace

TEST_CASE("bad fixtures give one precise line each", "[snapshot]") {
  const struct {
    const char* fixture;
    const char* message;
  } cases[] = {
      {"truncated.json",
       "truncated.json:81:17: invalid JSON: syntax error while parsing value - unexpected end of "
       "input; expected '[', '{', or a literal"},
      {"begin-without-end.txt",
       "begin-without-end.txt: truncated: begin marker at line 24 but no end marker"},
      {"two-begin-markers.txt",
       "two-begin-markers.txt: second begin marker at line 187 (the first is at line 24): the "
       "input holds more than one snapshot"},
      {"wrong-schema.json",
       "wrong-schema.json: /schema: expected \"casdoctor.snapshot/1\", got "
       "\"casdoctor.snapshot/2\""},
      {"bad-status.json",
       "bad-status.json: /services/2/Status: expected a service status (1-7 or a name like "
       "\"Running\"), got \"Bogus\""},
      {"bad-version.json",
       "bad-version.json: /exchange_servers/value/1/AdminDisplayVersion: expected a version like "
       "\"Version 15.1 (Build 1531.3)\" or an object with Major, Minor, Build and Revision, got "
       "\"Version 15.1 (Build unknown)\""},
      {"utf16le-nobom.json",
       "utf16le-nobom.json: NUL byte at byte offset 1: the input looks like UTF-16LE without a "
       "byte order mark; save it as UTF-8, or as UTF-16 with its byte order mark (Out-File "
       "-Encoding Unicode)"},
      {"ansi-cp1252.json",
       "ansi-cp1252.json: invalid UTF-8 at byte offset 4444 (byte 0xE1): the input is neither "
       "UTF-8 nor UTF-16 with a byte order mark; Windows PowerShell 5.1 Set-Content/Add-Content "
       "write the ANSI code page unless given -Encoding UTF8"},
      {"not-a-snapshot.json",
       "not-a-snapshot.json: the document is an array, expected an object with \"schema\": "
       "\"casdoctor.snapshot/1\""},
  };
  for (const auto& c : cases) {
    INFO("fixture: " << c.fixture);
    CHECK(fixture_error(c.fixture) == c.message);
  }
}

TEST_CASE("syntax errors name line and column of the original input", "[snapshot]") {
  const struct {
    std::string input;
    const char* message;
  } cases[] = {
      {"{\"schema\": tru}",
       "s.json:1:15: invalid JSON: syntax error while parsing value - "
       "invalid literal; last read: '\"schema\": tru}'"},
      {"{\r\n    \"a\":  1,\r\n}\r\n",
       "s.json:3:1: invalid JSON: syntax error while parsing object key - unexpected '}'; "
       "expected string literal"},
      // Columns count characters, not bytes.
      {"{\"é€\": 1 2}",
       "s.json:1:10: invalid JSON: syntax error while parsing object - "
       "unexpected number literal; expected '}'"},
      // Lines count from the start of the transcript, not of the document.
      {"banner\r\nWARNING: x\r\n--- casdoctor:begin ---\r\n{\r\n  \"a\": [1,,]\r\n}\r\n"
       "--- casdoctor:end ---\r\n",
       "s.json:5:11: invalid JSON: syntax error while parsing value - unexpected ','; expected "
       "'[', '{', or a literal"},
      // Trailing text after the document.
      {snapshot_doc() + "\r\nPS C:\\> ",
       "s.json:2:1: invalid JSON: syntax error while parsing value - invalid literal; last read: "
       "'\"casdoctor.snapshot/1\"}<U+000D><U+000A>P'; expected end of input"},
      // A control character inside a string: still one line.
      {"{\"schema\": \"a\nb\"}",
       "s.json:1:14: invalid JSON: syntax error while parsing value - invalid string: control "
       "character U+000A (LF) must be escaped to \\u000A or \\n; last read: '\"a<U+000A>'"},
  };
  for (const auto& c : cases) {
    INFO("input: " << c.input);
    CHECK(read_error(c.input, "s.json") == c.message);
  }
}

TEST_CASE("a transcript without markers gets a hint", "[snapshot]") {
  const std::string message =
      read_error("Welcome to the Exchange Management Shell!\r\n" + snapshot_doc(), "t.txt");
  CHECK(message.starts_with("t.txt:1:1: invalid JSON: "));
  CHECK(
      message.ends_with("(a transcript needs the lines --- casdoctor:begin --- and --- "
                        "casdoctor:end --- around the document)"));
}

TEST_CASE("empty input and empty documents", "[snapshot]") {
  CHECK(read_error("") == "snap.json: no JSON document: the input is empty");
  CHECK(read_error("\xEF\xBB\xBF \r\n") == "snap.json: no JSON document: the input is empty");
  CHECK(read_error("x\n--- casdoctor:begin ---\n\n--- casdoctor:end ---\n") ==
        "snap.json: no JSON document between the markers");
}

TEST_CASE("the root must be a casdoctor.snapshot/1 object", "[snapshot]") {
  const struct {
    std::string input;
    const char* message;
  } cases[] = {
      {"\"casdoctor.snapshot/1\"",
       "snap.json: the document is \"casdoctor.snapshot/1\", expected an object with \"schema\": "
       "\"casdoctor.snapshot/1\""},
      {"{}",
       "snap.json: /: missing member \"schema\" (expected \"casdoctor.snapshot/1\"; is this a "
       "casdoctor snapshot?)"},
      {R"({"schema": null})", "snap.json: /schema: expected \"casdoctor.snapshot/1\", got null"},
      {R"({"Schema": 1})", "snap.json: /Schema: expected \"casdoctor.snapshot/1\", got 1"},
      // The schema wins over content errors wherever it stands.
      {R"({"services": 5, "schema": "other"})",
       "snap.json: /schema: expected \"casdoctor.snapshot/1\", got \"other\""},
  };
  for (const auto& c : cases) {
    INFO("input: " << c.input);
    CHECK(read_error(c.input) == c.message);
  }
}

TEST_CASE("content errors name the JSON pointer and what was expected", "[snapshot]") {
  const struct {
    std::string members;
    const char* message;
  } cases[] = {
      {R"("exchange_servers": [{"Name": "EX1"}, {"Fqdn": "x"}])",
       "/exchange_servers/1: missing member \"Name\""},
      {R"("exchange_servers": [{"Name": ""}])",
       "/exchange_servers/0/Name: expected a non-empty string, got \"\""},
      {R"("exchange_servers": {"Name": 7})",
       "/exchange_servers/Name: expected a non-empty string, got 7"},
      {R"("exchange_servers": [{"Name": "EX1", "ServerRole": true}])",
       "/exchange_servers/0/ServerRole: expected server roles (a flags number like 6 or names "
       "like \"Mailbox, ClientAccess\"), got true"},
      {R"("exchange_servers": [{"Name": "EX1", "AdminDisplayVersion": {"Major": 15, "Minor": 1,
          "Build": 1531}}])",
       "/exchange_servers/0/AdminDisplayVersion: missing member \"Revision\""},
      {R"("exchange_servers": [{"Name": "EX1", "AdminDisplayVersion": {"Major": 15, "Minor": -1,
          "Build": 1531, "Revision": 3}}])",
       "/exchange_servers/0/AdminDisplayVersion/Minor: expected a non-negative whole number, got "
       "-1"},
      {R"("exchange_servers": [{"Name": "EX1", "Site": 5}])",
       "/exchange_servers/0/Site: expected a site name, a path like "
       "\"contoso.com/Configuration/Sites/Default-First-Site-Name\" or an object with Name, got 5"},
      {R"("exchange_servers": ["EX1"])",
       "/exchange_servers/0: expected an object (a Get-ExchangeServer entry) (was ConvertTo-Json "
       "given a -Depth too small?), got \"EX1\""},
      {R"("client_access_servers": [{"Name": "EX1", "IsOutOfService": "yes"}])",
       "/client_access_servers/0/IsOutOfService: expected true/false or \"True\"/\"False\", got "
       "\"yes\""},
      {R"("services": [{"Server": "EX1", "Name": "WAS", "Status": 9}])",
       "/services/0/Status: expected a service status (1-7 or a name like \"Running\"), got 9"},
      {R"("services": [{"Server": "EX1", "Name": "WAS"}])",
       "/services/0: missing member \"Status\""},
      {R"("services": [{"Server": "EX1", "Name": "WAS", "Status": 4, "StartTime":
          "6/19/2018 8:00:00 AM"}])",
       "/services/0/StartTime: expected a date (\"/Date(ms)/\" or ISO 8601 like "
       "\"2018-06-19T08:00:00Z\"), got \"6/19/2018 8:00:00 AM\""},
      {R"("exsetup_versions": [{"Server": "EX1"}])",
       "/exsetup_versions/0: missing member \"FileVersion\""},
      {R"("exsetup_versions": [{"Server": "EX1", "FileVersion": "15.1"}])",
       "/exsetup_versions/0/FileVersion: expected a file version like \"15.1.1531.3\" or an "
       "object with Major, Minor, Build and Revision, got \"15.1\""},
      {R"("audit": [{"Caller": "x"}])", "/audit/0: missing member \"RunDate\""},
      {R"("audit": [{"RunDate": null}])",
       "/audit/0/RunDate: expected a date (\"/Date(ms)/\" or ISO 8601 like "
       "\"2018-06-19T08:00:00Z\"), got null"},
      {R"("audit": [{"RunDate": "2018-06-19", "CmdletParameters": ["IsOutOfService"]}])",
       "/audit/0/CmdletParameters/0: expected an object with Name and Value (was ConvertTo-Json "
       "given a -Depth too small?), got \"IsOutOfService\""},
      {R"("audit": [{"RunDate": "2018-06-19", "CmdletParameters": [{"Name": "Identity",
          "Value": ["a", "b"]}]}])",
       "/audit/0/CmdletParameters/0/Value: expected a string, a boolean or a number, got an array"},
      {R"("errors": [{"Message": {"Exception": "x"}}])",
       "/errors/0/Message: expected a string, got an object"},
      {R"("services": "none")",
       "/services: expected a list (an array, an object, {\"value\": [...], \"Count\": n} or "
       "null), got \"none\""},
      {R"("collected_at": "yesterday")",
       "/collected_at: expected a date (\"/Date(ms)/\" or ISO 8601 like "
       "\"2018-06-19T08:00:00Z\"), got \"yesterday\""},
      {R"("collected_on": ["EX1"])", "/collected_on: expected a string, got an array"},
      {R"("services": {"value": [{"Server": "EX1", "Name": "WAS", "Status": 4}], "Count": 2})",
       "/services/Count: says 2 but the list has 1 elements (the document was altered or cut)"},
      {R"("services": [{"Server": "EX1", "Name": "WAS", "Status": 4, "status": 1}])",
       "/services/0: members \"Status\" and \"status\" differ only in case (PowerShell member "
       "names are case-insensitive)"},
      {R"("services": [], "Services": [])",
       "/Services: the member appears twice (first as \"services\")"},
      // An ADObjectId without its Name.
      {R"("exchange_servers": {"value": [{"Name": "a", "Site": {"N/a~me": 1}}]})",
       "/exchange_servers/value/0/Site: missing member \"Name\""},
      // The first problem in document order is reported.
      {R"("services": [{"Server": "EX1", "Name": "WAS", "Status": 0}],
          "audit": [{"Caller": "x"}])",
       "/services/0/Status: expected a service status (1-7 or a name like \"Running\"), got 0"},
      // Long values are shortened in the message.
      {R"("services": [{"Server": "EX1", "Name": "WAS", "Status": ")" + std::string(100, 'x') +
           R"("}])",
       "/services/0/Status: expected a service status (1-7 or a name like \"Running\"), got "
       "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\""},
  };
  for (const auto& c : cases) {
    INFO("members: " << c.members);
    CHECK(read_error(snapshot_doc(c.members)) == std::string("snap.json: ") + c.message);
  }
}

TEST_CASE("odd member names are ignored, or compared after unescaping", "[snapshot]") {
  const std::string message =
      read_error(snapshot_doc(R"("exchange_servers": {"a/b~c\nd": 1, "Name": 5})"));
  CHECK(message == "snap.json: /exchange_servers/Name: expected a non-empty string, got 5");
  const std::string duplicate = read_error(snapshot_doc(R"("services": [], "service\u0073": [])"));
  CHECK(duplicate == "snap.json: /services: the member appears twice (first as \"services\")");
}

TEST_CASE("absurd nesting is refused instead of exhausting the stack", "[snapshot]") {
  const std::string deep =
      snapshot_doc(R"("x": )" + std::string(100000, '[') + std::string(100000, ']'));
  CHECK(read_error(deep) == "snap.json: the document nests deeper than any snapshot does");
}
