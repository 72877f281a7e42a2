// Compiled-mode translation unit for the boundary tests of testing.hpp.
#include "ssprules/impl/boundaries.ipp"

#include "ssprules/testing.hpp"
