// Compiled-mode translation unit for check.hpp.
#include "ssprules/check.hpp"

#include "ssprules/impl/check.ipp"
