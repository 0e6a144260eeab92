# interleave_add_model(NAME name SOURCES model.cpp...
#                      [PROPERTIES property_test.cpp...] [TSAN])
#
# Adds the model files (each registers its models with
# interleave::register_model, names "name" and "name/flaw") to the project's
# own `interleave` command line, the suite's CLI built with this project's
# models, and adds a ctest test `interleave.name` that runs
# `interleave gate name`: every model called name or name/... against its
# expected outcome (a correct one must hold, a teaching variant must give its
# violation).
#
# PROPERTIES: real-thread tests (GoogleTest, and RapidCheck if the files use
# it) built as `name_properties` and registered with ctest; the project finds
# GTest (and rapidcheck) itself. TSAN: the same tests built again with
# -fsanitize=thread as `name_properties_tsan`.
function(interleave_add_model)
  cmake_parse_arguments(PARSE_ARGV 0 arg "TSAN" "NAME" "SOURCES;PROPERTIES")
  if(NOT arg_NAME OR NOT arg_SOURCES)
    message(FATAL_ERROR "interleave_add_model: NAME and SOURCES are required")
  endif()
  if(NOT TARGET interleave)
    add_executable(interleave)
    target_link_libraries(interleave PRIVATE interleave::cli interleave::primitives)
  endif()
  target_sources(interleave PRIVATE ${arg_SOURCES})
  add_test(NAME interleave.${arg_NAME} COMMAND interleave gate ${arg_NAME})

  if(arg_PROPERTIES)
    include(GoogleTest)
    set(variants properties)
    if(arg_TSAN)
      list(APPEND variants properties_tsan)
    endif()
    foreach(variant ${variants})
      set(target ${arg_NAME}_${variant})
      string(REPLACE "/" "_" target ${target})
      add_executable(${target} ${arg_PROPERTIES})
      target_link_libraries(${target} PRIVATE interleave::sync interleave::primitives GTest::gtest_main)
      if(TARGET rapidcheck)
        target_link_libraries(${target} PRIVATE rapidcheck)
      endif()
      if(TARGET rapidcheck_gtest)
        target_link_libraries(${target} PRIVATE rapidcheck_gtest)
      endif()
      if(variant STREQUAL properties_tsan)
        target_compile_options(${target} PRIVATE -fsanitize=thread -g -O1)
        target_link_options(${target} PRIVATE -fsanitize=thread)
      endif()
      gtest_discover_tests(${target} TEST_PREFIX ${variant}. DISCOVERY_TIMEOUT 60)
    endforeach()
  endif()
endfunction()
