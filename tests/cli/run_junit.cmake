# Runs `ssprules test ... --junit FILE` once and checks its exit status and the XML it wrote.
#   CLI     path of the ssprules executable     ARGS   its arguments, separated by `|`
#   EXIT    expected exit status                JUNIT  where the XML goes (in the build tree)
#   EXPECT  golden file for the XML, with every time="…" written as time="0"
#   PYTHON  python3, whose XML parser (xml.etree) must read the file: every JUnit file the suite
#           writes is checked to be well-formed by a real parser, not only against its golden
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
if(NOT PYTHON)
  message(FATAL_ERROR "no python3 to parse the JUnit XML with (Debian: apt-get install -y python3)")
endif()
execute_process(COMMAND ${PYTHON} -c
                        "import sys, xml.etree.ElementTree as e; e.parse(sys.argv[1])" ${JUNIT}
                RESULT_VARIABLE parsed ERROR_VARIABLE parse_error)
if(NOT parsed EQUAL 0)
  message(FATAL_ERROR "the JUnit XML in ${JUNIT} is not well-formed XML:\n${parse_error}")
endif()
file(READ ${JUNIT} xml)
# times differ from run to run
string(REGEX REPLACE "time=\"[0-9]+\\.[0-9]+\"" "time=\"0\"" xml "${xml}")
compare_with_golden("${xml}" ${EXPECT} "the JUnit XML")
