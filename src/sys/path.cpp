#include "casdoctor/sys/path.hpp"

namespace casdoctor::sys {

// std::filesystem converts char8_t text to the native encoding (UTF-16 on
// Windows) as UTF-8, whatever the code page; on POSIX it keeps the bytes.
std::filesystem::path path_from_utf8(std::string_view text) {
  return std::filesystem::path(std::u8string(text.begin(), text.end()));
}

std::string path_to_utf8(const std::filesystem::path& path) {
  const std::u8string text = path.u8string();
  return {text.begin(), text.end()};
}

}  // namespace casdoctor::sys
