#!/usr/bin/env bash
# casdoctor build: the three written forms, unknown and unreadable builds.
source "$(dirname "$0")/lib/assert.bash"

run forms build 15.1.1531.3 15.01.1531.003 "Version 15.1 (Build 1531.3)" --format json
expect_rc 0
keep_json build-forms
expect_jq '.command == "build" and (.servers | length) == 3'
expect_jq '[.servers[] | .update] == ["CU10","CU10","CU10"]'
expect_jq '[.servers[] | .kb4294204] == ["fixed","fixed","fixed"]'
expect_jq '.servers[0].release_date == "2018-06-19" and .servers[0].product == "Exchange Server 2016"'

run susceptible build 15.0.1367.3 15.1.1415.2 14.3.411.0 15.2.1544.4 --format json
expect_rc 0
keep_json build-mixed
expect_jq '[.servers[] | .kb4294204] == ["susceptible","susceptible","not-applicable","not-applicable"]'
expect_jq '.servers[2].update == "SP3 RU22"'

run sp-only build "Version 14.3 (Build 123.4)" --format json
expect_rc 0
expect_jq '.servers[0].build_note | test("rollup")'

run unlisted build 15.1.2507.999 --format json
expect_rc 0
expect_jq '.servers[0].update == "CU23" and (.servers[0].build_note | test("not listed"))'

run unknown build 15.1.9999.1 --format json
expect_rc 1
keep_json build-unknown
expect_jq '.status == "warning" and .findings[0].id == "build.unknown"'

# An unreadable value: the others are still looked up (tests/e2e/build_table.sh).
run unreadable build 15.1.1531.3 "fifteen point one"
expect_rc 65
expect_out "CU10"
expect_err "fifteen point one"

run text build 15.1.1531.3
expect_rc 0
expect_out "CU10"

pass
