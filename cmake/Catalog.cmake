# The build catalogue: data/exchange-builds.tsv becomes a constexpr table at
# build time (cmake/generate_catalog.cmake), so the binary never reads the TSV
# and an edit of the TSV rebuilds the table.
set(CASDOCTOR_CATALOG_TSV ${CMAKE_CURRENT_SOURCE_DIR}/data/exchange-builds.tsv)
set(CASDOCTOR_CATALOG_GENERATOR ${CMAKE_CURRENT_LIST_DIR}/generate_catalog.cmake)
set(CASDOCTOR_CATALOG_SOURCE ${CMAKE_CURRENT_BINARY_DIR}/generated/catalog_data.cpp)

add_custom_command(
  OUTPUT ${CASDOCTOR_CATALOG_SOURCE}
  COMMAND ${CMAKE_COMMAND}
          -DTSV=${CASDOCTOR_CATALOG_TSV}
          -DOUTPUT=${CASDOCTOR_CATALOG_SOURCE}
          -P ${CASDOCTOR_CATALOG_GENERATOR}
  DEPENDS ${CASDOCTOR_CATALOG_TSV} ${CASDOCTOR_CATALOG_GENERATOR}
  COMMENT "Generating the build catalogue from data/exchange-builds.tsv"
  VERBATIM)
