// Compiled-mode translation unit for detail/machine.hpp: the interpreter.
#include "ssprules/detail/machine.hpp"

#include "ssprules/impl/machine.ipp"
