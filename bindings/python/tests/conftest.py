"""Shared fixtures: the repository root, the bundled policies, the sample case registers.

Run with the package assembled by CMake on the path:
    PYTHONPATH=build/python /usr/bin/python3 -m pytest bindings/python/tests
"""

import os
from pathlib import Path

import pytest

try:
    import ssprules  # noqa: F401
except ImportError as e:  # a clear message instead of a collection error per file
    raise SystemExit(
        f"cannot import ssprules ({e}); build it (scripts/setup.sh) and run with "
        "PYTHONPATH=build/python /usr/bin/python3 -m pytest bindings/python/tests") from e

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def copenhagen():
    return ssprules.load(ROOT / "rules" / "copenhagen" / "ssp-plus.yaml")


@pytest.fixture(scope="session")
def kolding():
    return ssprules.load(ROOT / "rules" / "kolding" / "ssp.yaml")


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `ssprules` command built beside the package (build/ssprules)."""
    package = Path(ssprules.__file__).resolve().parent
    path = Path(os.environ.get("SSPRULES_CLI", package.parent.parent / "ssprules"))
    if not path.exists():
        pytest.skip(f"the ssprules CLI is not built at {path}")
    return path
