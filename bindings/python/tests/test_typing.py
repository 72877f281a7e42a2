"""The package's annotations are its types (it has py.typed; only the extension module has a
stub, _ssprules.pyi). mypy checks, against the package these tests import:

- with --strict, the package itself and the Python a user reads: the code blocks of README.md's
  Python section, the Python files under examples/ and the code cells of
  examples/notebooks/*.ipynb (extracted with nbformat);
- these tests (their untyped functions' bodies too);
- that it does catch type mistakes, so that a clean run means something;
- that `evaluate_many` gives a DataFrame for a DataFrame and a list of Decisions for an iterable
  of mappings, whichever way pandas is typed: untyped (Debian: no pandas-stubs, pandas is Any),
  with pandas-stubs, or with pandas' own inline annotations (a DataFrame is then an
  Iterable[Any]): the last two are played by small stand-in stubs of pandas.

At run time, help() and inspect.signature show real classes (no annotation is left a string),
and a check keeps the extension's stub and the compiled module in step.
"""

import ast
import inspect
import os
import pydoc
import re
import subprocess
import sys
import textwrap
import types
import typing
from datetime import date
from pathlib import Path
from collections import abc
from typing import Any, Iterable, List, Union

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


def mypy(files, cwd, cache, *, strict=True, untyped=UNTYPED, mypypath=None, notes=False):
    """mypy's findings over `files` as 'file:line: error: ...' lines (notes left out unless
    `notes`); `untyped`: the modules mypy takes as Any; `mypypath`: stubs found first."""
    config = cwd / "mypy.ini"
    config.write_text(textwrap.dedent(f"""\
        [mypy]
        {"strict = True" if strict else "check_untyped_defs = True"}
        warn_unused_configs = False
        [mypy-{untyped}]
        ignore_missing_imports = True
        """))
    env = dict(os.environ, MYPY_FORCE_COLOR="0")
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PACKAGE.parent), os.environ.get("PYTHONPATH", "")) if p)
    if mypypath is not None:
        env["MYPYPATH"] = str(mypypath)
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(cache),
         "--no-error-summary", "--show-error-codes", *map(str, files)],
        cwd=cwd, env=env, capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stdout + run.stderr  # 2: mypy itself failed
    return [line for line in run.stdout.splitlines() if notes or ": note: " not in line]


def readme_python_blocks():
    """The ```python blocks of README.md's section "Using it from Python"."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Using it from Python\n(.*?)(?=^## )", text, re.M | re.S)
    assert section, "README.md has no section `## Using it from Python`"
    return re.findall(r"^```python\n(.*?)^```", section.group(1), re.M | re.S)


def notebook_code(path):
    """The code cells of a notebook (read with nbformat) as one module, IPython magics
    (`%...`, `!...`) commented out, in order (a cell may use what an earlier one defined)."""
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed "
                                   "(Debian: python3-nbformat)")
    notebook = nbformat.read(path, as_version=4)
    parts = []
    for number, cell in enumerate(notebook.cells, 1):
        if cell.cell_type != "code":
            continue
        source = re.sub(r"^([%!])", r"# \1", cell.source, flags=re.M)
        parts.append(f"# cell {number}\n{source}\n")
    return "\n".join(parts)


def test_notebook_code_is_extracted_cell_by_cell_without_magics():
    code = notebook_code(ROOT / "examples" / "notebooks" / "copenhagen.ipynb")
    assert "# %matplotlib inline" in code and "\n%" not in code
    assert "policy.evaluate_many(cases" in code
    ast.parse(code)  # one module


def test_the_package_and_the_readme_and_notebook_examples_type_check(tmp_path, cache):
    examples = sorted((ROOT / "examples").rglob("*.py"))  # Python examples, if any
    blocks = readme_python_blocks()
    assert blocks, "README.md's Python section has no ```python block"
    for k, block in enumerate(blocks, 1):
        examples.append(tmp_path / f"readme_python_{k}.py")
        examples[-1].write_text(block, encoding="utf-8")
    notebooks = sorted((ROOT / "examples").rglob("*.ipynb"))
    assert notebooks, "no notebook under examples/"
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


# -- evaluate_many's overloads, whichever way pandas is typed

# A user's code: the comment after each reveal_type says which overload it must take; the lines
# after `# mistakes` must each be an error (`wrong` only when mypy knows what a DataFrame is).
USER_CODE = """\
from typing import Any, Dict, Iterator, List

import pandas as pd

import ssprules

policy = ssprules.load("rules/copenhagen/ssp-plus.yaml")
frame = pd.read_csv("examples/copenhagen-cases.csv")
rows: List[Dict[str, Any]] = [{"birth_date": "2008-03-15", "category": 4}]


def generated() -> Iterator[Dict[str, object]]:
    yield {"birth_date": "2008-03-15"}


