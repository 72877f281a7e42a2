// Compiled-mode translation unit for graph.hpp.
#include "ssprules/graph.hpp"

#include "ssprules/impl/graph.ipp"
