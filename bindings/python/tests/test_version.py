"""The Python package's version is the library's (include/ssprules/version.hpp), as pip sees it."""
import pathlib
import re

import ssprules

ROOT = pathlib.Path(__file__).resolve().parents[3]


def test_version_is_the_headers_version() -> None:
    header = (ROOT / "include/ssprules/version.hpp").read_text()
    parts = [re.search(rf"#define SSPRULES_VERSION_{p} (\d+)", header) for p in ("MAJOR", "MINOR", "PATCH")]
    assert all(parts), "version.hpp lost a version macro"
    numeric = ".".join(m.group(1) for m in parts if m)
    string = re.search(r'#define SSPRULES_VERSION_STRING "([^"]+)"', header)
    assert string and string.group(1) == numeric
    assert ssprules.__version__ == numeric
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert re.search(rf'^version = "{re.escape(numeric)}"$', pyproject, re.M), "pyproject.toml's version differs"
