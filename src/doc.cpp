// Compiled-mode translation unit for doc.hpp.
#include "ssprules/doc.hpp"

#include "ssprules/impl/doc.ipp"
