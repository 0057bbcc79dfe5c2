#pragma once
// Where the lab's service flows write, and how Windows PowerShell lays out
// what they write there: CRLF lines and "WARNING: " lines on stdout.
#include <string>
#include <string_view>

namespace casdoctor::lab {

class PsHost {
 public:
  virtual ~PsHost() = default;
  virtual void write_out(std::string_view utf8) = 0;
};

// stdout of this process, flushed per write so that the module relays a
// warning while a restart is still waiting.
class ConsoleHost final : public PsHost {
 public:
  void write_out(std::string_view utf8) override;
};

// For tests: everything kept.
class BufferHost final : public PsHost {
 public:
  void write_out(std::string_view utf8) override { out += utf8; }
  std::string out;
};

void write_line(PsHost& host, std::string_view line);
void write_warning(PsHost& host, std::string_view text);

}  // namespace casdoctor::lab
