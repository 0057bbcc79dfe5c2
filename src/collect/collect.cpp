#include "casdoctor/collect/collect.hpp"

#include <spdlog/spdlog.h>

#include "casdoctor/core/text.hpp"
#include "casdoctor/powershell/invocation.hpp"
#include "casdoctor/snapshot/reader.hpp"

namespace casdoctor {
namespace {

constexpr std::size_t k_max_quoted = 600;

Result<Collected> session_failed(std::string message) {
  return make_error(ExitCode::unknown, std::move(message));
}

// The shell's own words on one line: PowerShell error records span several
// lines (message, "At line:1 char:1", "+ CategoryInfo ..."), an admin needs
// the message, a log needs one line.
std::string one_line(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const auto line = trim(text.substr(start, end - start));
    if (!line.empty()) out += (out.empty() ? "" : " | ") + std::string(line);
    start = end + 1;
  }
  if (out.size() > k_max_quoted) out = out.substr(0, k_max_quoted) + "...";
  return out;
}

std::string decoded(std::string_view bytes) {
  auto text = sys::decode_output(bytes);
  return text ? *text : std::string(bytes);
}

Result<Collected> without_document(const sys::ProcessResult& result) {
  const auto err = one_line(decoded(result.stderr_bytes));
  if (!err.empty()) {
    return session_failed("PowerShell (exit code " + std::to_string(result.exit_code) +
                          "): " + err);
  }
  const auto out = one_line(decoded(result.stdout_bytes));
  return session_failed("PowerShell (exit code " + std::to_string(result.exit_code) +
                        ") printed no snapshot" + (out.empty() ? "" : ": " + out));
}

}  // namespace

std::string describe_duration(std::chrono::milliseconds d) {
  const auto ms = d.count();
  if (ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

Result<Collected> interpret_session(const sys::ProcessResult& result,
                                    std::chrono::milliseconds timeout) {
  if (result.outcome == sys::ProcessOutcome::timed_out) {
    return session_failed("the PowerShell session did not finish within " +
                          describe_duration(timeout) + "; it and its child processes were stopped");
  }
  if (result.outcome == sys::ProcessOutcome::cancelled) {
    return session_failed(
        "the PowerShell session was interrupted; it and its child processes "
        "were stopped");
  }
  if (result.outcome == sys::ProcessOutcome::signalled) {
    return session_failed("PowerShell was killed by signal " + std::to_string(result.exit_code));
  }
  auto text = sys::decode_output(result.stdout_bytes);
  if (!text) return session_failed("PowerShell's output is not text: " + text.error().message);
  if (text->find("--- casdoctor:begin ---") == std::string::npos) return without_document(result);
  auto document = extract_document(*text);
  if (!document)
    return session_failed("PowerShell's output broke off: " + document.error().message);
  auto snapshot = read_snapshot(*text, "<PowerShell output>");
  if (!snapshot)
    return session_failed("PowerShell's output is garbled: " + snapshot.error().message);
  if (result.exit_code != 0) {
    spdlog::warn("PowerShell exited with code {} after printing the snapshot", result.exit_code);
  }
  return Collected{std::string(trim(document->document)), std::move(*snapshot)};
}

Result<Collected> collect_snapshot(sys::ProcessRunner& runner, const CollectRequest& request) {
  auto script = collection_script(request.script);
  if (!script) return std::unexpected(script.error());
  const auto command = powershell_command(request.powershell, *script);
  sys::ProcessRequest process;
  process.program = command.program;
  process.args = command.args;
  process.stdin_data = command.stdin_data;
  process.timeout = request.timeout;
  process.cancel = request.cancel;
  spdlog::info("collecting through {} (timeout {})", request.powershell.string(),
               describe_duration(request.timeout));
  auto result = runner.run(process);
  if (!result) return std::unexpected(result.error());
  spdlog::debug("PowerShell ended after {} ms: {} bytes on stdout, {} on stderr",
                result->duration.count(), result->stdout_bytes.size(), result->stderr_bytes.size());
  return interpret_session(*result, request.timeout);
}

}  // namespace casdoctor
