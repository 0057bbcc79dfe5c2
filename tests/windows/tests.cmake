# The Windows cross build's tests (docs/windows.md), run by ctest through
# CMAKE_CROSSCOMPILING_EMULATOR (wine) or by the scripts in tests/windows,
# which run the .exe files under wine themselves. Included from
# tests/CMakeLists.txt; scripts/test-windows runs them.
target_link_libraries(casdoctor_proc_helper PRIVATE shell32)
target_precompile_headers(casdoctor_unit_tests PRIVATE <catch2/catch.hpp> <nlohmann/json.hpp>
  <string> <vector> <optional> <filesystem>)
# main.cpp defines CATCH_CONFIG_MAIN before it includes Catch: a header
# included ahead of it would leave Catch's implementation out.
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/../unit/main.cpp
  PROPERTIES SKIP_PRECOMPILE_HEADERS ON)

# Every unit test that applies to Windows, in one wine process (each start
# costs about a second under wine). [posix] tests exercise what Windows does
# not have.
add_test(NAME windows.unit COMMAND casdoctor_unit_tests "~[posix]")
set_tests_properties(windows.unit PROPERTIES TIMEOUT 900
  ENVIRONMENT "CASDOCTOR_JSON_OUT=${CASDOCTOR_JSON_OUT}")

# The Linux casdoctor-lab (its HTTPS server) for verify_winhttp.sh: the
# Windows lab has no server (src/lab/serve_unavailable.cpp).
set(CASDOCTOR_LINUX_LAB "" CACHE FILEPATH "casdoctor-lab built for Linux (scripts/test-windows sets it)")

# powershell.exe's stand-in for live_collect.sh: no PowerShell runs under wine.
add_executable(casdoctor_replay_powershell ${CMAKE_CURRENT_LIST_DIR}/../helpers/replay_powershell.cpp)
target_link_libraries(casdoctor_replay_powershell PRIVATE casdoctor_warnings)
add_dependencies(casdoctor_unit_tests casdoctor_replay_powershell)

file(GLOB CASDOCTOR_WINDOWS_E2E CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.sh)
foreach(script ${CASDOCTOR_WINDOWS_E2E})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME windows.${name} COMMAND bash ${script})
  set_tests_properties(windows.${name} PROPERTIES TIMEOUT 300 ENVIRONMENT
    "WINE=${CMAKE_CROSSCOMPILING_EMULATOR};CASDOCTOR=$<TARGET_FILE:casdoctor>;CASDOCTOR_LAB=$<TARGET_FILE:casdoctor-lab>;CASDOCTOR_LINUX_LAB=${CASDOCTOR_LINUX_LAB};REPLAY_POWERSHELL=$<TARGET_FILE:casdoctor_replay_powershell>;OBJDUMP=${CMAKE_OBJDUMP};PROJECT_ROOT=${PROJECT_SOURCE_DIR};EXAMPLES=${PROJECT_SOURCE_DIR}/examples;CASDOCTOR_JSON_OUT=${CASDOCTOR_JSON_OUT};WORK=${CMAKE_CURRENT_BINARY_DIR}/windows-work/${name}")
endforeach()
