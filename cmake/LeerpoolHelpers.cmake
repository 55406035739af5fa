# leerpool_add_migrations(<target> NAMESPACE <ns> FUNCTION <name> DIR <dir>)
# Embeds every NNNN_name.sql file of <dir> into a static library exposing
#   std::span<const leerpool::storage::Migration> <ns>::<name>();
# so a service binary carries its schema history and needs no files at run time.
function(leerpool_add_migrations target)
  cmake_parse_arguments(ARG "" "NAMESPACE;FUNCTION;DIR" "" ${ARGN})
  file(GLOB sql_files CONFIGURE_DEPENDS "${ARG_DIR}/*.sql")
  list(SORT sql_files)
  set(entries "")
  set(index 0)
  foreach(sql ${sql_files})
    get_filename_component(base ${sql} NAME_WE)
    string(REGEX MATCH "^([0-9]+)_(.*)$" _ ${base})
    if(NOT CMAKE_MATCH_1)
      message(FATAL_ERROR "migration file ${sql} must be named NNNN_name.sql")
    endif()
    math(EXPR version "${CMAKE_MATCH_1}")
    file(READ ${sql} content)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${sql})
    string(APPEND entries "    {${version}, \"${CMAKE_MATCH_2}\", R\"leerpool_sql(${content})leerpool_sql\"},\n")
    math(EXPR index "${index} + 1")
  endforeach()
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations.cc)
  file(WRITE ${out}.tmp
"// Generated from ${ARG_DIR} by leerpool_add_migrations; do not edit.
#include <array>
#include <span>

#include \"storage/migration.h\"

namespace ${ARG_NAMESPACE} {
namespace {
const std::array<leerpool::storage::Migration, ${index}> kMigrations = {{
${entries}}};
}  // namespace

std::span<const leerpool::storage::Migration> ${ARG_FUNCTION}() { return kMigrations; }
}  // namespace ${ARG_NAMESPACE}
")
  configure_file(${out}.tmp ${out} COPYONLY)
  add_library(${target} STATIC ${out})
  target_link_libraries(${target} PUBLIC leerpool_storage)
endfunction()
