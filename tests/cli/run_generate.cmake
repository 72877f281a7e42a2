# Generates boundary tests for a policy into a file, then runs `ssprules test` on that file:
# every generated test passes as generated.
#   CLI     path of the ssprules executable     POLICY  the policy (relative to the source tree)
#   OUT     where the test file goes (in the build tree)
#   OPTION  how the output file is given: `-o` or `--output`
# A test file's policy must be inside the test file's folder, so the policy's folder is copied
# below OUT's folder first (OUT/../rules/<name>/…) and the copy is tested.
get_filename_component(folder ${OUT} DIRECTORY)
get_filename_component(policy_folder ${POLICY} DIRECTORY)
file(REMOVE_RECURSE ${folder}/${policy_folder})
file(MAKE_DIRECTORY ${folder}/${policy_folder})
file(COPY ${policy_folder}/ DESTINATION ${folder}/${policy_folder})
set(POLICY ${folder}/${POLICY})
file(REMOVE ${OUT})
execute_process(COMMAND ${CLI} test --generate-boundaries ${POLICY} ${OPTION} ${OUT}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "generating: exit status ${rc}\n--- stdout\n${out}\n--- stderr\n${err}")
endif()
if(NOT out MATCHES "^([0-9]+) boundary tests written to ")
  message(FATAL_ERROR "generating: unexpected output\n--- stdout\n${out}")
endif()
set(count ${CMAKE_MATCH_1})
if(NOT EXISTS ${OUT})
  message(FATAL_ERROR "no test file written to ${OUT}")
endif()
file(READ ${OUT} text)
if(NOT text MATCHES "\npolicy: [^\n]*rules/[^\n]+\\.yaml\n")
  message(FATAL_ERROR "the test file does not name the policy by its path\n${text}")
endif()
execute_process(COMMAND ${CLI} test ${OUT}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT out MATCHES "(^|\n)${count} passed, 0 failed\n$")
  message(FATAL_ERROR "running the ${count} generated tests: exit status ${rc}\n"
                      "--- stdout\n${out}\n--- stderr\n${err}")
endif()
message(STATUS "${count} passed, 0 failed")
