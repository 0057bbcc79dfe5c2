// A terminal is a console (GetConsoleMode), not any character device: NUL is
// one for _isatty, and `remediate < NUL` used to prompt. Windows only.
#ifdef _WIN32
#include <cstdio>
#include <fcntl.h>
#include <io.h>
#include <windows.h>

#include <catch2/catch.hpp>

#include "casdoctor/sys/console.hpp"

TEST_CASE("stdin from NUL is not a terminal", "[console][windows]") {
  const int saved = _dup(_fileno(stdin));
  std::FILE* nul = std::freopen("NUL", "rb", stdin);
  REQUIRE(nul != nullptr);
  const bool terminal = casdoctor::sys::stdin_is_terminal();
  _dup2(saved, _fileno(stdin));
  _close(saved);
  CHECK_FALSE(terminal);
}
#endif
