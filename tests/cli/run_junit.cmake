# Runs `ssprules test ... --junit FILE` once and checks its exit status and the XML it wrote.
#   CLI     path of the ssprules executable     ARGS   its arguments, separated by `|`
#   EXIT    expected exit status                JUNIT  where the XML goes (in the build tree)
#   EXPECT  golden file for the XML, with every time="…" written as time="0"
# With SSPRULES_UPDATE_GOLDEN=1 in the environment, the golden file is rewritten instead.
include(${CMAKE_CURRENT_LIST_DIR}/../golden.cmake)
string(REPLACE "|" ";" ARGS "${ARGS}")
file(REMOVE ${JUNIT})
execute_process(COMMAND ${CLI} ${ARGS} --junit ${JUNIT}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT "${rc}" STREQUAL "${EXIT}")
  message(FATAL_ERROR "exit status ${rc}, expected ${EXIT}\n--- stdout\n${out}\n--- stderr\n${err}")
endif()
if(NOT EXISTS ${JUNIT})
  message(FATAL_ERROR "no JUnit XML written to ${JUNIT}\n--- stderr\n${err}")
endif()
file(READ ${JUNIT} xml)
# times differ from run to run
string(REGEX REPLACE "time=\"[0-9]+\\.[0-9]+\"" "time=\"0\"" xml "${xml}")
compare_with_golden("${xml}" ${EXPECT} "the JUnit XML")
