// Compiled-mode translation unit for policy_store.hpp.
#include "ssprules/policy_store.hpp"

#include "ssprules/impl/policy_store.ipp"
