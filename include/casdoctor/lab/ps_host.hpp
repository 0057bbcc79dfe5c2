#pragma once
// Where the simulated shell writes, and how Windows PowerShell 5.1 lays out
// what it writes there: CRLF lines, "WARNING: " lines on stdout, error
// records on stderr, and UTF-16LE with a byte order mark when the console
// encoding is Unicode.
#include <cstddef>
#include <string>
#include <string_view>

#include "casdoctor/lab/ps_error.hpp"
#include "casdoctor/lab/state.hpp"

namespace casdoctor::lab {

class PsHost {
 public:
  virtual ~PsHost() = default;
  virtual void write_out(std::string_view utf8) = 0;
  virtual void write_err(std::string_view utf8) = 0;
};

// stdout/stderr of this process, in the given encoding; flushed per write
// so that a caller sees the banner of a shell that then hangs.
class ConsoleHost final : public PsHost {
 public:
  explicit ConsoleHost(OutputEncoding encoding) : encoding_(encoding) {}
  void write_out(std::string_view utf8) override;
  void write_err(std::string_view utf8) override;

 private:
  OutputEncoding encoding_;
  bool out_started_ = false;
  bool err_started_ = false;
};

// For tests: everything kept as UTF-8.
class BufferHost final : public PsHost {
 public:
  void write_out(std::string_view utf8) override { out += utf8; }
  void write_err(std::string_view utf8) override { err += utf8; }
  std::string out;
  std::string err;
};

// UTF-8 to UTF-16LE (invalid bytes become U+FFFD), optionally with a BOM.
std::string to_utf16le(std::string_view utf8, bool bom);

void write_line(PsHost& host, std::string_view line);
void write_warning(PsHost& host, std::string_view text);
void write_verbose(PsHost& host, std::string_view text);

// Where a local error happened: the command's text in the script.
struct ErrorSite {
  std::string_view script;
  std::size_t offset = 0;
  std::size_t length = 0;
  std::string_view invocation;  // the command name, "Restart-Service"
};

// "Restart-Service : <message>", "At line:L char:C", the line, the
// underline, CategoryInfo and FullyQualifiedErrorId.
void write_error(PsHost& host, const PsError& error, const ErrorSite& site);
// An error that came back from a remote command (adds PSComputerName).
void write_remote_error(PsHost& host, const PsError& error, std::string_view computer);
// A WinRM connection failure: "[computer] <message>".
void write_connection_error(PsHost& host, const PsError& error, std::string_view computer);
// A parse error: "At line:L char:C" first, then the message.
void write_parse_error(PsHost& host, const PsError& error, const ErrorSite& site);

}  // namespace casdoctor::lab
