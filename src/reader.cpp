// Compiled-mode translation unit for reader.hpp.
#include "ssprules/reader.hpp"

#include "ssprules/impl/reader.ipp"
