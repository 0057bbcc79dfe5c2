#pragma once
// UTF-8 <-> UTF-16 for the Windows files of src/sys: the project's strings
// are UTF-8, the W functions of Win32 take UTF-16. Windows only.
#ifdef _WIN32
#include <string>
#include <string_view>
#include <system_error>
#include <windows.h>

namespace casdoctor::sys::win {

// Invalid UTF-8 becomes U+FFFD rather than an error: these strings are
// names and messages, and a replacement character is visible.
inline std::wstring widen(std::string_view text) {
  if (text.empty()) return {};
  const int size = static_cast<int>(text.size());
  const int wide = ::MultiByteToWideChar(CP_UTF8, 0, text.data(), size, nullptr, 0);
  std::wstring out(static_cast<std::size_t>(wide), L'\0');
  ::MultiByteToWideChar(CP_UTF8, 0, text.data(), size, out.data(), wide);
  return out;
}

inline std::string narrow(std::wstring_view text) {
  if (text.empty()) return {};
  const int size = static_cast<int>(text.size());
  const int bytes =
      ::WideCharToMultiByte(CP_UTF8, 0, text.data(), size, nullptr, 0, nullptr, nullptr);
  std::string out(static_cast<std::size_t>(bytes), '\0');
  ::WideCharToMultiByte(CP_UTF8, 0, text.data(), size, out.data(), bytes, nullptr, nullptr);
  return out;
}

inline std::string error_text(DWORD code) {
  return std::system_category().message(static_cast<int>(code));
}

inline std::string last_error_text() {
  return error_text(::GetLastError());
}

}  // namespace casdoctor::sys::win
#endif
