# Generates the C++ build catalogue from data/exchange-builds.tsv.
#
#   cmake -DTSV=<exchange-builds.tsv> -DOUTPUT=<catalog_data.cpp> -P generate_catalog.cmake
#
# Every data row becomes one constexpr casdoctor::CatalogEntry. A malformed row
# stops the build with "<tsv>:<line>: <what is wrong>" so that a bad edit of the
# TSV is found at build time, not by a wrong diagnosis.
cmake_minimum_required(VERSION 3.25)

if(NOT DEFINED TSV OR NOT DEFINED OUTPUT)
  message(FATAL_ERROR "usage: cmake -DTSV=<exchange-builds.tsv> -DOUTPUT=<file.cpp> -P ${CMAKE_CURRENT_LIST_FILE}")
endif()
if(NOT EXISTS "${TSV}")
  message(FATAL_ERROR "build catalogue: ${TSV} does not exist")
endif()

set(expected_header "Product\tUpdate\tReleaseDate\tBuildShort\tBuildLong\tKB\tSources\tNotes")
set(expected_columns 8)

function(fail_at line_number what)
  message(FATAL_ERROR "${TSV}:${line_number}: ${what}")
endfunction()

# 1-based line of the byte `offset` in `content`.
function(line_of_offset content offset out)
  string(SUBSTRING "${content}" 0 ${offset} before)
  string(REGEX MATCHALL "\n" newlines "${before}")
  list(LENGTH newlines count)
  math(EXPR line "${count} + 1")
  set(${out} ${line} PARENT_SCOPE)
endfunction()

function(zero_pad value width out)
  string(LENGTH "${value}" length)
  while(length LESS width)
    string(PREPEND value "0")
    math(EXPR length "${length} + 1")
  endwhile()
  set(${out} "${value}" PARENT_SCOPE)
endfunction()

# The enumerator of casdoctor::Product for the TSV's Product column.
function(product_enumerator product line_number out)
  if(product STREQUAL "Exchange Server 2010")
    set(enumerator exchange2010)
  elseif(product STREQUAL "Exchange Server 2013")
    set(enumerator exchange2013)
  elseif(product STREQUAL "Exchange Server 2016")
    set(enumerator exchange2016)
  elseif(product STREQUAL "Exchange Server 2019")
    set(enumerator exchange2019)
  elseif(product STREQUAL "Exchange Server SE")
    set(enumerator exchange_se)
  else()
    fail_at(${line_number} "unknown Product '${product}' (expected 'Exchange Server 2010', '... 2013', '... 2016', '... 2019' or 'Exchange Server SE')")
  endif()
  set(${out} ${enumerator} PARENT_SCOPE)
endfunction()

# A C++ string literal: backslashes and double quotes escaped (control
# characters were rejected before, everything else is UTF-8 text).
function(cxx_string_literal text out)
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  set(${out} "\"${text}\"" PARENT_SCOPE)
endfunction()

file(READ "${TSV}" content)
if(content STREQUAL "")
  message(FATAL_ERROR "${TSV}: the table is empty")
endif()
string(REPLACE "\r\n" "\n" content "${content}")

# Control characters (other than tab and newline) have no business in the
# table; rejecting them also frees \x01-\x03 to stand in for the characters
# that CMake's list handling would otherwise split or group on.
string(ASCII 1 2 3 4 5 6 7 8 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 127
       control_characters)
string(REGEX MATCH "[${control_characters}]" control_character "${content}")
if(NOT control_character STREQUAL "")
  string(FIND "${content}" "${control_character}" control_offset)
  line_of_offset("${content}" ${control_offset} bad_line)
  fail_at(${bad_line} "control character in the table (only tabs separate columns)")
endif()

string(ASCII 1 semicolon_token)
string(ASCII 2 open_bracket_token)
string(ASCII 3 close_bracket_token)
string(REPLACE ";" "${semicolon_token}" content "${content}")
string(REPLACE "[" "${open_bracket_token}" content "${content}")
string(REPLACE "]" "${close_bracket_token}" content "${content}")

