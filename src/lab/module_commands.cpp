// The subcommands behind the ExchangeLab module's functions: the state as
// JSON, Restart-Service and iisreset with their timing and fault knobs, and
// the call-log notes. Their output is line based for the module to relay:
// "WARNING: text" (Write-Warning), "ERROR<TAB>id<TAB>category<TAB>target<TAB>
// message" (an error record), anything else a line of output.
#include "casdoctor/lab/module_commands.hpp"

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/lab/service_flows.hpp"
#include "casdoctor/lab/state_json.hpp"
#include "casdoctor/lab/state_store.hpp"
#include "casdoctor/sys/console.hpp"
#include "casdoctor/sys/file_lock.hpp"

namespace casdoctor::lab {
namespace {

constexpr const char* k_call_variable = "CASDOCTOR_LAB_CALL";

bool has_flag(const std::vector<std::string>& args, std::string_view flag) {
  for (const auto& a : args)
    if (a == flag) return true;
  return false;
}

std::vector<std::string> plain_args(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (const auto& a : args)
    if (!a.starts_with("--")) out.push_back(a);
  return out;
}

std::optional<std::int64_t> running_call() {
  const char* v = std::getenv(k_call_variable);
  if (v == nullptr || *v == '\0') return std::nullopt;
  try {
    return std::stoll(v);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool contains_name(const std::vector<std::string>& names, std::string_view name) {
  for (const auto& n : names)
    if (iequals(n, name)) return true;
  return false;
}

// kind: "" keeps it; "collect" never overrides "action".
void annotate_call(const StateStore& store, std::string_view kind, std::string_view command,
                   const std::vector<std::string>& targets) {
  const auto pid = running_call();
  if (!pid) return;
  (void)store.update([&](LabState& state) -> Result<void> {
    for (auto it = state.calls.rbegin(); it != state.calls.rend(); ++it) {
      if (it->pid != *pid) continue;
      if (kind == "action" || (kind == "collect" && it->kind != "action")) it->kind = kind;
      if (!command.empty() && !contains_name(it->commands, command))
        it->commands.emplace_back(command);
      for (const auto& t : targets)
        if (!contains_name(it->targets, t)) it->targets.push_back(t);
      break;
    }
    return {};
  });
}

void write_error_line(const PsError& e) {
  std::printf("ERROR\t%s\t%s\t%s\t%s\n", e.error_id.c_str(), e.category.c_str(), e.target.c_str(),
              e.message.c_str());
  std::fflush(stdout);
}

int state_unreadable(const Error& e) {
  std::fprintf(stderr, "casdoctor-lab: %s\n", e.message.c_str());
  return to_int(e.code);
}

// The start both service flows share: the names counted (else `usage`, exit
// 64), the state read, the flows on it with this process's console and real
// time, and where they run: SERVER, remote with --remote.
template <typename Flow>
int run_flow(const std::string& state, const std::vector<std::string>& args, std::size_t name_count,
             const char* usage, Flow&& flow) {
  const auto names = plain_args(args);
  if (names.size() != name_count) {
    std::fprintf(stderr, "casdoctor-lab: %s\n", usage);
    return to_int(ExitCode::usage);
  }
  const StateStore store(state);
  auto initial = store.read();
  if (!initial) return state_unreadable(initial.error());
  ConsoleHost host;
  const FlowEnvironment env{store, &host, [] { return SystemClock().now(); },
                            [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); }};
  ServiceFlows flows(env, std::move(*initial));
  const FlowSite site{names[0], has_flag(args, "--remote")};
  return flow(store, flows, site, names);
}

}  // namespace

int lab_state_command(const std::string& state, const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::fputs("casdoctor-lab: state takes no arguments\n", stderr);
    return to_int(ExitCode::usage);
  }
  auto read = StateStore(state).read();
  if (!read) return state_unreadable(read.error());
  // The module never needs the call log, which grows with every run.
  read->calls.clear();
  sys::write_stdout(state_to_json(*read));
  return 0;
}

// restart-service SERVER NAME [--force] [--remote]
int lab_restart_service_command(const std::string& state, const std::vector<std::string>& args) {
  return run_flow(state, args, 2, "restart-service SERVER NAME [--force] [--remote]",
                  [&](const StateStore& store, ServiceFlows& flows, const FlowSite& site,
                      const std::vector<std::string>& names) {
                    auto failed = flows.restart_service(site, names[1], has_flag(args, "--force"));
                    annotate_call(store, "action", "Restart-Service", flows.targets());
                    if (!failed) return state_unreadable(failed.error());
                    if (*failed) {
                      write_error_line(**failed);
                      return 1;
                    }
                    return 0;
                  });
}

// iisreset SERVER [--noforce] [--remote]
int lab_iisreset_command(const std::string& state, const std::vector<std::string>& args) {
  return run_flow(state, args, 1, "iisreset SERVER [--noforce] [--remote]",
                  [&](const StateStore& store, ServiceFlows& flows, const FlowSite& site,
                      const std::vector<std::string>&) {
                    // Noted as an action before it runs: a run killed mid-reset still counts.
                    annotate_call(store, "action", "iisreset", {});
                    const auto code = flows.iisreset(site, has_flag(args, "--noforce"));
                    annotate_call(store, "action", "iisreset", flows.targets());
                    return code ? *code : state_unreadable(code.error());
                  });
}

// call-note KIND COMMAND [TARGET...]: KIND "-" keeps the call's kind.
int lab_call_note_command(const std::string& state, const std::vector<std::string>& args) {
  if (args.size() < 2) {
    std::fputs("casdoctor-lab: call-note KIND COMMAND [TARGET...]\n", stderr);
    return to_int(ExitCode::usage);
  }
  const std::vector<std::string> targets(args.begin() + 2, args.end());
  annotate_call(StateStore(state), args[0] == "-" ? "" : args[0], args[1], targets);
  return 0;
}

void note_acting_call(const std::string& state, std::string_view command,
                      const std::vector<std::string>& targets) {
  annotate_call(StateStore(state), "action", command, targets);
}

}  // namespace casdoctor::lab
