// Compiled-mode translation unit for diff.hpp.
#include "ssprules/diff.hpp"

#include "ssprules/impl/diff.ipp"
