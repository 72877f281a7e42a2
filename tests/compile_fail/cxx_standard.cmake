# Every public header, compiled as C++17, stops first with ssprules' own message, before anything
# else fails; as C++20 the umbrella header compiles (the control).
#   CXX  compiler   INCLUDE  include directory   WORK  scratch directory
file(GLOB headers RELATIVE ${INCLUDE} ${INCLUDE}/ssprules/*.hpp)
file(MAKE_DIRECTORY ${WORK})
file(WRITE ${WORK}/umbrella.cpp "#include \"ssprules/ssprules.hpp\"\n")
execute_process(COMMAND ${CXX} -std=c++20 -fsyntax-only -I${INCLUDE} ${WORK}/umbrella.cpp
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the control (C++20) does not compile, so the test proves nothing:\n${err}")
endif()
foreach(header ${headers})
  string(MAKE_C_IDENTIFIER ${header} name)
  file(WRITE ${WORK}/${name}.cpp "#include \"${header}\"\n")
  # -Wfatal-errors: the first error is the only one, so it must be ours
  execute_process(COMMAND ${CXX} -std=c++17 -fsyntax-only -Wfatal-errors -I${INCLUDE}
                          ${WORK}/${name}.cpp
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(rc EQUAL 0)
    message(FATAL_ERROR "${header} compiles as C++17: it must stop with \"ssprules needs C++20\"")
  endif()
  if(NOT err MATCHES "error: #error \"ssprules needs C\\+\\+20")
    message(FATAL_ERROR "${header} as C++17 fails first for another reason:\n${err}")
  endif()
endforeach()
list(LENGTH headers n)
message(STATUS "${n} public headers stop with \"ssprules needs C++20\" as C++17")
