// Compiled-mode translation unit for diagnostic.hpp.
#include "ssprules/diagnostic.hpp"

#include "ssprules/impl/diagnostic.ipp"
