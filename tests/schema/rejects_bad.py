#!/usr/bin/python3
"""Prove that docs/report.schema.json is not vacuous.

Usage: rejects_bad.py SCHEMA

A complete, valid report (every member of the contract, plan and verification
included) must pass; each known-bad variant of it must be rejected, and for the
expected reason (the problem text must name the expected place). Uses the same
validator setup as validate_reports.py.
"""
import copy
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import validate_reports  # noqa: E402  (path set just above)

GOOD = {
    "schema": "casdoctor.report/1",
    "tool": {"name": "casdoctor", "version": "0.1.0"},
    "command": "remediate",
    "generated_at": "2018-06-20T09:00:00Z",
    "status": "critical",
    "exit_code": 2,
    "servers": [{
        "name": "EX16A", "fqdn": "ex16a.contoso.com", "site": "Berlin",
        "roles": ["Mailbox"], "product": "Exchange Server 2016", "update": "CU8",
        "build": "15.1.1415.2", "release_date": "2017-12-19", "kb4294204": "susceptible",
        "is_out_of_service": None, "build_note": "ExSetup and AdminDisplayVersion agree",
    }],
    "findings": [{
        "id": "kb4294204.stale-topology", "severity": "critical", "server": "EX16A",
        "summary": "EX16A still caches EX10A as out of service",
        "evidence": {"revert": {"server": "EX10A", "is_out_of_service": False}},
        "remedy": "Restart the topology service and IIS.\nPS> IISReset",
    }],
    "plan": {
        "dry_run": True, "created_at": "2018-06-20T09:00:00Z", "local_server": "EX16A",
        "targets": ["EX16A"], "evidence": ["EX16A: still caches EX10A as out of service"],
        "proof": [{"state": "proven", "outcome": "proxy-failure",
                   "logon": "proxy-failure, HTTP 500, X-CasErrorCode ServerNotFound",
                   "reason": "the logon through EX16A failed the way a stale cache fails"}],
        "notes": [],
        "steps": [{
            "server": "EX16A", "action": "restart-topology",
            "command": "Restart-Service -Name 'MSExchangeADTopology' -Force",
            "impact": ["MSExchangeIS restarts"], "status": "planned",
            "exit_code": None, "duration_ms": None, "output": None,
            "fqdn": "", "on_failure": "Start the services again.", "expect_running": [],
            "logon": None,
        }, {
            "server": "EX16A", "action": "verify-logon",
            "command": "casdoctor verify --url 'https://mail.contoso.com/owa' --user "
                       "'CONTOSO\\probe' --via 'EX16A=ex16a.contoso.com' --until-ok "
                       "--deadline '10m' --interval '10s'",
            "impact": [], "status": "failed", "exit_code": None, "duration_ms": 600000,
            "output": "attempt 1: proxy-failure, HTTP 500", "fqdn": "",
            "on_failure": "Check IsOutOfService.", "expect_running": [],
            "logon": {"url": "https://mail.contoso.com/owa", "user": "CONTOSO\\probe",
                      "address": "ex16a.contoso.com", "deadline_ms": 600000,
                      "interval_ms": 10000},
        }],
    },
    "verification": [{
        "url": "https://mail.contoso.com/owa", "via": "EX16A", "user": "CONTOSO\\probe",
        "outcome": "proxy-failure", "http_status": 500, "cas_error_code": "ServerNotFound",
        "fe_server": "EX16A", "be_server": None, "elapsed_ms": 812,
    }],
}


def setter(path, value):
    def mutate(doc):
        *parents, last = path
        for key in parents:
            doc = doc[key]
        doc[last] = value
    return mutate


def remover(path):
    def mutate(doc):
        *parents, last = path
        for key in parents:
            doc = doc[key]
        del doc[last]
    return mutate


