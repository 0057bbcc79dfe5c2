#include "casdoctor/snapshot/names.hpp"

#include <array>

#include "casdoctor/core/text.hpp"

namespace casdoctor {
namespace {

struct StatusName {
  ServiceStatus status;
  std::string_view name;
};

constexpr std::array<StatusName, 7> k_status_names{{
    {ServiceStatus::stopped, "Stopped"},
    {ServiceStatus::start_pending, "StartPending"},
    {ServiceStatus::stop_pending, "StopPending"},
    {ServiceStatus::running, "Running"},
    {ServiceStatus::continue_pending, "ContinuePending"},
    {ServiceStatus::pause_pending, "PausePending"},
    {ServiceStatus::paused, "Paused"},
}};

struct RoleName {
  std::uint64_t bit;
  std::string_view name;
};

// The ServerRole values casdoctor knows (exchange-facts 3.1), in bit order;
// the enum has more (internal/datacenter roles) that never matter here.
constexpr std::array<RoleName, 11> k_role_names{{
    {1, "Cafe"},
    {2, "Mailbox"},
    {4, "ClientAccess"},
    {16, "UnifiedMessaging"},
    {32, "HubTransport"},
    {64, "Edge"},
    {128, "Monitoring"},
    {4096, "ProvisionedServer"},
    {8192, "LanguagePacks"},
    {16384, "FrontendTransport"},
    {32768, "CafeArray"},
}};

constexpr std::uint64_t k_role_all = 16503;

std::string_view role_name(std::uint64_t bit) {
  for (const auto& role : k_role_names) {
    if (role.bit == bit) return role.name;
  }
  return {};
}

}  // namespace

std::string_view service_status_name(ServiceStatus status) {
  for (const auto& entry : k_status_names) {
    if (entry.status == status) return entry.name;
  }
  return "Unknown";
}

std::optional<ServiceStatus> service_status_from_name(std::string_view name) {
  for (const auto& entry : k_status_names) {
    if (iequals(entry.name, name)) return entry.status;
  }
  return std::nullopt;
}

std::optional<ServiceStatus> service_status_from_value(std::int64_t value) {
  if (value < 1 || value > 7) return std::nullopt;
  return static_cast<ServiceStatus>(value);
}

std::vector<std::string> server_role_names(std::uint64_t flags) {
  std::vector<std::string> names;
  for (int shift = 0; shift < 64; ++shift) {
    const std::uint64_t bit = std::uint64_t{1} << shift;
    if ((flags & bit) == 0) continue;
    const std::string_view name = role_name(bit);
    names.push_back(name.empty() ? "Unknown(" + std::to_string(bit) + ")" : std::string(name));
  }
  return names;
}

std::optional<std::uint64_t> server_role_bits(std::string_view name) {
  if (iequals(name, "None")) return 0;
  if (iequals(name, "All")) return k_role_all;
  for (const auto& role : k_role_names) {
    if (iequals(role.name, name)) return role.bit;
  }
  return std::nullopt;
}

}  // namespace casdoctor
