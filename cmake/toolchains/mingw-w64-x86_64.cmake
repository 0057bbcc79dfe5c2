# Cross build for 64-bit Windows with Debian's mingw-w64 (the posix thread
# model: std::thread and std::mutex need it), tests run under wine
# (docs/windows.md). Use: cmake -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/mingw-w64-x86_64.cmake
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(CASDOCTOR_MINGW_PREFIX x86_64-w64-mingw32)
find_program(CMAKE_CXX_COMPILER NAMES ${CASDOCTOR_MINGW_PREFIX}-g++-posix REQUIRED)
find_program(CMAKE_C_COMPILER NAMES ${CASDOCTOR_MINGW_PREFIX}-gcc-posix)
find_program(CMAKE_RC_COMPILER NAMES ${CASDOCTOR_MINGW_PREFIX}-windres)

# PE/COFF objects hold at most 32767 sections; a unity TU of a module
# (cmake/Unity.cmake) with its inline templates needs more ("too many
# sections"), so every object is written in the big-object format.
set(CMAKE_CXX_FLAGS_INIT "-Wa,-mbig-obj")

# GNU ld needs minutes to link each program of these objects (COMDAT
# sections by the ten thousand at -O0); lld needs a second. Debian's mingw
# GCC is built with a fixed default linker, so -fuse-ld=lld is ignored: a
# specs file names the linker instead (and lld takes no GCC LTO plugin).
find_program(CASDOCTOR_LLD NAMES ld.lld)
if(CASDOCTOR_LLD)
  set(CMAKE_EXE_LINKER_FLAGS_INIT
      "-specs=${CMAKE_CURRENT_LIST_DIR}/lld.specs -fno-use-linker-plugin")
endif()

# Only the cross sysroot is searched for libraries and packages; the header-only
# libraries come through cmake/WindowsDeps.cmake, never /usr/include itself.
set(CMAKE_FIND_ROOT_PATH /usr/${CASDOCTOR_MINGW_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# ctest (and Catch's test discovery) run the .exe files through wine.
find_program(CASDOCTOR_WINE NAMES wine64 wine)
if(CASDOCTOR_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${CASDOCTOR_WINE})
endif()
