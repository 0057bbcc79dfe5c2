// casdoctor-lab's entry: which personality (powershell.exe or the lab's own
// subcommands) and the subcommands themselves.
#include "casdoctor/lab/cli.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "casdoctor/core/concat.hpp"
#include "casdoctor/core/text.hpp"
#include "casdoctor/lab/module_commands.hpp"
#include "casdoctor/lab/org.hpp"
#include "casdoctor/lab/powershell_args.hpp"
#include "casdoctor/lab/scenario.hpp"
#include "casdoctor/lab/serve.hpp"
#include "casdoctor/lab/show.hpp"
#include "casdoctor/lab/state_store.hpp"
#include "casdoctor/sys/console.hpp"
#include "casdoctor/sys/file_lock.hpp"

namespace casdoctor::lab {
namespace {

constexpr const char* k_state_variable = "CASDOCTOR_LAB_STATE";

constexpr std::string_view k_usage =
    "usage: casdoctor-lab <command>\n"
    "  scenario kb4294204 [--state FILE] [--servers N] [--shell-load-delay MS] [--now TIME]\n"
    "                     [--never-picked-up SERVER[,SERVER...]]\n"
    "                      writes the KB4294204 story to the state file\n"
    "  advance DURATION [--state FILE]\n"
    "                      moves the lab clock on; Exchange's 4 h / 24 h cache refreshes happen\n"
    "  recycle-app-pool SERVER [POOL] [--state FILE]\n"
    "                      IIS recycles an application pool (all without POOL); W3SVC stays\n"
    "  show [--state FILE]  the org: servers, caches, services, audit log, knobs, calls\n"
    "  set-oos SERVER true|false [--state FILE]\n"
    "                      Set-ClientAccessServer -Identity SERVER -IsOutOfService ...\n"
    "  serve [--state FILE] [--cert FILE --key FILE] [--port-file FILE]\n"
    "                      HTTPS OWA logon, one listener per 2013+ front end\n"
    "  help, --help        this text\n"
    "  powershell ARGS...  stands in for powershell.exe (also when the first argument\n"
    "                      starts with '-', or when run under the name powershell/pwsh)\n"
    "--state defaults to the environment variable CASDOCTOR_LAB_STATE. See docs/lab.md.\n";

int usage_error(std::string_view message) {
  std::fprintf(stderr, "casdoctor-lab: %.*s\n%.*s", static_cast<int>(message.size()),
               message.data(), static_cast<int>(k_usage.size()), k_usage.data());
  return to_int(ExitCode::usage);
}

int failed(const Error& e) {
  std::fprintf(stderr, "casdoctor-lab: %s\n", e.message.c_str());
  return to_int(e.code);
}

std::optional<std::string> environment(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

// --state FILE and the other "--name value" options; the rest positional.
struct Options {
  std::optional<std::string> state;
  std::vector<std::pair<std::string, std::string>> named;
  std::vector<std::string> positional;
};

Result<Options> parse_options(const std::vector<std::string>& args,
                              std::initializer_list<std::string_view> names) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (!a.starts_with("--")) {
      o.positional.push_back(a);
      continue;
    }
    bool known = a == "--state";
    for (auto n : names) known = known || a == n;
    if (!known) return make_error(ExitCode::usage, cat("unknown option ", a));
    if (i + 1 >= args.size()) return make_error(ExitCode::usage, cat(a, " needs a value"));
    if (a == "--state")
      o.state = args[++i];
    else
      o.named.emplace_back(a, args[++i]);
  }
  if (!o.state) o.state = environment(k_state_variable);
  if (!o.state)
    return make_error(ExitCode::usage,
                      cat("no state file: give --state FILE or set ", k_state_variable));
  return o;
}

Result<int> number(std::string_view option, const std::string& text) {
  try {
    std::size_t used = 0;
    const int n = std::stoi(text, &used);
    if (used == text.size() && n >= 0) return n;
  } catch (const std::exception&) {
  }
  return make_error(ExitCode::usage, cat(option, " expects a number, got '", text, "'"));
}

TimePoint system_now() {
  return SystemClock().now();
}

int cmd_scenario(const std::vector<std::string>& args) {
  auto o = parse_options(args, {"--servers", "--shell-load-delay", "--now", "--never-picked-up"});
  if (!o) return usage_error(o.error().message);
  if (o->positional.size() != 1 || o->positional[0] != "kb4294204")
    return usage_error("scenario: the one scenario is kb4294204");
  ScenarioOptions options;
  options.now = system_now();
  for (const auto& [name, value] : o->named) {
    if (name == "--now") {
      const auto t = parse_timestamp(value);
      if (!t) return usage_error(cat("--now expects an ISO 8601 time, got '", value, "'"));
      options.now = *t;
      continue;
    }
    if (name == "--never-picked-up") {
      std::string_view rest = value;
      while (!rest.empty()) {
        const auto comma = rest.find(',');
        options.never_picked_up.emplace_back(trim(rest.substr(0, comma)));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
      continue;
    }
    auto n = number(name, value);
    if (!n) return usage_error(n.error().message);
    (name == "--servers" ? options.extra_servers : options.shell_load_delay_ms) = *n;
  }
  auto state = kb4294204_scenario(options);
  state.clock_offset_ms = (options.now - system_now()).count();
  if (auto done = StateStore(*o->state).replace(state); !done) return failed(done.error());
  std::printf("wrote %s: %zu servers\n", o->state->c_str(), state.servers.size());
  return 0;
}

int cmd_show(const std::vector<std::string>& args) {
  auto o = parse_options(args, {});
  if (!o) return usage_error(o.error().message);
  if (!o->positional.empty()) return usage_error("show takes no arguments");
  auto state = StateStore(*o->state).read();
  if (!state) return failed(state.error());
  sys::write_stdout(show_state(*state, lab_time(*state, system_now())));
  return 0;
}

int cmd_set_oos(const std::vector<std::string>& args) {
  auto o = parse_options(args, {});
  if (!o) return usage_error(o.error().message);
  if (o->positional.size() != 2) return usage_error("set-oos SERVER true|false");
  const auto& value = o->positional[1];
  if (!iequals(value, "true") && !iequals(value, "false"))
    return usage_error(cat("set-oos: expected true or false, got '", value, "'"));
  PsResult<void> done;
  auto stored = StateStore(*o->state).update([&](LabState& state) -> Result<void> {
    done = set_out_of_service(state, o->positional[0], iequals(value, "true"),
                              lab_time(state, system_now()));
    return {};
  });
  if (!stored) return failed(stored.error());
  if (!done) {
    std::fprintf(stderr, "casdoctor-lab: %s\n", done.error().message.c_str());
    return 1;
  }
  note_acting_call(*o->state, "Set-ClientAccessServer", {o->positional[0]});
  return 0;
}

// "25h", "90m", "2d", "30s": the lab clock moves by days too (casdoctor's
// own durations stop at a day).
std::optional<std::chrono::milliseconds> lab_duration(const std::string& text) {
  if (text.size() < 2) return std::nullopt;
  const auto n = number("advance", text.substr(0, text.size() - 1));
  if (!n) return std::nullopt;
  const std::int64_t count = *n;
  switch (text.back()) {
    case 's':
      return std::chrono::seconds(count);
    case 'm':
      return std::chrono::minutes(count);
    case 'h':
      return std::chrono::hours(count);
    case 'd':
      return std::chrono::hours(24 * count);
    default:
      return std::nullopt;
  }
}

int cmd_advance(const std::vector<std::string>& args) {
  auto o = parse_options(args, {});
  if (!o) return usage_error(o.error().message);
  if (o->positional.size() != 1) return usage_error("advance DURATION (e.g. 25h)");
  const auto by = lab_duration(o->positional[0]);
  if (!by)
    return usage_error(
        cat("advance expects a duration like 25h, 90m or 2d, got '", o->positional[0], "'"));
  auto stored = StateStore(*o->state).update([&](LabState& state) -> Result<void> {
    const auto from = lab_time(state, system_now());
    state.clock_offset_ms += by->count();
    apply_cache_timers(state, from, from + *by);
    return {};
  });
  if (!stored) return failed(stored.error());
  return 0;
}

int cmd_recycle(const std::vector<std::string>& args) {
  auto o = parse_options(args, {});
  if (!o) return usage_error(o.error().message);
  if (o->positional.empty() || o->positional.size() > 2)
    return usage_error("recycle-app-pool SERVER [POOL]");
  const std::string pool = o->positional.size() == 2 ? o->positional[1] : std::string();
  bool found = false;
  auto stored = StateStore(*o->state).update([&](LabState& state) -> Result<void> {
    found = recycle_app_pool(state, o->positional[0], pool, lab_time(state, system_now()));
    return {};
  });
  if (!stored) return failed(stored.error());
  if (!found) {
    std::fprintf(stderr, "casdoctor-lab: no application pool %s on %s\n",
                 pool.empty() ? "at all" : pool.c_str(), o->positional[0].c_str());
    return 1;
  }
  return 0;
}

int cmd_serve(const std::vector<std::string>& args) {
  auto o = parse_options(args, {"--cert", "--key", "--port-file"});
  if (!o) return usage_error(o.error().message);
  if (!o->positional.empty()) return usage_error("serve takes no arguments");
  ServeOptions options;
  options.state = *o->state;
  for (const auto& [name, value] : o->named)
    (name == "--cert"  ? options.cert_file
     : name == "--key" ? options.key_file
                       : options.port_file) = value;
  if (options.cert_file.has_value() != options.key_file.has_value())
    return usage_error("serve: --cert and --key go together");
  return serve(options);
}

// The subcommands of the ExchangeLab module (module_commands.hpp).
int cmd_module(const std::string& command, const std::vector<std::string>& args) {
  std::vector<std::string> rest;
  std::optional<std::string> state;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--state" && i + 1 < args.size())
      state = args[++i];
    else
      rest.push_back(args[i]);
  }
  if (!state) state = environment(k_state_variable);
  if (!state) return usage_error(cat("no state file: give --state FILE or set ", k_state_variable));
  if (command == "state") return lab_state_command(*state, rest);
  if (command == "restart-service") return lab_restart_service_command(*state, rest);
  if (command == "iisreset") return lab_iisreset_command(*state, rest);
  return lab_call_note_command(*state, rest);
}

bool named_like_powershell(const char* argv0) {
  const auto stem = to_lower_ascii(std::filesystem::path(argv0 ? argv0 : "").stem().string());
  return stem == "powershell" || stem == "pwsh";
}

int print_usage() {
  std::fputs(std::string(k_usage).c_str(), stdout);
  return 0;
}

}  // namespace

int lab_main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  const bool as_powershell = named_like_powershell(argc > 0 ? argv[0] : nullptr);
  // A person asking casdoctor-lab for help gets the lab's usage, not a
  // PowerShell error about an unknown parameter.
  if (!as_powershell && !args.empty() && (args[0] == "--help" || args[0] == "-h"))
    return print_usage();
  if (as_powershell || (!args.empty() && args[0].starts_with("-")))
    return lab_powershell_wrapper(args);
  if (args.empty()) return usage_error("a command is required");
  const auto command = args[0];
  args.erase(args.begin());
  if (command == "powershell") return lab_powershell_wrapper(args);
  if (command == "scenario") return cmd_scenario(args);
  if (command == "show") return cmd_show(args);
  if (command == "set-oos") return cmd_set_oos(args);
  if (command == "advance") return cmd_advance(args);
  if (command == "recycle-app-pool") return cmd_recycle(args);
  if (command == "serve") return cmd_serve(args);
  if (command == "state" || command == "restart-service" || command == "iisreset" ||
      command == "call-note")
    return cmd_module(command, args);
  if (command == "help") return print_usage();
  return usage_error(cat("unknown command '", command, "'"));
}

}  // namespace casdoctor::lab
