// Compiled-mode translation unit for decision_record.hpp.
#include "ssprules/decision_record.hpp"

#include "ssprules/impl/decision_record.ipp"
