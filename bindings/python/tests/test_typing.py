"""The package's annotations are its types (it has py.typed; only the extension module has a
stub, _ssprules.pyi). mypy checks, against the package these tests import:

- with --strict, the package itself and the Python a user reads: the code blocks of README.md's
  Python section and the code cells of examples/notebooks/*.ipynb;
- these tests (their untyped functions' bodies too);
- and that it does catch type mistakes, so that a clean run means something.

A runtime check keeps the extension's stub and the compiled module in step.
"""

import ast
import json
import os
import re
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

import ssprules
from ssprules import _ssprules

ROOT = Path(__file__).resolve().parents[3]
TESTS = Path(__file__).resolve().parent
PACKAGE = Path(ssprules.__file__).resolve().parent

pytest.importorskip("mypy", reason="mypy is not installed (Debian: python3-mypy)")

# Libraries without annotations (no py.typed, no stubs on Debian 12): their names are Any.
UNTYPED = "pandas.*,matplotlib.*,nbclient.*,nbformat.*,distributed.*"


@pytest.fixture(scope="session")
def cache(tmp_path_factory):
    """One mypy cache for the session: numpy's and dask's annotations are read once."""
    return tmp_path_factory.mktemp("mypy-cache")


def mypy(files, cwd, cache, *, strict=True):
    """mypy's findings over `files` as 'file:line: error: ...' lines (notes left out)."""
    config = cwd / "mypy.ini"
    config.write_text(textwrap.dedent(f"""\
        [mypy]
        {"strict = True" if strict else "check_untyped_defs = True"}
        warn_unused_configs = False
        [mypy-{UNTYPED}]
        ignore_missing_imports = True
        """))
    env = dict(os.environ, MYPY_FORCE_COLOR="0")
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PACKAGE.parent), os.environ.get("PYTHONPATH", "")) if p)
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(cache),
         "--no-error-summary", "--show-error-codes", *map(str, files)],
        cwd=cwd, env=env, capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stdout + run.stderr  # 2: mypy itself failed
    return [line for line in run.stdout.splitlines() if ": note: " not in line]


def readme_python_blocks():
    """The ```python blocks of README.md's section "Using it from Python"."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Using it from Python\n(.*?)(?=^## )", text, re.M | re.S)
    assert section, "README.md has no section `## Using it from Python`"
    return re.findall(r"^```python\n(.*?)^```", section.group(1), re.M | re.S)


def notebook_code(path):
    """The code cells of a notebook as one module, IPython magics (`%...`, `!...`) commented
    out, in order (a cell may use what an earlier one defined)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    parts = []
    for number, cell in enumerate(cells, 1):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        source = re.sub(r"^([%!])", r"# \1", source, flags=re.M)
        parts.append(f"# cell {number}\n{source}\n")
    return "\n".join(parts)


def test_the_package_and_the_readme_and_notebook_examples_type_check(tmp_path, cache):
    examples = []
    blocks = readme_python_blocks()
    assert blocks, "README.md's Python section has no ```python block"
    for k, block in enumerate(blocks, 1):
        examples.append(tmp_path / f"readme_python_{k}.py")
        examples[-1].write_text(block, encoding="utf-8")
    notebooks = sorted((ROOT / "examples" / "notebooks").glob("*.ipynb"))
    assert notebooks, "no notebook in examples/notebooks"
    for notebook in notebooks:
        examples.append(tmp_path / f"notebook_{notebook.stem.replace('-', '_')}.py")
        examples[-1].write_text(notebook_code(notebook), encoding="utf-8")
    package = sorted(PACKAGE.glob("*.py"))
    assert PACKAGE / "_policy.py" in package
    errors = mypy(package + examples, tmp_path, cache)
    assert errors == [], "\n".join(errors)


def test_the_test_suite_type_checks(tmp_path, cache):
    errors = mypy(sorted(TESTS.glob("*.py")), tmp_path, cache, strict=False)
    assert errors == [], "\n".join(errors)


def test_mypy_catches_type_mistakes(tmp_path, cache):
    mistakes = tmp_path / "mistakes.py"
    mistakes.write_text(textwrap.dedent("""\
        import ssprules

        policy = ssprules.load("rules/copenhagen/ssp-plus.yaml")
        decision = policy.evaluate({"category": 4}, as_of="2025-03-15")
        policy.evaluate(42)
        policy.outputs + 1
        decision.as_of.year + "1"
        report: int = policy.test()
        policy.evaluate_many([{"category": 4}])[0].explain(lang=1)
        """))
    errors = mypy([mistakes], tmp_path, cache)
    found = [re.match(r"mistakes\.py:(\d+): error: .*\[([a-z-]+)\]$", e) for e in errors]
    assert all(found), "\n".join(errors)
    assert [(int(m.group(1)), m.group(2)) for m in found if m] == [
        (5, "arg-type"), (6, "operator"), (7, "operator"), (8, "assignment"), (9, "arg-type")
    ], "\n".join(errors)


def stub_classes():
    """{class name: the attributes and methods _ssprules.pyi declares for it}."""
    tree = ast.parse((PACKAGE / "_ssprules.pyi").read_text(encoding="utf-8"))
    classes = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names = set()
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    names.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(item.target.id)
            classes[node.name] = names
    return classes


def test_the_extension_stub_declares_what_the_module_has():
    classes = stub_classes()
    compiled = {name for name, obj in vars(_ssprules).items()
                if isinstance(obj, type) and not name.startswith("_")}
    assert set(classes) == compiled
    for name, declared in classes.items():
        cls = getattr(_ssprules, name)
        if issubclass(cls, Exception):
            continue
        if issubclass(cls, tuple):  # a struct sequence: its fields (not n_fields and the like)
            has = {a for a, v in vars(cls).items() if isinstance(v, types.MemberDescriptorType)}
        else:
            has = {a for a in vars(cls) if not a.startswith("_")}
        assert declared == has, f"_ssprules.{name}"
