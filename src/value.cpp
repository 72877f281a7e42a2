// Compiled-mode translation unit for value.hpp.
#include "ssprules/value.hpp"

#include "ssprules/impl/value.ipp"
