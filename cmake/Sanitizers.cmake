# Two instrumented builds, each in its own build directory (docs/fuzzing.md):
#   CASDOCTOR_SANITIZE  the whole suite under AddressSanitizer and
#                       UndefinedBehaviorSanitizer (scripts/test-sanitizers);
#   CASDOCTOR_FUZZ      the libFuzzer targets of tests/fuzz (clang only,
#                       scripts/fuzz).
# Both instrument every target, so the library code the tests and fuzzers
# reach is checked, not only the test code.
option(CASDOCTOR_SANITIZE "Build everything with ASan and UBSan" OFF)
option(CASDOCTOR_FUZZ "Build the libFuzzer targets in tests/fuzz (clang)" OFF)

if(CASDOCTOR_SANITIZE AND CASDOCTOR_FUZZ)
  message(FATAL_ERROR "CASDOCTOR_SANITIZE and CASDOCTOR_FUZZ want separate build directories")
endif()

if(CASDOCTOR_SANITIZE)
  # -O1 keeps the suite's run time near the plain build's; a UB finding stops
  # the process so that ctest sees it.
  add_compile_options(-O1 -fno-omit-frame-pointer -fsanitize=address,undefined
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(CASDOCTOR_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CASDOCTOR_FUZZ needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++-16")
  endif()
  add_compile_options(-g -O1 -fno-omit-frame-pointer
                      -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
  # libstdc++ 12 offers std::expected only when __cpp_concepts >= 202002L;
  # clang 16 implements what <expected> needs but still says 201907L.
  if(CMAKE_CXX_COMPILER_VERSION VERSION_LESS 17)
    add_compile_options(-Wno-builtin-macro-redefined -Wno-macro-redefined -D__cpp_concepts=202002L)
  endif()
endif()
