# Removes from the assembled package (DEST) the .py and .pyi files that the sources (SOURCE,
# bindings/python/ssprules) no longer have, so that a deleted module or stub does not linger in
# build/python and shadow what replaced it (a stale __init__.pyi would hide __init__.py's types).
#   cmake -DSOURCE=... -DDEST=... -P remove_stale.cmake
file(GLOB assembled RELATIVE ${DEST} ${DEST}/*.py ${DEST}/*.pyi)
foreach(name IN LISTS assembled)
  if(NOT EXISTS ${SOURCE}/${name})
    file(REMOVE ${DEST}/${name})
  endif()
endforeach()
