# `cmake --install`: the engine, the policies, the primitives, the registry,
# the renderers, the CLI library, the gtest helpers, and the CMake package
# config, so that another project can `find_package(interleave)` and call
# interleave_add_model(). Only what the libraries need is a dependency of the
# package (Boost.Context, fmt, nlohmann_json, Threads); GTest, RapidCheck and
# CLI11 are the suite's, or the user's when they ask for property targets.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(INTERLEAVE_CONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/interleave)

install(TARGETS interleave_sync interleave_primitives interleave_engine interleave_registry interleave_reports
                interleave_gtest interleave_cli_core interleave_cli
        EXPORT interleaveTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT interleaveTargets NAMESPACE interleave:: DESTINATION ${INTERLEAVE_CONFIG_DIR})
foreach(target sync primitives engine registry reports gtest cli_core cli)
  set_target_properties(interleave_${target} PROPERTIES EXPORT_NAME ${target})
endforeach()

install(DIRECTORY ${PROJECT_SOURCE_DIR}/sync/include/ ${PROJECT_SOURCE_DIR}/engine/include/
                  ${PROJECT_SOURCE_DIR}/reports/include/
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/primitives DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/interleave-suite
        FILES_MATCHING PATTERN "*.hpp")
install(FILES ${PROJECT_SOURCE_DIR}/models/registry.hpp ${PROJECT_SOURCE_DIR}/models/check_model.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/interleave-suite/models)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/interleaveConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/interleaveConfig.cmake INSTALL_DESTINATION ${INTERLEAVE_CONFIG_DIR})
install(FILES ${PROJECT_BINARY_DIR}/interleaveConfig.cmake ${PROJECT_SOURCE_DIR}/cmake/interleaveAddModel.cmake
        DESTINATION ${INTERLEAVE_CONFIG_DIR})
