# The fuzz targets' names and the sources of their entry functions, shared
# by the libFuzzer build (fuzzers.cmake) and the replay tests (CMakeLists.txt).
set(CASDOCTOR_FUZZ_TARGETS
  snapshot_reader build_number duration plan_reader service_state logon ps_quote script_template)
set(CASDOCTOR_FUZZ_TARGET_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/targets.cpp
  ${CMAKE_CURRENT_LIST_DIR}/target_parsers.cpp
  ${CMAKE_CURRENT_LIST_DIR}/target_logon.cpp
  ${CMAKE_CURRENT_LIST_DIR}/target_quote.cpp)
