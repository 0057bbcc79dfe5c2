# One translation unit per module of src/ (src/cli, src/report, src/lab...):
# every file pays again for the headers it includes (CLI11's validators,
# nlohmann::json, Boost.Asio) and for optimising the same template code, so
# a cold build of separate files cost twice the CPU time
# (docs/performance.md). CASDOCTOR_UNITY=OFF compiles file by file, as
# scripts/test-sanitizers does, so that each file still builds on its own and
# a name clash between two files' anonymous namespaces shows up as an error.
option(CASDOCTOR_UNITY "Compile each module of src/ as one translation unit" ON)

function(casdoctor_unity_by_module target)
  if(NOT CASDOCTOR_UNITY)
    return()
  endif()
  get_target_property(sources ${target} SOURCES)
  foreach(source IN LISTS sources)
    cmake_path(IS_ABSOLUTE source absolute)
    if(NOT absolute)
      set(source ${CMAKE_CURRENT_SOURCE_DIR}/${source})
    endif()
    file(RELATIVE_PATH relative ${PROJECT_SOURCE_DIR} ${source})
    # src/diagnose/checks/x.cpp belongs to diagnose; generated files (the
    # catalogue, the version) stay on their own.
    if(relative MATCHES "^src/([a-z_]+)/")
      set_source_files_properties(${source} PROPERTIES UNITY_GROUP ${CMAKE_MATCH_1})
    endif()
  endforeach()
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_MODE GROUP)
endfunction()
