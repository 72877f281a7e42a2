// Compiled-mode translation unit for source.hpp.
#include "ssprules/source.hpp"

#include "ssprules/impl/source.ipp"
