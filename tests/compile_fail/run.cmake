# Compiles SOURCE twice with the C++ compiler CXX: as written (it must compile: the control) and
# with SSPRULES_EXPECT_FAILURE defined (it must not, and the compiler must say why: DIAGNOSTIC).
#   CXX  compiler   SOURCE  the file   INCLUDE  include directory   DIAGNOSTIC  regex
foreach(mode control failure)
  set(defs)
  if(mode STREQUAL "failure")
    set(defs -DSSPRULES_EXPECT_FAILURE)
  endif()
  execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only -I${INCLUDE} ${defs} ${SOURCE}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(mode STREQUAL "control" AND NOT rc EQUAL 0)
    message(FATAL_ERROR "the control does not compile, so the test proves nothing:\n${err}")
  endif()
  if(mode STREQUAL "failure")
    if(rc EQUAL 0)
      message(FATAL_ERROR "${SOURCE} compiles with SSPRULES_EXPECT_FAILURE: it must not")
    endif()
    if(NOT err MATCHES "${DIAGNOSTIC}")
      message(FATAL_ERROR "it fails, but not for the reason `${DIAGNOSTIC}`:\n${err}")
    endif()
  endif()
endforeach()
