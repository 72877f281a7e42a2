# Runs the CLI on one bad input and compares what it prints with the golden file.
#   CLI        the ssprules executable          MODE     check (a policy) or eval (records)
#   INPUT      the input file                   POLICY   the policy records are evaluated on
#   EXPECT     the golden file                  SOURCE_DIR  the source tree (removed from output)
#   GENERATE   optional: the input's name in GENERATOR (a script that writes INPUT first)
# The command runs in the input's folder on its bare name, so the output reads the same on
# every machine. The golden file holds stdout, then `--- stderr` and stderr when there is any,
# then `--- exit status N`. Lines longer than 300 bytes (a 1 MB source line under a diagnostic)
# are cut to their first 200 bytes and a note of how much was cut; a long caret line becomes
# `| [N spaces]^[M ~]`.
# With SSPRULES_UPDATE_GOLDEN=1 in the environment, the golden file is rewritten instead.
include(${CMAKE_CURRENT_LIST_DIR}/../golden.cmake)
if(GENERATE)
  include(${GENERATOR})
  ssprules_generate_bad_input(${GENERATE} ${INPUT})
endif()
get_filename_component(dir ${INPUT} DIRECTORY)
get_filename_component(name ${INPUT} NAME)
if(MODE STREQUAL "eval")
  set(command ${CLI} eval ${POLICY} ${name} --as-of 2025-03-01)
else()
  set(command ${CLI} check ${name})
endif()
execute_process(COMMAND ${command} WORKING_DIRECTORY ${dir}
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 100)

# Cuts every line longer than 300 bytes (byte-wise, without treating the text as a list).
function(cut_long_lines text result)
  set(done "")
  while(NOT text STREQUAL "")
    string(FIND "${text}" "\n" nl)
    if(nl EQUAL -1)
      string(LENGTH "${text}" nl)
      set(line "${text}")
      set(text "")
    else()
      string(SUBSTRING "${text}" 0 ${nl} line)
      math(EXPR rest "${nl} + 1")
      string(SUBSTRING "${text}" ${rest} -1 text)
      set(nl_char "\n")
    endif()
    string(LENGTH "${line}" length)
    if(length GREATER 300 AND line MATCHES "^( *\\| )( *)\\^(~*)$")  # a caret line
      string(LENGTH "${CMAKE_MATCH_2}" spaces)
      string(LENGTH "${CMAKE_MATCH_3}" tildes)
      set(line "${CMAKE_MATCH_1}[${spaces} spaces]^[${tildes} ~]")
    elseif(length GREATER 300)
      string(SUBSTRING "${line}" 0 200 head)
      math(EXPR cut "${length} - 200")
      set(line "${head} [... ${cut} more bytes cut by the test]")
    endif()
    string(APPEND done "${line}${nl_char}")
    set(nl_char "")
  endwhile()
  set(${result} "${done}" PARENT_SCOPE)
endfunction()

set(actual "")
cut_long_lines("${out}" out)
string(APPEND actual "${out}")
if(NOT err STREQUAL "")
  cut_long_lines("${err}" err)
  string(APPEND actual "--- stderr\n${err}")
endif()
string(APPEND actual "--- exit status ${rc}\n")
string(REPLACE "${SOURCE_DIR}/" "" actual "${actual}")

compare_with_golden("${actual}" ${EXPECT} "the output")
