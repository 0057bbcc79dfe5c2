# The dependencies of the Windows cross build (cmake/toolchains/mingw-w64-x86_64.cmake,
# docs/windows.md). CLI11, nlohmann/json, Catch2, Boost (Asio, Beast,
# Process v2) and spdlog over fmt are used header-only, so the Linux packages'
# headers serve both builds. They are exposed through a folder of links that
# holds only those trees: /usr/include itself (glibc's and curl's headers)
# must never be seen by the Windows compiler.
set(CASDOCTOR_HOST_INCLUDE /usr/include CACHE PATH "Where the header-only libraries are installed")
set(CASDOCTOR_WINDOWS_INCLUDE ${CMAKE_BINARY_DIR}/windows-include)
file(MAKE_DIRECTORY ${CASDOCTOR_WINDOWS_INCLUDE})
foreach(tree CLI nlohmann catch2 boost spdlog fmt)
  if(NOT EXISTS ${CASDOCTOR_HOST_INCLUDE}/${tree})
    message(FATAL_ERROR "${CASDOCTOR_HOST_INCLUDE}/${tree} is missing (scripts/test-windows installs it)")
  endif()
  file(CREATE_LINK ${CASDOCTOR_HOST_INCLUDE}/${tree} ${CASDOCTOR_WINDOWS_INCLUDE}/${tree} SYMBOLIC)
endforeach()

function(casdoctor_header_only target)
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES
    "${CASDOCTOR_WINDOWS_INCLUDE};${CMAKE_CURRENT_SOURCE_DIR}/cmake/windows-include")
  # -isystem: their warnings are not ours.
  set_target_properties(${target} PROPERTIES INTERFACE_SYSTEM_INCLUDE_DIRECTORIES
    "${CASDOCTOR_WINDOWS_INCLUDE};${CMAKE_CURRENT_SOURCE_DIR}/cmake/windows-include")
endfunction()

casdoctor_header_only(CLI11::CLI11)
casdoctor_header_only(nlohmann_json::nlohmann_json)
casdoctor_header_only(Boost::headers)
casdoctor_header_only(Catch2::Catch2)
# Debian's spdlog/tweakme.h defines SPDLOG_FMT_EXTERNAL: spdlog then includes
# <fmt/...>, which must be header-only too (FMT_HEADER_ONLY). Without
# SPDLOG_COMPILED_LIB spdlog itself is header-only. SPDLOG_WCHAR_FILENAMES:
# the log file is opened by its UTF-16 name (--log-file with 東京 in it).
casdoctor_header_only(spdlog::spdlog)
set_target_properties(spdlog::spdlog PROPERTIES
  INTERFACE_COMPILE_DEFINITIONS "SPDLOG_FMT_EXTERNAL;FMT_HEADER_ONLY;SPDLOG_WCHAR_FILENAMES")

# Every Windows program is one static .exe: no libstdc++/libgcc/winpthread
# DLL next to it (the import-table test in tests/windows checks).
add_link_options(-static -static-libgcc -static-libstdc++)
# GCC 12's C++23 std::type_info::operator== is inline, and an -O0 object
# emits it as well as libstdc++.a's tinfo.o (the same code): the linker must
# keep one (a mingw GCC 12 problem, fixed in later GCCs).
add_link_options(-Wl,--allow-multiple-definition)
