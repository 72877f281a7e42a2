// Compiled-mode translation unit for testing.hpp.
#include "ssprules/testing.hpp"

#include "ssprules/impl/testing.ipp"
