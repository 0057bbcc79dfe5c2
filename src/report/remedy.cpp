#include "casdoctor/report/remedy.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace casdoctor {
std::vector<std::string_view> remedy_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

std::vector<RemedyBlock> split_remedy(std::string_view remedy) {
  std::vector<RemedyBlock> blocks;
  bool open = false;  // whether the next line may join the last block
  for (const auto line : remedy_lines(remedy)) {
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      open = false;
      continue;
    }
    const bool command = line.starts_with(k_command_prefix);
    const auto kind = command ? RemedyBlock::Kind::commands : RemedyBlock::Kind::prose;
    if (!open || blocks.back().kind != kind) blocks.push_back(RemedyBlock{kind, {}});
    blocks.back().lines.emplace_back(command ? line.substr(k_command_prefix.size()) : line);
    open = true;
  }
  return blocks;
}

}  // namespace casdoctor
