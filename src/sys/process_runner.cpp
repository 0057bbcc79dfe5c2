// The process runner: the only code that uses Boost.Process (v2, compiled
// header-only into this translation unit; v1's timed waits are broken,
// boostorg/process#294). One asio io_context per run, driven by the calling
// thread: stdout and stderr are read concurrently, stdin is written then
// closed, the exit is awaited, a steady_timer enforces the timeout and
// another polls the caller's cancel flag. Output is kept up to the request's
// bound: past it the child is killed rather than casdoctor's memory grown.
// Platform differences live in process_platform.hpp.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <boost/asio/write.hpp>

#include "casdoctor/snapshot/reader.hpp"
#include "casdoctor/sys/process.hpp"

#include "boost_process_v2.hpp"
#include "process_platform.hpp"

namespace casdoctor::sys {
namespace {

namespace asio = boost::asio;
namespace bp = boost::process::v2;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Child = bp::basic_process<asio::io_context::executor_type>;

// How long reading goes on once the child has exited or been killed and its
// process group / job has been killed: enough to collect what is still in
// the pipes, short enough that a descendant which escaped the group (setsid)
// and holds the pipes cannot keep the run open.
constexpr std::chrono::seconds k_drain_limit{2};

// How often the cancel flag is read: Ctrl-C must feel immediate, and a
// relaxed atomic load 20 times a second costs nothing.
constexpr std::chrono::milliseconds k_cancel_poll{50};

// One read from a pipe at most: the kernel's pipe buffer is 64 KiB on Linux.
constexpr std::size_t k_read_chunk = 65536;
using Chunk = std::array<char, k_read_chunk>;

std::string utf8_of(const fs::path& path) {
  const std::u8string text = path.u8string();
  return {text.begin(), text.end()};
}

// One run of one program. Every handler runs on the calling thread (inside
// io_.run()), so the state needs no locking.
class Run {
 public:
  explicit Run(const ProcessRequest& request) : request_(request) {}

  Result<ProcessResult> execute() {
    if (cancel_requested()) {  // Ctrl-C came before this run: start nothing
      result_.outcome = ProcessOutcome::cancelled;
      return std::move(result_);
    }
    const Clock::time_point started = Clock::now();
    if (auto launched = start(); !launched) return std::unexpected(launched.error());
    {
      process_detail::SigpipeBlock sigpipe;
      schedule();
      io_.run();
    }
    if (wait_error_) return cannot_wait();
    finish();
    result_.duration =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    return std::move(result_);
  }

 private:
  std::unexpected<Error> cannot_start(const std::string& reason) const {
    return make_error(ExitCode::unknown,
                      "cannot start '" + utf8_of(request_.program) + "': " + reason);
  }

  std::unexpected<Error> cannot_wait() const {
    return make_error(ExitCode::unknown, "cannot wait for '" + utf8_of(request_.program) +
                                             "': " + wait_error_.message());
  }

  Result<void> start() {
    if (auto reason = tree_.setup_error()) return cannot_start(*reason);
    if (auto reason = process_detail::not_startable_reason(request_.program))
      return cannot_start(*reason);
    process_detail::prepare_for_fork();
    bp::error_code ec;
    try {
      child_.emplace(launch(ec));
    } catch (const std::exception& e) {  // pipe creation throws on Windows
      return cannot_start(e.what());
    }
    if (ec) return cannot_start(ec.message());
    if (auto reason = tree_.start_error()) return cannot_start(*reason);
    return {};
  }

  // The argument vector goes to execve / CreateProcessW as is: no shell.
  // Without stdin data the child's stdin is the null device (EOF at once).
  Child launch(bp::error_code& ec) {
    bp::default_process_launcher launcher;
    const auto& args = process_detail::launcher_args(request_.args);
    if (request_.stdin_data) {
      return launcher(io_.get_executor(), ec, request_.program, args,
                      bp::process_stdio{in_, out_, err_}, tree_.launcher_init(request_.args));
    }
    return launcher(io_.get_executor(), ec, request_.program, args,
                    bp::process_stdio{nullptr, out_, err_}, tree_.launcher_init(request_.args));
  }

