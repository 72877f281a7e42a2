// Compiled-mode translation unit for calendar.hpp.
#include "ssprules/calendar.hpp"

#include "ssprules/impl/calendar.ipp"
