#include "casdoctor/lab/ps_host.hpp"

#include "casdoctor/core/concat.hpp"
#include "casdoctor/sys/console.hpp"

namespace casdoctor::lab {

void ConsoleHost::write_out(std::string_view utf8) {
  (void)sys::write_stdout(utf8);  // a lost line is nothing the flow could act on
}

void write_line(PsHost& host, std::string_view line) {
  host.write_out(cat(line, "\r\n"));
}

void write_warning(PsHost& host, std::string_view text) {
  write_line(host, cat("WARNING: ", text));
}

}  // namespace casdoctor::lab
