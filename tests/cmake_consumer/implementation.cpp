// The one translation unit of the header-first consumers that holds ssprules' definitions.
// Any public header brings all of them here; a narrow one proves it.
#define SSPRULES_IMPLEMENTATION
#include "ssprules/calendar.hpp"
