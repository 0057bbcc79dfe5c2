#pragma once
// Reads a casdoctor.snapshot/1 document the way Windows PowerShell 5.1
// really writes it (see docs/snapshot.md).
#include <string>
#include <string_view>

#include "casdoctor/core/result.hpp"
#include "casdoctor/snapshot/snapshot.hpp"

namespace casdoctor {

// Raw bytes as read from a file or stdin -> UTF-8 text: UTF-16LE/BE with BOM
// and UTF-8 with BOM are decoded/stripped, CRLF is left as is (JSON does not
// care). Invalid UTF-16 (odd length, lone surrogate) is an error naming the
// byte offset.
Result<std::string> decode_text(std::string_view bytes);

// The document inside a transcript: the text between a line
// "--- casdoctor:begin ---" and a line "--- casdoctor:end ---" (surrounding
// white space on those lines tolerated). Without a begin marker the whole text.
// A begin marker without an end marker is an error (truncated output).
// first_line is set to the 1-based line number of the document's first line
// in `text`, so that positions in errors refer to the original input.
struct ExtractedDocument {
  std::string_view document;
  int first_line = 1;
};
Result<ExtractedDocument> extract_document(std::string_view text);

// The whole pipeline: decode, extract, parse, normalise, and last
// check_powershell_values. `source_name` (a path or "<stdin>") starts every
// error message:
//   "snap.json:12:5: invalid JSON: ..."                   (syntax)
//   "snap.json: /exchange_servers/3/ServerRole: ..."      (content, JSON pointer)
// Errors carry ExitCode::bad_input.
Result<Snapshot> read_snapshot(std::string_view bytes, std::string_view source_name);

// read_snapshot without check_powershell_values (a live collection tells a
// garbled session from an org whose names cannot be used).
Result<Snapshot> parse_snapshot(std::string_view bytes, std::string_view source_name);

// The values casdoctor places into PowerShell (server names, FQDNs, service
// names) checked with ps_value_problem (core/ps_quote.hpp): ExitCode::bad_input
// "<source>: /exchange_servers/3/Fqdn: contains a control character U+000B at
// character 5". A name that could break out of a literal is refused before
// any command is made from it, never stripped.
Result<void> check_powershell_values(const Snapshot& snapshot, std::string_view source_name);

}  // namespace casdoctor
