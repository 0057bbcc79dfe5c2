#include "log_format.hpp"

#include <string_view>

#include <spdlog/pattern_formatter.h>

#include "casdoctor/core/visible_text.hpp"

namespace casdoctor::cli {
namespace {

class EscapedMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm& /*time*/,
              spdlog::memory_buf_t& dest) override {
    const std::string escaped =
        escape_invisible(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(escaped.data(), escaped.data() + escaped.size());
  }
  std::unique_ptr<spdlog::custom_flag_formatter> clone() const override {
    return std::make_unique<EscapedMessage>();
  }
};

}  // namespace

std::unique_ptr<spdlog::formatter> escaping_formatter(std::string pattern) {
  // LF on every platform (spdlog's default is CRLF on Windows): one line-end
  // policy for every output, sys/console.hpp.
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::local,
                                                               std::string("\n"));
  formatter->add_flag<EscapedMessage>('*').set_pattern(std::move(pattern));
  return formatter;
}

}  // namespace casdoctor::cli
