"""Every public name has a docstring (for help()) and a type stub (for editors)."""

import ast
import inspect
from pathlib import Path

import ssprules
import ssprules.dask

PACKAGE = Path(ssprules.__file__).parent


def public_members(cls):
    for name, member in vars(cls).items():
        if not name.startswith("_") and (inspect.isfunction(member) or isinstance(member, property)):
            yield name, member


def test_every_public_name_has_a_docstring():
    missing = []
    for name in ssprules.__all__:
        obj = getattr(ssprules, name)
        if not (obj.__doc__ or "").strip():
            missing.append(name)
        if inspect.isclass(obj):
            for member_name, member in public_members(obj):
                if not (member.__doc__ or "").strip():
                    missing.append(f"{name}.{member_name}")
    for name in ("evaluate",):
        if not (getattr(ssprules.dask, name).__doc__ or "").strip():
            missing.append(f"dask.{name}")
    assert not missing, f"no docstring: {missing}"


def stub_names(path):
    """{top-level name: names of its members} declared in a .pyi file."""
    names = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ClassDef):
            members = set()
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    members.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    members.add(item.target.id)
            names[node.name] = members
        elif isinstance(node, ast.FunctionDef):
            names[node.name] = set()
    return names


def test_every_public_name_is_in_the_stubs():
    stubs = stub_names(PACKAGE / "__init__.pyi")
    missing = []
    for name in ssprules.__all__:
        if name not in stubs:
            missing.append(name)
            continue
        obj = getattr(ssprules, name)
        if inspect.isclass(obj):
            for member_name, _ in public_members(obj):
                if member_name not in stubs[name]:
                    missing.append(f"{name}.{member_name}")
    assert not missing, f"not in __init__.pyi: {missing}"
    assert "evaluate" in stub_names(PACKAGE / "dask.pyi")
    assert (PACKAGE / "py.typed").exists()
