#pragma once
// Finding::remedy split into prose and PowerShell commands. Convention: a line
// starting with "PS> " is a command; the text after the prefix is what to run.
#include <string>
#include <string_view>
#include <vector>

namespace casdoctor {

inline constexpr std::string_view k_command_prefix = "PS> ";

struct RemedyBlock {
  enum class Kind { prose, commands };
  Kind kind = Kind::prose;
  // Prose lines as written; command lines without the "PS> " prefix.
  std::vector<std::string> lines;
};

// The lines as written, without their CR/LF ends; a final line break does
// not add an empty line.
std::vector<std::string_view> remedy_lines(std::string_view remedy);

// Consecutive lines of one kind form a block; an empty line ends a block
// (prose paragraphs) and is dropped. CRLF and LF both end a line.
std::vector<RemedyBlock> split_remedy(std::string_view remedy);

}  // namespace casdoctor
