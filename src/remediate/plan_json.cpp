// plan_from_json. The file may have travelled through a ticket system and
// been edited on the way: every member is checked, and every command must be
// exactly the one casdoctor makes for its step, so that nothing but the
// planned workaround can run from a saved plan.
#include "casdoctor/remediate/plan_json.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "casdoctor/core/ps_quote.hpp"
#include "casdoctor/remediate/plan.hpp"
#include "casdoctor/remediate/proof.hpp"
#include "casdoctor/report/report.hpp"
#include "casdoctor/verify/targets.hpp"

namespace casdoctor {
namespace {

using Json = nlohmann::json;

// Thrown inside this file only; plan_from_json turns it into an Error.
struct Invalid : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string type_of(const Json& value) {
  return value.is_number_integer() ? "an integer" : std::string("a ").append(value.type_name());
}

// The document itself is written "/" (JSON pointer "" reads badly in a message).
[[noreturn]] void fail(const std::string& pointer, std::string_view what) {
  throw Invalid(std::string(pointer.empty() ? "/" : pointer).append(": ").append(what));
}

// A JSON object and where it stands in the document.
class Object {
 public:
  Object(const Json& value, std::string pointer) : value_(value), pointer_(std::move(pointer)) {
    if (!value_.is_object()) fail(pointer_, "expected an object, got " + type_of(value_));
  }
  std::string pointer(std::string_view key) const {
    return std::string(pointer_).append("/").append(key);
  }
  const Json& member(std::string_view key) const {
    const auto it = value_.find(key);
    if (it == value_.end()) fail(pointer(key), "missing");
    return *it;
  }
  const Json& typed(std::string_view key, bool ok, std::string_view expected) const {
    const auto& value = member(key);
    if (!ok)
      fail(pointer(key), std::string("expected ").append(expected) + ", got " + type_of(value));
    return value;
  }
  std::string text(std::string_view key) const {
    const auto& value = member(key);
    if (!value.is_string()) fail(pointer(key), "expected a string, got " + type_of(value));
    return value.get<std::string>();
  }
  bool boolean(std::string_view key) const {
    const auto& value = member(key);
    if (!value.is_boolean()) fail(pointer(key), "expected true or false, got " + type_of(value));
    return value.get<bool>();
  }
  std::vector<std::string> texts(std::string_view key) const {
    const auto& value = member(key);
    if (!value.is_array())
      fail(pointer(key), "expected an array of strings, got " + type_of(value));
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) {
        fail(pointer(key) + "/" + std::to_string(i), "expected a string, got " + type_of(value[i]));
      }
      out.push_back(value[i].get<std::string>());
    }
    return out;
  }
  // An integer in [min, max], or null.
  std::optional<std::int64_t> integer_or_null(std::string_view key, std::int64_t min,
                                              std::int64_t max) const {
    const auto& value = member(key);
    if (value.is_null()) return std::nullopt;
    if (!value.is_number_integer())
      fail(pointer(key), "expected an integer or null, got " + type_of(value));
    if (value.is_number_unsigned() &&
        value.get<std::uint64_t>() > static_cast<std::uint64_t>(max)) {
      fail(pointer(key), "out of range");
    }
    const auto number = value.get<std::int64_t>();
    if (number < min || number > max) fail(pointer(key), "out of range");
    return number;
  }
  const Json& json() const { return value_; }

 private:
  const Json& value_;
  std::string pointer_;
};

StepAction action_of(const Object& step) {
  const auto text = step.text("action");
  const auto action = step_action_from(text);
  if (!action) {
    fail(step.pointer("action"),
         "unknown action \"" + text +
             "\" (restart-topology, iisreset, check-services or verify-logon)");
  }
  return *action;
}

StepStatus status_of(const Object& step) {
  const auto text = step.text("status");
  const auto status = step_status_from(text);
  if (!status) fail(step.pointer("status"), "unknown status \"" + text + "\"");
  return *status;
}

