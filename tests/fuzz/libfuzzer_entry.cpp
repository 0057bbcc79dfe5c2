// libFuzzer's entry point for one target: CASDOCTOR_FUZZ_TARGET names the
// function in targets.hpp (tests/fuzz/CMakeLists.txt builds one binary each).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A broken property throws FuzzFailure; uncaught, it aborts, and libFuzzer
  // saves the input as a crash.
  casdoctor::fuzz::CASDOCTOR_FUZZ_TARGET(
      std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
