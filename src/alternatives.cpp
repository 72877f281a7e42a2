// Compiled-mode translation unit for alternatives.hpp.
#include "ssprules/alternatives.hpp"

#include "ssprules/impl/alternatives.ipp"