void read_result(const Object& step, PlanStep& out) {
  out.status = status_of(step);
  if (auto code = step.integer_or_null("exit_code", std::numeric_limits<int>::min(),
                                       std::numeric_limits<int>::max())) {
    out.exit_code = static_cast<int>(*code);
  }
  out.duration_ms =
      step.integer_or_null("duration_ms", 0, std::numeric_limits<std::int64_t>::max());
  const auto& output = step.member("output");
  if (!output.is_null() && !output.is_string()) {
    fail(step.pointer("output"), "expected a string or null, got " + type_of(output));
  }
  if (output.is_string()) out.output = output.get<std::string>();
}

std::chrono::milliseconds positive_ms(const Object& logon, std::string_view key) {
  const auto value = logon.integer_or_null(key, 1, std::numeric_limits<std::int64_t>::max());
  if (!value) fail(logon.pointer(key), "expected a positive integer, got null");
  return std::chrono::milliseconds(*value);
}

// A value the step's command places into PowerShell (core/ps_quote.hpp).
void refuse_unfit(const std::string& pointer, std::string_view value, std::size_t max_length) {
  if (auto problem = ps_value_problem(value, max_length)) fail(pointer, *problem);
}

// Checked as the command line would check them: a saved plan is input.
LogonCheck read_logon(const Object& logon) {
  LogonCheck out;
  refuse_unfit(logon.pointer("url"), logon.text("url"), ps_limit::url);
  refuse_unfit(logon.pointer("user"), logon.text("user"), ps_limit::user);
  refuse_unfit(logon.pointer("address"), logon.text("address"), ps_limit::address);
  out.url = logon.text("url");
  if (auto ok = check_owa_url(out.url); !ok) fail(logon.pointer("url"), ok.error().message);
  out.user = logon.text("user");
  if (out.user.empty()) fail(logon.pointer("user"), "empty");
  out.address = logon.text("address");
  if (!parse_logon_address(out.address)) {
    fail(logon.pointer("address"), "not HOST[:PORT]: \"" + out.address + "\"");
  }
  out.deadline = positive_ms(logon, "deadline_ms");
  out.interval = positive_ms(logon, "interval_ms");
  return out;
}

// Only a verify-logon step has a logon; a file from before it existed has
// no "logon" member at all.
std::optional<LogonCheck> logon_of(const Object& step, StepAction action) {
  const auto it = step.json().find("logon");
  const bool absent = it == step.json().end() || it->is_null();
  if (action != StepAction::verify_logon) {
    if (!absent) fail(step.pointer("logon"), "only a verify-logon step has a logon");
    return std::nullopt;
  }
  if (absent) fail(step.pointer("logon"), "missing: a verify-logon step needs its logon");
  return read_logon(Object(*it, step.pointer("logon")));
}

// The command must be the one build_plan makes for this step.
void check_command(const Object& step, const PlanStep& out) {
  if (out.action == StepAction::check_services && out.expect_running.empty()) {
    fail(step.pointer("expect_running"), "a check-services step names no service");
  }
  if (out.command != step_command(out)) {
    fail(step.pointer("command"),
         std::string("not the command casdoctor makes for ").append(to_string(out.action)) +
             " on " + (out.fqdn.empty() ? std::string("the local server") : out.fqdn) +
             " (was the file edited? make a new plan with remediate --dry-run)");
  }
}

// Before any command is made from them for the comparison.
void check_step_values(const Object& step) {
  refuse_unfit(step.pointer("server"), step.text("server"), ps_limit::server_name);
  refuse_unfit(step.pointer("fqdn"), step.text("fqdn"), ps_limit::fqdn);
  const auto services = step.texts("expect_running");
  for (std::size_t i = 0; i < services.size(); ++i) {
    refuse_unfit(step.pointer("expect_running") + "/" + std::to_string(i), services[i],
                 ps_limit::service_name);
  }
}

PlanStep read_step(const Object& step) {
  check_step_values(step);
  PlanStep out;
  out.server = step.text("server");
  if (out.server.empty()) fail(step.pointer("server"), "empty");
  out.fqdn = step.text("fqdn");
  out.action = action_of(step);
  out.command = step.text("command");
  out.impact = step.texts("impact");
  out.on_failure = step.text("on_failure");
  out.expect_running = step.texts("expect_running");
  out.logon = logon_of(step, out.action);
  read_result(step, out);
  check_command(step, out);
  return out;
}

