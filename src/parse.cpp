// Compiled-mode translation unit for parse.hpp (yaml-cpp stays in here).
#include "ssprules/parse.hpp"

#include "ssprules/impl/parse.ipp"
