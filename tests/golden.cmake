# The golden-file comparison shared by the `cmake -P` test scripts (tests/cli, tests/bad_input).
#
#   compare_with_golden(ACTUAL_TEXT GOLDEN_FILE WHAT)
#
# With SSPRULES_UPDATE_GOLDEN=1 in the environment the golden file is rewritten; otherwise a
# missing golden file, or one that differs, fails the test: the text is kept beside it as
# GOLDEN_FILE.actual and the message shows `diff -u`. WHAT names the text in that message
# ("stdout", "the JUnit XML", ...).
function(compare_with_golden actual golden what)
  if("$ENV{SSPRULES_UPDATE_GOLDEN}" STREQUAL "1")
    file(WRITE ${golden} "${actual}")
    message(STATUS "rewrote ${golden}")
  elseif(NOT EXISTS ${golden})
    message(FATAL_ERROR "golden file ${golden} is missing; run with SSPRULES_UPDATE_GOLDEN=1\n"
                        "--- ${what}\n${actual}")
  else()
    file(READ ${golden} expected)
    if(NOT actual STREQUAL expected)
      file(WRITE ${golden}.actual "${actual}")
      execute_process(COMMAND diff -u ${golden} ${golden}.actual OUTPUT_VARIABLE diff)
      message(FATAL_ERROR "${what} differs from ${golden}:\n${diff}")
    endif()
  endif()
endfunction()
