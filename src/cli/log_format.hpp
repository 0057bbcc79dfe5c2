#pragma once
// The log's formatter: messages pass through escape_invisible, because they
// carry what others wrote (a child's stderr, names from a snapshot, error
// text of a server), and a terminal must not take an ESC or RLO in them for
// its own. `%*` in the pattern stands for the escaped message.
#include <memory>
#include <string>

#include <spdlog/formatter.h>

namespace casdoctor::cli {

std::unique_ptr<spdlog::formatter> escaping_formatter(std::string pattern);

}  // namespace casdoctor::cli
