# sentinel_add_plugin(<name> SOURCES <files...> [LIBRARIES <targets...>])
#
# Builds a Sentinel plugin: a shared object named <name>.so, with hidden symbol visibility (only
# the two entry points the SDK's SENTINEL_PLUGIN macro exports stay visible), no undefined
# symbols; the boundary itself is pure C. Used by
# every in-tree plugin and by third-party plugins through find_package(SentinelPluginAPI).
function(sentinel_add_plugin name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY" "SOURCES;LIBRARIES" ${ARGN})
  add_library(${name} MODULE ${ARG_SOURCES})
  if(TARGET Sentinel::PluginAPI)
    target_link_libraries(${name} PRIVATE Sentinel::PluginAPI)
  else()
    target_link_libraries(${name} PRIVATE sentinel_plugin_api)
  endif()
  if(ARG_LIBRARIES)
    target_link_libraries(${name} PRIVATE ${ARG_LIBRARIES})
  endif()
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    CXX_STANDARD 20
    CXX_STANDARD_REQUIRED ON)
  # Only the two entry points are exported, whatever the plugin's code and libraries instantiate
  # (e.g. weak std:: template symbols), so plugins never interpose on each other or the host.
  set(exports "${CMAKE_CURRENT_BINARY_DIR}/${name}.exports")
  file(WRITE "${exports}" "{ global: sentinel_plugin_api_version; sentinel_plugin_get; local: *; };\n")
  target_link_options(${name} PRIVATE -Wl,--no-undefined "-Wl,--version-script=${exports}")
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS "${exports}")
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  elseif(DEFINED SENTINEL_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${SENTINEL_PLUGIN_OUTPUT_DIR}")
  endif()
endfunction()
