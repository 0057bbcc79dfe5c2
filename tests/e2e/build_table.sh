#!/usr/bin/env bash
# casdoctor build for a person: a look-up table (not a server report), every
# value looked up even when one is no build number (exit 65 then).
source "$(dirname "$0")/lib/assert.bash"

run table build 15.1.1415.2 15.00.1395.004 "Version 15.1 (Build 2507.6)" 14.3.411.0
expect_rc 0
head -1 "$OUT" | grep -q '^BUILD  *PRODUCT  *UPDATE  *RELEASED  *KB4294204  *SUPPORT$' ||
  fail "the first line is not the table's header"
expect_no_out "servers"
expect_no_out "OK:"
grep -q '^15\.1\.1415\.2  *Exchange Server 2016  *CU8  *2017-12-19  *NOT fixed (susceptible)  *\(until\|ended\) 2025-10-14' "$OUT" ||
  fail "no row for 15.1.1415.2"
grep -q '^15\.00\.1395\.004  *Exchange Server 2013  *CU21  *[0-9-]*  *fixed  *ended 2023-04-11' "$OUT" ||
  fail "no row for 15.00.1395.004"
grep -qF 'Version 15.1 (Build 2507.6)' "$OUT" || fail "the AdminDisplayVersion form is not shown as given"
grep -q '^14\.3\.411\.0  *Exchange Server 2010  *SP3 RU22 .*not affected  *ended 2020-10-13' "$OUT" ||
  fail "no row for 14.3.411.0"

run one-bad build 15.1.1531.3 "fifteen point one" 15.0.1367.3
expect_rc 65
expect_out "15.1.1531.3"
expect_out "15.0.1367.3"
grep -q "^fifteen point one  *not a build number" "$OUT" || fail "the bad value has no row"
expect_err "not a build number: 'fifteen point one'"

run one-bad-json build 15.1.1531.3 "fifteen point one" --format json
expect_rc 65
expect_jq '.command == "build" and (.servers | length) == 1 and .servers[0].update == "CU10"'
expect_err "fifteen point one"

run markdown build 15.1.1531.3 15.1.2507.999 --format markdown
expect_rc 0
head -1 "$OUT" | grep -q '^| BUILD *| PRODUCT' || fail "not a markdown table"
expect_out "- 15.1.2507.999: "

run unknown build 15.1.9999.1
expect_rc 1
expect_out "15.1.9999.1"

pass
