# Installs the built ssprules into a scratch prefix, builds tests/cmake_consumer against it with
# find_package(ssprules CONFIG) and runs its consumers (compiled, header-first, mixed); then the
# compiled consumer of a project without Boost, and the same program built with pkg-config.
#   BUILD_DIR  the ssprules build tree     SOURCE_DIR  tests/cmake_consumer     WORK  scratch dir
#   CXX  the C++ compiler (for the pkg-config build)
file(REMOVE_RECURSE ${WORK})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK}/prefix
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "install failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK}/build
                        -DCMAKE_PREFIX_PATH=${WORK}/prefix -DCMAKE_BUILD_TYPE=Release
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring the consumer failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/build -j2 RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the consumer failed")
endif()
foreach(exe consumer consumer_header_only consumer_mixed)
  execute_process(COMMAND ${WORK}/build/${exe} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  if(rc)
    message(FATAL_ERROR "${exe} failed (${rc}): ${out}")
  endif()
  message(STATUS "${exe}: ${out}")
endforeach()

# A project without Boost (find_package(Boost) fails in it) uses the compiled library.
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK}/no-boost
                        -DCMAKE_PREFIX_PATH=${WORK}/prefix -DCMAKE_BUILD_TYPE=Release
                        -DCOMPILED_ONLY=ON -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc)
  message(FATAL_ERROR "a compiled-mode consumer without Boost does not configure:\n${out}${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/no-boost -j2 RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the compiled-mode consumer without Boost failed")
endif()
execute_process(COMMAND ${WORK}/no-boost/consumer RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(rc)
  message(FATAL_ERROR "the compiled-mode consumer without Boost failed (${rc}): ${out}")
endif()
message(STATUS "consumer without Boost: ${out}")

# Without Boost, linking the header-only target stops at configure time and says why.
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK}/no-boost-header-only
                        -DCMAKE_PREFIX_PATH=${WORK}/prefix -DHEADER_ONLY_WITHOUT_BOOST=ON
                        -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT "${out}${err}" MATCHES "header_only_needs_Boost_and_yaml-cpp")
  message(FATAL_ERROR "ssprules::header_only without Boost must fail, naming Boost (rc ${rc}):\n${out}${err}")
endif()

# pkg-config: the same program, compiled and linked with what ssprules.pc says (static library).
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} "")
file(GLOB_RECURSE pc_files ${WORK}/prefix/*/ssprules.pc)
if(NOT pc_files)
  message(FATAL_ERROR "no ssprules.pc installed under ${WORK}/prefix")
endif()
list(GET pc_files 0 pc_file)
get_filename_component(pc_dir ${pc_file} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pc_dir})
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs --static ssprules
                RESULT_VARIABLE rc OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE)
execute_process(COMMAND ${PKG_CONFIG} --modversion ssprules OUTPUT_VARIABLE pc_version
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(rc)
  message(FATAL_ERROR "pkg-config --cflags --libs --static ssprules failed")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
execute_process(COMMAND ${CXX} -std=c++20 -O1 ${SOURCE_DIR}/main.cpp ${flags}
                        -o ${WORK}/consumer_pkg_config
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc)
  message(FATAL_ERROR "building with pkg-config's flags failed:\n${err}")
endif()
execute_process(COMMAND ${WORK}/consumer_pkg_config RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(rc)
  message(FATAL_ERROR "the pkg-config consumer failed (${rc}): ${out}")
endif()
message(STATUS "pkg-config (ssprules ${pc_version}): ${out}")
