"""Every public name has a docstring (for help()) and annotations (for editors and mypy)."""

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


def annotations_missing(name, function):
    """The parameters (and `return`) of `function` without an annotation."""
    signature = inspect.signature(function)
    missing = [f"{name}({p.name})" for p in signature.parameters.values()
               if p.name not in ("self", "cls") and p.annotation is inspect.Parameter.empty]
    if signature.return_annotation is inspect.Signature.empty:
        missing.append(f"{name} -> ?")
    return missing


def test_every_public_name_is_annotated():
    """The package's own annotations are its types (py.typed, no stubs of the .py files: they
    would be a second copy); tests/test_typing.py runs mypy over the examples with them."""
    missing = []
    for name in ssprules.__all__:
        obj = getattr(ssprules, name)
        if inspect.isfunction(obj):
            missing += annotations_missing(name, obj)
        elif inspect.isclass(obj):
            for member_name, member in public_members(obj):
                function = member.fget if isinstance(member, property) else member
                missing += annotations_missing(f"{name}.{member_name}", function)
    missing += annotations_missing("dask.evaluate", ssprules.dask.evaluate)
    assert not missing, f"not annotated: {missing}"
    assert (PACKAGE / "py.typed").exists()
    stubs = sorted(p.name for p in PACKAGE.glob("*.pyi"))
    assert stubs == ["_ssprules.pyi"], "only the extension module has stubs"
