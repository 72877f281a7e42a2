# Lists the dynamic symbols LIBRARY defines (nm -DC) and fails when one is not in ssprules'
# ABI namespace ABI, is in ssprules::detail, or when the public API is not there.
#   LIBRARY  the shared library   ABI  SSPRULES_ABI   NM  nm
execute_process(COMMAND ${NM} -DC --defined-only ${LIBRARY}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc)
  message(FATAL_ERROR "nm failed: ${err}")
endif()
# brackets and semicolons would break CMake's lists; the check needs neither
string(REPLACE "[" "{" text "${out}")
string(REPLACE "]" "}" text "${text}")
string(REPLACE ";" "," text "${text}")
string(REPLACE "\n" ";" lines "${text}")
set(public 0)
set(wrong)
foreach(line ${lines})
  # "<address> <type> <name>"
  if(NOT line MATCHES "^[0-9a-f]+ [A-Za-z] (.*)$")
    continue()
  endif()
  set(name "${CMAKE_MATCH_1}")
  # ssprules::ABI::name (not detail::name), or its typeinfo or vtable; not a std:: function that
  # returns an ssprules type ("ssprules::ABI::diagnostic* std::__move_merge<…>(…)")
  if(name MATCHES "^(typeinfo for |typeinfo name for |vtable for )?ssprules::${ABI}::"
     AND NOT name MATCHES "^(typeinfo for |typeinfo name for |vtable for )?ssprules::${ABI}::detail::"
     AND NOT name MATCHES "^ssprules::${ABI}::[A-Za-z0-9_:]+[*& ]")
    math(EXPR public "${public} + 1")
  elseif(NOT name MATCHES "^${ABI}$")  # the version node itself, if listed
    list(APPEND wrong "${name}")
  endif()
endforeach()
list(LENGTH wrong n)
if(n GREATER 0)
  list(SUBLIST wrong 0 20 first)
  string(REPLACE ";" "\n  " first "${first}")
  message(FATAL_ERROR "${LIBRARY} exports ${n} symbols outside the public API, e.g.\n  ${first}")
endif()
foreach(needed "ssprules::${ABI}::load_string(" "ssprules::${ABI}::evaluate(" "ssprules::${ABI}::record_decoder::")
  string(FIND "${out}" "${needed}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${LIBRARY} does not export ${needed}…")
  endif()
endforeach()
message(STATUS "${LIBRARY}: ${public} public symbols, nothing else")