# (name, mutation, text the problem report must contain)
BAD = [
    ("wrong status enum", setter(["status"], "error"), "status:"),
    ("missing schema member", remover(["schema"]), "'schema' is a required property"),
    ("other schema name", setter(["schema"], "casdoctor.report/2"), "schema:"),
    ("missing tool", remover(["tool"]), "'tool' is a required property"),
    ("missing exit_code", remover(["exit_code"]), "'exit_code' is a required property"),
    ("exit_code not in the contract", setter(["exit_code"], 4), "exit_code:"),
    ("exit_code as text", setter(["exit_code"], "2"), "exit_code:"),
    ("exit_code contradicts status", setter(["exit_code"], 0), "exit_code:"),
    ("unknown command", setter(["command"], "fix"), "command:"),
    ("local time", setter(["generated_at"], "2018-06-20 09:00:00"), "generated_at:"),
    ("unknown top-level member", setter(["finding"], []), "Additional properties"),
    ("kb4294204 value", setter(["servers", 0, "kb4294204"], "exposed"), "servers/0/kb4294204:"),
    ("is_out_of_service as text", setter(["servers", 0, "is_out_of_service"], "False"),
     "servers/0/is_out_of_service:"),
    ("missing is_out_of_service", remover(["servers", 0, "is_out_of_service"]),
     "'is_out_of_service' is a required property"),
    ("build_note not text", setter(["servers", 0, "build_note"], 1), "servers/0/build_note:"),
    ("build in long form", setter(["servers", 0, "build"], "Version 15.1 (Build 1415.2)"),
     "servers/0/build:"),
    ("roles as text", setter(["servers", 0, "roles"], "Mailbox"), "servers/0/roles:"),
    ("severity enum", setter(["findings", 0, "severity"], "error"), "findings/0/severity:"),
    ("finding id", setter(["findings", 0, "id"], "Stale Topology"), "findings/0/id:"),
    ("evidence not an object", setter(["findings", 0, "evidence"], "EX10A"),
     "findings/0/evidence:"),
    ("missing remedy", remover(["findings", 0, "remedy"]), "'remedy' is a required property"),
    ("plan step status", setter(["plan", "steps", 0, "status"], "done"),
     "plan/steps/0/status:"),
    ("plan without dry_run", remover(["plan", "dry_run"]), "'dry_run' is a required property"),
    ("plan step action", setter(["plan", "steps", 0, "action"], "reboot"),
     "plan/steps/0/action:"),
    ("plan step without fqdn", remover(["plan", "steps", 0, "fqdn"]),
     "'fqdn' is a required property"),
    ("plan step without on_failure", remover(["plan", "steps", 0, "on_failure"]),
     "'on_failure' is a required property"),
    ("plan without created_at", remover(["plan", "created_at"]),
     "'created_at' is a required property"),
    ("plan created_at local time", setter(["plan", "created_at"], "2018-06-20 09:00"),
     "plan/created_at:"),
    ("plan unknown member", setter(["plan", "approved_by"], "me"), "Additional properties"),
    ("plan without proof", remover(["plan", "proof"]), "'proof' is a required property"),
    ("proof state", setter(["plan", "proof", 0, "state"], "certain"), "plan/proof/0/state:"),
    ("proven without its logon", setter(["plan", "proof", 0, "logon"], None),
     "plan/proof/0/logon:"),
    ("proof outcome", setter(["plan", "proof", 0, "outcome"], "stale"), "plan/proof/0/outcome:"),
    ("logon on a restart step", setter(["plan", "steps", 0, "logon"],
                                       {"url": "https://x/owa", "user": "u", "address": "x",
                                        "deadline_ms": 1, "interval_ms": 1}),
     "plan/steps/0/logon:"),
    ("verify-logon without its logon", setter(["plan", "steps", 1, "logon"], None),
     "plan/steps/1/logon:"),
    ("verify-logon logon missing", remover(["plan", "steps", 1, "logon"]),
     "'logon' is a required property"),
    ("password in a logon", setter(["plan", "steps", 1, "logon", "password"], "secret"),
     "Additional properties"),
    ("logon deadline zero", setter(["plan", "steps", 1, "logon", "deadline_ms"], 0),
     "plan/steps/1/logon/deadline_ms:"),
    ("executed plan without its before state", setter(["plan", "dry_run"], False),
     "'before' is a required property"),
    ("dry run with a before state", setter(["plan", "before"],
                                           {"status": "critical", "findings": []}),
     "should not be valid"),
    ("before state status", lambda d: d["plan"].update(
        {"dry_run": False, "before": {"status": "bad", "findings": []}}),
     "plan/before/status:"),
    ("before state without findings", lambda d: d["plan"].update(
        {"dry_run": False, "before": {"status": "critical"}}),
     "'findings' is a required property"),
    ("verification outcome", setter(["verification", 0, "outcome"], "failed"),
     "verification/0/outcome:"),
    ("password in verification", setter(["verification", 0, "password"], "secret"),
     "Additional properties"),
]

# Variants the contract allows; they must pass.
GOOD_VARIANTS = [
    ("is_out_of_service true", setter(["servers", 0, "is_out_of_service"], True)),
    ("no build_note, extra server member", lambda d: (
        d["servers"][0].pop("build_note"), d["servers"][0].update({"edition": "Standard"}))),
    ("unknown build", setter(["servers", 0, "build"], "")),
    ("month-only release date", setter(["servers", 0, "release_date"], "2021-03")),
    ("milliseconds", setter(["generated_at"], "2018-06-20T09:00:00.250Z")),
    ("without plan and verification", lambda d: (d.pop("plan"), d.pop("verification"))),
    ("interrupted", setter(["exit_code"], 130)),
    ("step from before logon steps", lambda d: (d["plan"]["steps"][0].pop("logon"),
                                                d["plan"]["steps"].pop(1))),
    ("step interrupted", setter(["plan", "steps", 0, "status"], "interrupted")),
    ("plan with nothing to do", lambda d: d["plan"].update({"targets": [], "evidence": [],
                                                            "steps": []})),
    ("executed, with the state before the run", lambda d: d["plan"].update(
        {"dry_run": False, "before": {"status": "critical", "findings": [
            copy.deepcopy(GOOD["findings"][0])]}})),
    ("minimal", lambda d: [d.pop(k) for k in ("servers", "findings", "plan", "verification")]),
]


def variant(mutation):
    document = copy.deepcopy(GOOD)
    mutation(document)
    return document


def main(argv):
    if len(argv) != 2:
        print("usage: rejects_bad.py SCHEMA", file=sys.stderr)
        return 64
    validator = validate_reports.load_validator(pathlib.Path(argv[1]))
    failures = 0
    for name, mutation in [("complete report", lambda d: None)] + GOOD_VARIANTS:
        found = validate_reports.problems(validator, variant(mutation))
        failures += bool(found)
        print(f"{'FAIL' if found else 'ok  '} accepts {name}" + "".join(
            f"\n     {line}" for line in found))
    for name, mutation, expected in BAD:
        found = validate_reports.problems(validator, variant(mutation))
        right = any(expected in line for line in found)
        failures += not right
        why = f": got {found}" if found and not right else (": accepted" if not found else "")
        print(f"{'ok  ' if right else 'FAIL'} rejects {name}{why}")
    total = 1 + len(GOOD_VARIANTS) + len(BAD)
    print(f"{total - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