  void schedule() {
    read(out_, result_.stdout_bytes, *out_chunk_);
    read(err_, result_.stderr_bytes, *err_chunk_);
    if (request_.stdin_data) write_stdin();
    child_->async_wait([this](const bp::error_code& ec, int) { on_exit(ec); });
    deadline_.expires_after(request_.timeout);
    deadline_.async_wait([this](const bp::error_code& ec) {
      if (!ec) on_timeout();
    });
    watch_cancel();
  }

  bool cancel_requested() const {
    return request_.cancel != nullptr && request_.cancel->load(std::memory_order_relaxed);
  }

  // Re-armed every k_cancel_poll until the child exits or is killed.
  void watch_cancel() {
    if (request_.cancel == nullptr) return;
    poll_.expires_after(k_cancel_poll);
    poll_.async_wait([this](const bp::error_code& ec) {
      if (ec || tree_ended_) return;
      if (!cancel_requested()) return watch_cancel();
      cancelled_ = true;
      deadline_.cancel();
      end_tree();
    });
  }

  // Until EOF, until the pipe is closed by the drain limit, or until the
  // output passes the limit.
  void read(asio::readable_pipe& pipe, std::string& into, Chunk& chunk) {
    pipe.async_read_some(asio::buffer(chunk),
                         [this, &pipe, &into, &chunk](const bp::error_code& ec, std::size_t n) {
                           if (n > 0 && !keep(into, std::string_view(chunk.data(), n)))
                             return on_pipe_done();
                           if (ec) return on_pipe_done();
                           read(pipe, into, chunk);
                         });
  }

  // False (and the tree killed) when `bytes` take the output past the limit:
  // the first output_limit bytes are kept, nothing after them from either
  // stream.
  bool keep(std::string& into, std::string_view bytes) {
    if (too_much_output_) return false;
    const std::size_t kept = result_.stdout_bytes.size() + result_.stderr_bytes.size();
    const std::size_t room = request_.output_limit - std::min(kept, request_.output_limit);
    reserve_for(into, std::min(room, bytes.size()));
    into.append(bytes.substr(0, room));
    if (bytes.size() <= room) return true;
    too_much_output_ = true;
    deadline_.cancel();
    poll_.cancel();
    end_tree();
    return false;
  }

  // Capacity doubles from one chunk up to the limit (64 MB is 64 KiB times a
  // power of two): the copy made when a string grows is at most half the
  // limit, and no capacity past the limit is ever written. std::string's own
  // growth (15 times a power of two) would copy 60 MB into 120 MB at the end.
  void reserve_for(std::string& into, std::size_t more) const {
    const std::size_t needed = into.size() + more;
    if (needed <= into.capacity()) return;
    std::size_t next = std::max(into.capacity(), k_read_chunk);
    while (next < needed) next *= 2;
    into.reserve(std::min(next, request_.output_limit));
  }

  // Closing stdin after the data is what tells the child there is no more.
  // A write error (the child exited without reading) just ends the writing.
  void write_stdin() {
    asio::async_write(in_, asio::buffer(*request_.stdin_data),
                      [this](const bp::error_code&, std::size_t) { close(in_); });
  }

  void on_exit(const bp::error_code& ec) {
    exited_ = true;
    wait_error_ = ec;
    deadline_.cancel();
    poll_.cancel();
    end_tree();
  }

  void on_timeout() {
    if (exited_ || tree_ended_) return;  // the exit's (or cancel's) handler ran first
    timed_out_ = true;
    poll_.cancel();
    end_tree();
  }

  // After the child exited or at the timeout: nothing it started may outlive
  // the run (on Windows the job would kill them at the end anyway), nobody
  // reads the rest of stdin, and the pipes get k_drain_limit to reach EOF.
  void end_tree() {
    if (tree_ended_) return;
    tree_ended_ = true;
    tree_.kill_all(child_->id());
    close(in_);
    if (open_pipes_ == 0) return;
    drain_.expires_after(k_drain_limit);
    drain_.async_wait([this](const bp::error_code& ec) {
      if (ec) return;
      close(out_);
      close(err_);
    });
  }