reveal_type(policy.evaluate_many(frame))  # frame
reveal_type(policy.evaluate_many(frame, as_of="2025-03-01", threads=2, strict=True))  # frame
reveal_type(policy.evaluate_many(rows))  # decisions
reveal_type(policy.evaluate_many(generated(), "2025-03-01"))  # decisions
reveal_type(policy.evaluate_many(tuple(rows)))  # decisions
reveal_type(policy.evaluate_many(rows)[0].explain())  # str
reveal_type(policy.diff(policy, frame))  # report
reveal_type(policy.diff(policy, rows))  # report
per_route = policy.evaluate_many(frame).groupby("route").size()
# mistakes
policy.evaluate_many(42)
policy.evaluate_many({"birth_date": "2008-03-15"})
policy.evaluate_many([1, 2])
policy.evaluate_many(rows).groupby("route")
wrong: List[ssprules.Decision] = policy.evaluate_many(frame)
"""

DECISIONS = "builtins.list[ssprules._decision.Decision]"

# Stand-ins for a typed pandas, as much of it as the user's code and the package use (anything
# else is Any): as pandas-stubs declares a DataFrame (properties; iterates Hashable labels), and
# as pandas' own inline annotations do (attributes; iterates Any: so a DataFrame is also an
# Iterable[Mapping[str, Any]], the trap for the list overload).
PANDAS_STUBS = {
    "pandas-stubs": """\
from typing import Any, Hashable, Iterator

class Index:
    def __iter__(self) -> Iterator[Hashable]: ...
    def __getattr__(self, name: str) -> Any: ...

class DataFrame:
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    @property
    def columns(self) -> Index: ...
    @columns.setter
    def columns(self, value: Any) -> None: ...
    @property
    def index(self) -> Index: ...
    @index.setter
    def index(self, value: Any) -> None: ...
    def __iter__(self) -> Iterator[Hashable]: ...
    def __getattr__(self, name: str) -> Any: ...

def read_csv(path: str) -> DataFrame: ...
def __getattr__(name: str) -> Any: ...
""",
    "pandas' own annotations": """\
from typing import Any, Hashable, Iterator

class Index:
    def __iter__(self) -> Iterator[Hashable]: ...
    def __getattr__(self, name: str) -> Any: ...

class DataFrame:
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    columns: Index
    index: Index
    def __iter__(self) -> Iterator[Any]: ...
    def __getattr__(self, name: str) -> Any: ...

def read_csv(path: str) -> DataFrame: ...
def __getattr__(name: str) -> Any: ...
""",
}


def revealed_and_errors(lines):
    """({line: revealed type}, [(line, error code)]) from mypy's output over user.py."""
    revealed, errors = {}, []
    for line in lines:
        m = re.match(r'user\.py:(\d+): note: Revealed type is "(.*)"$', line)
        if m:
            revealed[int(m.group(1))] = m.group(2)
        m = re.match(r"user\.py:(\d+): error: .*\[([a-z-]+)\]$", line)
        if m:
            errors.append((int(m.group(1)), m.group(2)))
    return revealed, errors


def expected_types(frame):
    """{line: the type each reveal_type in USER_CODE must show}, a DataFrame being `frame`."""
    types_ = {"frame": frame, "decisions": DECISIONS, "str": "builtins.str",
              "report": "ssprules._policy.DiffReport"}
    return {number: types_[line.rsplit("# ", 1)[1]]
            for number, line in enumerate(USER_CODE.splitlines(), 1)
            if line.startswith("reveal_type(")}


def mistake_lines(known_frame):
    lines = USER_CODE.splitlines()
    start = lines.index("# mistakes") + 2
    return [n for n in range(start, len(lines) + 1)
            if known_frame or not lines[n - 1].startswith("wrong")]


def test_evaluate_many_types_with_untyped_pandas(tmp_path, cache):
    """Debian: no pandas-stubs, so pandas and everything it returns is Any. An iterable of
    mappings still gives list[Decision] (an overload taking pandas.DataFrame, which is Any
    here, would take it first and give Any); a frame, being Any, gives Any, not a wrong
    list[Decision]. With pandas-stubs installed, the frame is a DataFrame."""
    (tmp_path / "user.py").write_text(USER_CODE, encoding="utf-8")
    stubs = any((Path(p) / "pandas-stubs").is_dir() for p in sys.path if p)
    frame = "pandas.core.frame.DataFrame" if stubs else "Any"
    revealed, errors = revealed_and_errors(
        mypy([tmp_path / "user.py"], tmp_path, cache, notes=True))
    assert revealed == expected_types(frame)
    assert sorted({line for line, _ in errors}) == mistake_lines(known_frame=stubs), errors