function(decode_field text out)
  string(REPLACE "${semicolon_token}" ";" text "${text}")
  string(REPLACE "${open_bracket_token}" "[" text "${text}")
  string(REPLACE "${close_bracket_token}" "]" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

string(REPLACE "\n" ";" lines "${content}")
list(LENGTH lines line_count)
if(line_count LESS 2)
  message(FATAL_ERROR "${TSV}: the table has no data rows")
endif()

list(GET lines 0 header)
decode_field("${header}" header)
if(NOT header STREQUAL expected_header)
  string(REPLACE "\t" "<TAB>" shown_header "${expected_header}")
  fail_at(1 "the header must be '${shown_header}'")
endif()

set(number_pattern "(0|[1-9][0-9]?[0-9]?[0-9]?[0-9]?)")
set(build_short_pattern
    "^${number_pattern}\\.${number_pattern}\\.${number_pattern}\\.${number_pattern}$")

set(rows "")
set(row_count 0)
math(EXPR last_index "${line_count} - 1")
foreach(index RANGE 1 ${last_index})
  math(EXPR line_number "${index} + 1")
  list(GET lines ${index} line)
  if(line STREQUAL "")
    continue()  # blank lines (and the end of the last line) carry no row
  endif()

  string(REPLACE "\t" ";" fields "${line}")
  list(LENGTH fields field_count)
  if(NOT field_count EQUAL expected_columns)
    fail_at(${line_number} "${field_count} columns, expected ${expected_columns} separated by tabs (Product, Update, ReleaseDate, BuildShort, BuildLong, KB, Sources, Notes)")
  endif()
  foreach(column product update release_date build_short build_long kb sources notes)
    list(POP_FRONT fields value)
    decode_field("${value}" ${column})
  endforeach()

  product_enumerator("${product}" ${line_number} product_name)
  if(update STREQUAL "")
    fail_at(${line_number} "the Update column is empty")
  endif()
  if(NOT release_date MATCHES "^[0-9][0-9][0-9][0-9]-[0-9][0-9](-[0-9][0-9])?$")
    fail_at(${line_number} "ReleaseDate '${release_date}' is neither YYYY-MM-DD nor YYYY-MM")
  endif()
  if(NOT build_short MATCHES "${build_short_pattern}")
    fail_at(${line_number} "BuildShort '${build_short}' is not Major.Minor.Build.Revision (numbers 0-99999 without leading zeros)")
  endif()
  set(major ${CMAKE_MATCH_1})
  set(minor ${CMAKE_MATCH_2})
  set(build ${CMAKE_MATCH_3})
  set(revision ${CMAKE_MATCH_4})
  zero_pad(${major} 2 padded_major)
  zero_pad(${minor} 2 padded_minor)
  zero_pad(${build} 4 padded_build)
  zero_pad(${revision} 3 padded_revision)
  set(expected_long "${padded_major}.${padded_minor}.${padded_build}.${padded_revision}")
  if(NOT build_long STREQUAL expected_long)
    fail_at(${line_number} "BuildLong '${build_long}' disagrees with BuildShort '${build_short}' (expected '${expected_long}')")
  endif()
  if(NOT kb MATCHES "^(KB[0-9]+)?$")
    fail_at(${line_number} "KB '${kb}' is neither empty nor KB<digits>")
  endif()

  cxx_string_literal("${update}" update_literal)
  cxx_string_literal("${release_date}" release_date_literal)
  cxx_string_literal("${kb}" kb_literal)
  cxx_string_literal("${notes}" notes_literal)
  string(APPEND rows
    "    // line ${line_number}\n"
    "    {.product = Product::${product_name},\n"
    "     .update = ${update_literal},\n"
    "     .release_date = ${release_date_literal},\n"
    "     .build = {.major = ${major}, .minor = ${minor}, .build = ${build}, .revision = ${revision}},\n"
    "     .kb = ${kb_literal},\n"
    "     .notes = ${notes_literal}},\n")
  math(EXPR row_count "${row_count} + 1")
endforeach()

if(row_count EQUAL 0)
  message(FATAL_ERROR "${TSV}: the table has no data rows")
endif()

file(WRITE "${OUTPUT}"
  "// Generated by cmake/generate_catalog.cmake from data/exchange-builds.tsv.\n"
  "// Do not edit: change the TSV instead, the build regenerates this file.\n"
  "#include <array>\n"
  "#include <span>\n"
  "\n"
  "#include \"casdoctor/catalog/catalog.hpp\"\n"
  "\n"
  "namespace casdoctor {\n"
  "namespace {\n"
  "\n"
  "// In TSV order: look-ups rely on it to prefer the first listed of equal builds.\n"
  "constexpr std::array<CatalogEntry, ${row_count}> kCatalogRows{{\n"
  "${rows}"
  "}};\n"
  "\n"
  "}  // namespace\n"
  "\n"
  "std::span<const CatalogEntry> catalog_entries() { return kCatalogRows; }\n"
  "\n"
  "}  // namespace casdoctor\n")
