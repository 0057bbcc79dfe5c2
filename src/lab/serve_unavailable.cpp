// `casdoctor-lab serve` on Windows: the lab's HTTPS server is built on
// OpenSSL, which the Windows cross build does not link (docs/windows.md). The
// Windows tests run the Linux lab's server and the .exe against it.
#include <cstdio>

#include "casdoctor/lab/serve.hpp"

namespace casdoctor::lab {

int serve(const ServeOptions&) {
  std::fputs(
      "casdoctor-lab: serve is not available in the Windows build (it needs OpenSSL); run the "
      "Linux lab's serve and point casdoctor.exe at it (docs/windows.md)\n",
      stderr);
  return 3;
}

}  // namespace casdoctor::lab
