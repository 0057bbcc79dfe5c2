// The plan's words as they stand in a report: the JSON values of "action"
// and "status", and back.
#include "casdoctor/report/plan_model.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace casdoctor {
namespace {

constexpr std::array<std::pair<StepAction, std::string_view>, 4> k_actions{{
    {StepAction::restart_topology, "restart-topology"},
    {StepAction::iisreset, "iisreset"},
    {StepAction::check_services, "check-services"},
    {StepAction::verify_logon, "verify-logon"},
}};

constexpr std::array<std::pair<StepStatus, std::string_view>, 5> k_statuses{{
    {StepStatus::planned, "planned"},
    {StepStatus::succeeded, "succeeded"},
    {StepStatus::failed, "failed"},
    {StepStatus::skipped, "skipped"},
    {StepStatus::interrupted, "interrupted"},
}};

constexpr std::array<std::pair<ProofState, std::string_view>, 3> k_proof_states{{
    {ProofState::proven, "proven"},
    {ProofState::suspected, "suspected"},
    {ProofState::logon_works, "logon-works"},
}};

template <class Enum, std::size_t N>
std::string_view name_of(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum e) {
  for (const auto& [value, name] : table) {
    if (value == e) return name;
  }
  return "unknown";
}

// Exact, lower-case: these are casdoctor's own words, not PowerShell's.
template <class Enum, std::size_t N>
std::optional<Enum> value_of(const std::array<std::pair<Enum, std::string_view>, N>& table,
                             std::string_view text) {
  for (const auto& [value, name] : table) {
    if (name == text) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(StepAction a) {
  return name_of(k_actions, a);
}

std::optional<StepAction> step_action_from(std::string_view text) {
  return value_of(k_actions, text);
}

std::string_view to_string(StepStatus s) {
  return name_of(k_statuses, s);
}

std::optional<StepStatus> step_status_from(std::string_view text) {
  return value_of(k_statuses, text);
}

std::string_view to_string(ProofState s) {
  return name_of(k_proof_states, s);
}

std::optional<ProofState> proof_state_from(std::string_view text) {
  return value_of(k_proof_states, text);
}

bool Plan::has_logon_steps() const {
  return std::any_of(steps.begin(), steps.end(),
                     [](const PlanStep& step) { return step.action == StepAction::verify_logon; });
}

}  // namespace casdoctor