std::string text_or_empty(const Object& object, std::string_view key) {
  const auto& value = object.member(key);
  if (value.is_null()) return {};
  if (!value.is_string())
    fail(object.pointer(key), "expected a string or null, got " + type_of(value));
  return value.get<std::string>();
}

TargetProof read_proof(const Object& proof) {
  TargetProof out;
  const auto state_text = proof.text("state");
  const auto state = proof_state_from(state_text);
  if (!state) {
    fail(proof.pointer("state"),
         "unknown state \"" + state_text + "\" (proven, suspected or logon-works)");
  }
  out.state = *state;
  out.outcome = text_or_empty(proof, "outcome");
  out.logon = text_or_empty(proof, "logon");
  out.reason = proof.text("reason");
  return out;
}

// One proof per target; a plan written before proofs existed has none, and
// its targets count as suspected.
std::vector<TargetProof> proofs_of(const Object& plan, std::size_t targets) {
  const auto it = plan.json().find("proof");
  if (it == plan.json().end())
    return std::vector<TargetProof>(targets, proof_without_logon("not recorded in the plan"));
  const auto& proofs = plan.typed("proof", it->is_array(), "an array");
  if (proofs.size() != targets) {
    fail(plan.pointer("proof"), "expected one proof per target (" + std::to_string(targets) +
                                    "), got " + std::to_string(proofs.size()));
  }
  std::vector<TargetProof> out;
  for (std::size_t i = 0; i < proofs.size(); ++i)
    out.push_back(read_proof(Object(proofs[i], plan.pointer("proof") + "/" + std::to_string(i))));
  return out;
}

void check_targets(const Object& plan, const Plan& out) {
  if (out.evidence.size() != out.targets.size()) {
    fail(plan.pointer("evidence"), "expected one line per target (" +
                                       std::to_string(out.targets.size()) + "), got " +
                                       std::to_string(out.evidence.size()));
  }
  for (std::size_t i = 0; i < out.steps.size(); ++i) {
    const auto& server = out.steps[i].server;
    if (std::find(out.targets.begin(), out.targets.end(), server) == out.targets.end()) {
      fail(plan.pointer("steps") + "/" + std::to_string(i) + "/server",
           "\"" + server + "\" is not among the plan's targets");
    }
  }
}

Plan read_plan(const Object& plan) {
  Plan out;
  out.dry_run = plan.boolean("dry_run");
  const auto created = plan.text("created_at");
  const auto when = parse_iso8601(created);
  if (!when) fail(plan.pointer("created_at"), "expected an ISO 8601 time, got \"" + created + "\"");
  out.created_at = *when;
  out.local_server = plan.text("local_server");
  out.targets = plan.texts("targets");
  out.evidence = plan.texts("evidence");
  out.proof = proofs_of(plan, out.targets.size());
  out.notes = plan.texts("notes");
  const auto& steps = plan.typed("steps", plan.member("steps").is_array(), "an array");
  for (std::size_t i = 0; i < steps.size(); ++i) {
    out.steps.push_back(
        read_step(Object(steps[i], plan.pointer("steps") + "/" + std::to_string(i))));
  }
  check_targets(plan, out);
  return out;
}

}  // namespace

Result<Plan> plan_from_json(const nlohmann::json& report_json) {
  try {
    const Object report(report_json, "");
    const auto schema = report.text("schema");
    if (schema != k_report_schema) {
      fail("/schema", "expected \"" + std::string(k_report_schema) + "\", got \"" + schema + "\"");
    }
    if (!report_json.contains("plan")) {
      fail("/plan",
           "missing: this report carries no plan (casdoctor remediate --dry-run "
           "--format json writes one)");
    }
    return read_plan(Object(report_json["plan"], "/plan"));
  } catch (const Invalid& e) {
    return make_error(ExitCode::bad_input, e.what());
  }
}

}  // namespace casdoctor
