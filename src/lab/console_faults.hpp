#pragma once
// The console-level fault knobs of the lab's PowerShell (docs/lab.md):
// output_encoding (both streams UTF-16LE with a BOM, as 5.1 with a Unicode
// console) and garbage_output (noise or a cut document between casdoctor's
// snapshot markers). They act on the bytes PowerShell writes, so the
// wrapper applies them to pwsh's streams; nothing here reads PowerShell.
#include <string>
#include <string_view>

#include "casdoctor/lab/state.hpp"

namespace casdoctor::lab {

class ConsoleFilter {
 public:
  ConsoleFilter(GarbageOutput garbage, OutputEncoding encoding, bool garble)
      : garbage_(garbage), encoding_(encoding), garble_(garble) {}

  // Bytes in (UTF-8 from pwsh), bytes out for the real stream.
  std::string feed(std::string_view bytes);
  std::string finish();  // what is still held back at the end

 private:
  std::string line_out(std::string_view line);
  std::string encoded(std::string_view utf8);

  GarbageOutput garbage_;
  OutputEncoding encoding_;
  bool garble_;  // stdout: the snapshot markers are looked for
  bool bom_written_ = false;
  bool inside_ = false;
  std::string pending_;   // an unfinished line
  std::string document_;  // the lines between the markers
};

bool console_faults_active(const Faults& faults);

}  // namespace casdoctor::lab