  void on_pipe_done() {
    if (--open_pipes_ == 0) drain_.cancel();
  }

  template <class Pipe>
  static void close(Pipe& pipe) {
    bp::error_code ignored;
    pipe.close(ignored);
  }

  void finish() {
    const process_detail::ExitStatus status = process_detail::classify(child_->native_exit_code());
    result_.outcome = too_much_output_ ? ProcessOutcome::too_much_output
                      : timed_out_     ? ProcessOutcome::timed_out
                      : cancelled_     ? ProcessOutcome::cancelled
                                       : status.outcome;
    result_.exit_code = status.code;
    // Already reaped: left attached, the destructor would SIGKILL a later
    // child of ours that happened to get the same pid.
    child_->detach();
  }

  const ProcessRequest& request_;
  asio::io_context io_{1};
  process_detail::ProcessTree tree_;
  asio::readable_pipe out_{io_};
  asio::readable_pipe err_{io_};
  asio::writable_pipe in_{io_};
  asio::steady_timer deadline_{io_};
  asio::steady_timer drain_{io_};
  asio::steady_timer poll_{io_};
  std::optional<Child> child_;
  ProcessResult result_;
  // On the heap: a run may be on a worker thread's stack.
  std::unique_ptr<Chunk> out_chunk_ = std::make_unique<Chunk>();
  std::unique_ptr<Chunk> err_chunk_ = std::make_unique<Chunk>();
  int open_pipes_ = 2;
  bool exited_ = false;
  bool timed_out_ = false;
  bool cancelled_ = false;
  bool tree_ended_ = false;
  bool too_much_output_ = false;
  bp::error_code wait_error_;
};

class BoostProcessRunner final : public ProcessRunner {
 public:
  Result<ProcessResult> run(const ProcessRequest& request) override {
    Run run(request);
    return run.execute();
  }
};

std::optional<fs::path> first_executable(const fs::path& base) {
  for (const fs::path& candidate : process_detail::executable_candidates(base)) {
    if (process_detail::is_executable_file(candidate)) return candidate;
  }
  return std::nullopt;
}

std::string crlf_to_lf(std::string text) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    text[kept++] = text[i];
  }
  text.resize(kept);
  return text;
}

std::string megabytes(std::size_t bytes) {
  constexpr std::size_t k_mb = std::size_t{1} << 20;
  if (bytes % k_mb == 0) return std::to_string(bytes / k_mb) + " MB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

std::string too_much_output_message(std::string_view who, const ProcessResult& result,
                                    std::size_t limit) {
  const bool out = !result.stdout_bytes.empty();
  const bool err = !result.stderr_bytes.empty();
  const char* where = out && err ? "stdout and stderr" : err ? "stderr" : "stdout";
  return std::string(who) + " wrote more than " + megabytes(limit) + " to " + where + ": stopped";
}

std::unique_ptr<ProcessRunner> make_process_runner() {
  return std::make_unique<BoostProcessRunner>();
}

std::optional<fs::path> find_executable(std::string_view name) {
  if (name.empty()) return std::nullopt;
  const fs::path base(std::u8string(name.begin(), name.end()));
  if (process_detail::has_directory_part(name)) return first_executable(base);
  for (const fs::path& directory : process_detail::path_entries()) {
    if (auto found = first_executable(directory / base)) return found;
  }
  return std::nullopt;
}

// A child's output is not the user's input: a decoding failure is reported
// as ExitCode::unknown (the check could not be made), not bad_input.
Result<std::string> decode_output(std::string_view bytes) {
  Result<std::string> text = decode_text(bytes);
  if (!text) return make_error(ExitCode::unknown, "process output: " + text.error().message);
  return crlf_to_lf(std::move(*text));
}

}  // namespace casdoctor::sys
