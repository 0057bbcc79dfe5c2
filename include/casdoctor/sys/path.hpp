#pragma once
// File names at the boundary: the project's strings are UTF-8, and a
// std::filesystem::path built from a std::string reads its bytes in the
// ANSI code page on Windows (Latin-1 with mingw), so 東京 or Москва would
// name another file. Every path that comes from the user (arguments,
// environment) or goes into a message passes through these two.
#include <filesystem>
#include <string>
#include <string_view>

namespace casdoctor::sys {

// UTF-8 text as a path (through UTF-16 on Windows; the bytes as they are on
// POSIX).
std::filesystem::path path_from_utf8(std::string_view text);

// A path as UTF-8 text, for messages, reports and logs.
std::string path_to_utf8(const std::filesystem::path& path);

}  // namespace casdoctor::sys
