// Compiled-mode translation unit for evaluate.hpp.
#include "ssprules/evaluate.hpp"

#include "ssprules/impl/evaluate.ipp"
