// `field_value` holds a view of its text: built from a temporary string it would dangle, so that
// must not compile (tests/compile_fail/run.cmake compiles this file both ways).
#include <string>

#include "ssprules/record.hpp"

int main() {
  std::string id = "1";
#ifdef SSPRULES_EXPECT_FAILURE
  ssprules::field_value v = ssprules::field_value::text("case-" + id);  // a temporary: refused
#else
  std::string text = "case-" + id;  // the way to do it: the text outlives the field
  ssprules::field_value v = ssprules::field_value::text(text);
  ssprules::field_value literal = ssprules::field_value::string("literal");
  ssprules::field_value view = ssprules::field_value::number(std::string_view(text));
  (void)literal;
  (void)view;
#endif
  return v.get_text().empty() ? 1 : 0;
}
