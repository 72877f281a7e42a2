#!/usr/bin/env python3
"""Writes include/ssprules/detail/bundled_calendars.hpp from calendars/*.yaml: the bundled
calendars of holidays, built into the library so that `holidays: denmark` needs no file at run
time. Run it after editing a calendar; tests/unit/working_days_test.cpp fails while the header
and the files differ."""
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
files = sorted((root / "calendars").glob("*.yaml"))
rows = []
for f in files:
    text = f.read_text(encoding="utf-8")
    assert ')yaml"' not in text, f"{f} contains the raw string's end"
    rows.append(f'    {{"{f.stem}", R"yaml({text})yaml"}},\n')
out = root / "include/ssprules/detail/bundled_calendars.hpp"
out.write_text(
    "// The bundled calendars of holidays (`holidays: denmark`), made from calendars/*.yaml by\n"
    "// scripts/embed-calendars.py: do not edit by hand. No stability promise.\n"
    "#pragma once\n\n#include <string_view>\n\nnamespace ssprules::detail {\n\n"
    "/// A bundled calendar: the name policies use and its YAML text.\n"
    "struct bundled_calendar {\n  std::string_view name;\n  std::string_view text;\n};\n\n"
    "// clang-format off\ninline constexpr bundled_calendar bundled_calendars[] = {\n"
    + "".join(rows)
    + "};\n// clang-format on\n\n}  // namespace ssprules::detail\n",
    encoding="utf-8",
)
print(f"wrote {out.relative_to(root)} ({len(files)} calendars)")
