# The libFuzzer binaries (CASDOCTOR_FUZZ, clang; docs/fuzzing.md), included
# from the top-level CMakeLists.txt so that the generated catalogue source is
# in reach. They link a library of only the modules the targets reach: the
# CLI, collection, the process and HTTP runners and the lab stay
# out, which halves what the instrumented build compiles.
set(CASDOCTOR_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
include(${CASDOCTOR_FUZZ_DIR}/targets.cmake)

file(GLOB_RECURSE CASDOCTOR_FUZZ_CORE_SOURCES CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/src/core/*.cpp
  ${PROJECT_SOURCE_DIR}/src/catalog/*.cpp
  ${PROJECT_SOURCE_DIR}/src/snapshot/*.cpp
  ${PROJECT_SOURCE_DIR}/src/powershell/*.cpp
  ${PROJECT_SOURCE_DIR}/src/diagnose/*.cpp
  ${PROJECT_SOURCE_DIR}/src/report/*.cpp
  ${PROJECT_SOURCE_DIR}/src/remediate/*.cpp
  ${PROJECT_SOURCE_DIR}/src/verify/*.cpp)
add_library(casdoctor_fuzz_core STATIC
  ${CASDOCTOR_FUZZ_CORE_SOURCES}
  ${CMAKE_CURRENT_BINARY_DIR}/generated/version.cpp
  ${CASDOCTOR_CATALOG_SOURCE})
target_include_directories(casdoctor_fuzz_core PUBLIC ${PROJECT_SOURCE_DIR}/include)
target_link_libraries(casdoctor_fuzz_core
  PUBLIC nlohmann_json::nlohmann_json spdlog::spdlog
  PRIVATE CLI11::CLI11 Boost::headers Threads::Threads)

add_library(casdoctor_libfuzzer_targets STATIC ${CASDOCTOR_FUZZ_TARGET_SOURCES})
target_link_libraries(casdoctor_libfuzzer_targets PUBLIC casdoctor_fuzz_core)

add_custom_target(casdoctor_fuzzers)
foreach(target ${CASDOCTOR_FUZZ_TARGETS})
  add_executable(casdoctor_fuzz_${target} ${CASDOCTOR_FUZZ_DIR}/libfuzzer_entry.cpp)
  target_compile_definitions(casdoctor_fuzz_${target} PRIVATE CASDOCTOR_FUZZ_TARGET=${target})
  target_link_libraries(casdoctor_fuzz_${target} PRIVATE casdoctor_libfuzzer_targets)
  target_link_options(casdoctor_fuzz_${target} PRIVATE -fsanitize=fuzzer)
  add_dependencies(casdoctor_fuzzers casdoctor_fuzz_${target})
endforeach()

add_executable(casdoctor_fuzz_plan_seeds ${CASDOCTOR_FUZZ_DIR}/plan_seeds.cpp)
target_link_libraries(casdoctor_fuzz_plan_seeds PRIVATE casdoctor_fuzz_core)
add_dependencies(casdoctor_fuzzers casdoctor_fuzz_plan_seeds)