@pytest.mark.parametrize("flavour", sorted(PANDAS_STUBS))
def test_evaluate_many_types_with_typed_pandas(tmp_path, cache, flavour):
    """A typed pandas (a stand-in for pandas-stubs, or for pandas' own annotations): a frame
    gives a DataFrame, an iterable of mappings a list of Decisions, and the package itself
    type-checks against it (no overlapping overloads)."""
    stubs = tmp_path / "stubs" / "pandas"
    stubs.mkdir(parents=True)
    (stubs / "__init__.pyi").write_text(PANDAS_STUBS[flavour], encoding="utf-8")
    (tmp_path / "user.py").write_text(USER_CODE, encoding="utf-8")
    untyped = ",".join(m for m in UNTYPED.split(",") if not m.startswith("pandas"))
    lines = mypy(sorted(PACKAGE.glob("*.py")) + [tmp_path / "user.py"], tmp_path, cache,
                 untyped=untyped, mypypath=tmp_path / "stubs", notes=True)
    revealed, errors = revealed_and_errors(lines)
    assert revealed == expected_types("pandas.DataFrame")
    assert sorted({line for line, _ in errors}) == mistake_lines(known_frame=True), errors
    package_errors = [line for line in lines
                      if ": error: " in line and not line.startswith("user.py:")]
    assert package_errors == []


# -- at run time: help() and inspect.signature show real classes

def annotations(obj):
    """Every annotation of the public signatures of `obj` (a class: its public methods and
    properties and __init__; a function) as (where, annotation)."""
    def of(where, function):
        if isinstance(function, property):
            function = function.fget
        if not callable(function):
            return
        sig = inspect.signature(function)
        for name, parameter in sig.parameters.items():
            if parameter.annotation is not inspect.Parameter.empty:
                yield f"{where}({name})", parameter.annotation
        if sig.return_annotation is not inspect.Signature.empty:
            yield f"{where} ->", sig.return_annotation

    if isinstance(obj, type):
        for name, member in vars(obj).items():
            if not name.startswith("_") or name == "__init__":
                yield from of(f"{obj.__name__}.{name}", member)
    else:
        yield from of(obj.__name__, obj)


def unresolved(annotation):
    """The parts of `annotation` that are names, not classes (str or ForwardRef), recursively."""
    if isinstance(annotation, (str, typing.ForwardRef)):
        return [annotation]
    return [part for arg in typing.get_args(annotation) for part in unresolved(arg)]


def test_signatures_show_real_classes():
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    date_like: object = Union[date, str, np.datetime64, None]
    assert ssprules.DateLike == date_like
    sig = inspect.signature(ssprules.Policy.evaluate_many)
    assert sig.parameters["records"].annotation == Union[pd.DataFrame,
                                                         Iterable[abc.Mapping[str, Any]]]
    assert sig.parameters["as_of"].annotation == date_like
    assert sig.return_annotation == Union[pd.DataFrame, List[ssprules.Decision]]
    assert typing.get_type_hints(ssprules.Policy.evaluate_many)["threads"] is int
    page = pydoc.plain(pydoc.render_doc(ssprules.Policy.evaluate_many))
    assert ("records: Union[pandas.core.frame.DataFrame, Iterable[collections.abc.Mapping[str, "
            "Any]]], "
            "as_of: Union[datetime.date, str, numpy.datetime64, NoneType] = None") in page
    assert "-> Union[pandas.core.frame.DataFrame, List[ssprules._decision.Decision]]" in page
    # the overloads, which help() does not show, are in the docstring
    assert "evaluate_many(records: pandas.DataFrame, ...) -> pandas.DataFrame" in page
    assert "evaluate_many(records: Iterable[Mapping[str, Any]], ...) -> List[Decision]" in page
    assert "'" not in page.splitlines()[2], page.splitlines()[2]  # no annotation as text


def test_no_public_annotation_is_left_a_string():
    pytest.importorskip("pandas")
    found = [(where, a) for name in ssprules.__all__
             for where, a in annotations(getattr(ssprules, name)) if unresolved(a)]
    assert found == []
    assert len([1 for name in ssprules.__all__ for _ in annotations(getattr(ssprules, name))]) > 50


def test_the_dask_module_shows_real_classes_too():
    pytest.importorskip("dask.dataframe")
    import dask.dataframe.core
    import ssprules.dask

    assert [(where, a) for where, a in annotations(ssprules.dask.evaluate) if unresolved(a)] == []
    sig = inspect.signature(ssprules.dask.evaluate)
    assert sig.return_annotation is dask.dataframe.core.DataFrame
    assert sig.parameters["policy"].annotation is ssprules.Policy


def test_without_pandas_the_package_imports_and_evaluates(root):
    """pandas is optional: without it (made unimportable here), the package imports, decides
    records, and the DataFrame annotations stay names."""
    script = textwrap.dedent(f"""\
        import inspect, sys
        sys.modules["pandas"] = None  # import pandas raises ImportError
        import ssprules
        policy = ssprules.load({str(root / "rules" / "copenhagen" / "ssp-plus.yaml")!r})
        (d,) = policy.evaluate_many([{{"birth_date": "2008-03-15", "category": 4,
                                       "benefit_status": "recipient"}}], as_of="2025-03-15")
        print(d["phase"])
        print(inspect.signature(ssprules.Policy.evaluate_many).return_annotation)
        """)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PACKAGE.parent), os.environ.get("PYTHONPATH", "")) if p)
    run = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["triangle", "Union[pandas.DataFrame, List[Decision]]"]


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
