// Compiled-mode translation unit for compile.hpp.
#include "ssprules/compile.hpp"

#include "ssprules/impl/compile.ipp"
