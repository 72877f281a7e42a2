// Compiled-mode translation unit for record.hpp.
#include "ssprules/record.hpp"

#include "ssprules/impl/record.ipp"
