"""Errors and diagnostics of the ssprules package."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from typing import Any, List, Optional, Tuple


@dataclass(frozen=True)
class Diagnostic:
    """One finding about a policy, at ``file:line:column``.

    ``severity`` is ``"error"`` or ``"warning"``; ``code`` is stable (``SR0301`` …, see
    docs/diagnostics.md); ``rendered`` is the full text with the source line and a caret.
    """

    file: str
    line: int
    column: int
    severity: str
    code: str
    message: str
    rendered: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}[{self.code}]: {self.message}"


class PolicyError(Exception):
    """A policy that does not load: it does not parse, check or compile.

    ``diagnostics`` lists every finding (errors and warnings); ``str()`` is the rendered
    diagnostics, as ``ssprules check`` prints them.
    """

    def __init__(self, diagnostics: List[Diagnostic], rendered: str) -> None:
        super().__init__(rendered)
        self.diagnostics = diagnostics
        self.rendered = rendered

    def __str__(self) -> str:
        return self.rendered

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (PolicyError, (self.diagnostics, self.rendered))


class PolicyFileNotFoundError(PolicyError, FileNotFoundError):
    """A policy file that does not exist: a :class:`PolicyError` (its diagnostic is SR0006,
    ``cannot read the file: no such file``) that is also a ``FileNotFoundError``, as ``open``
    would raise, with ``filename`` set."""

    def __init__(self, diagnostics: List[Diagnostic], rendered: str, filename: str) -> None:
        PolicyError.__init__(self, diagnostics, rendered)
        self.errno = errno.ENOENT
        self.strerror = "No such file or directory"
        self.filename = filename

    def __reduce__(self) -> Tuple[Any, Tuple[Any, ...]]:
        return (PolicyFileNotFoundError, (self.diagnostics, self.rendered, self.filename))


class RecordError(Exception):
    """A record that could not be decided: a missing or invalid field, or a rule that failed.

    ``code`` (``SR1001`` …), ``message`` and ``field`` (the field at fault, or ``""``) come from
    the engine; ``record_id`` is the record's ``id`` field, if it had one. Messages name the
    field, never its value.
    """

    def __init__(self, code: str, message: str, field: str = "",
                 record_id: Optional[str] = None) -> None:
        super().__init__(code, message, field, record_id)
        self.code = code
        self.message = message
        self.field = field
        self.record_id = record_id

    def __str__(self) -> str:
        where = f" (record {self.record_id})" if self.record_id is not None else ""
        return f"{self.code}: {self.message}{where}"

    def __repr__(self) -> str:
        return (f"RecordError(code={self.code!r}, message={self.message!r}, "
                f"field={self.field!r}, record_id={self.record_id!r})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RecordError) and self.args == other.args

    def __hash__(self) -> int:
        return hash(self.args)


class UnknownFieldWarning(UserWarning):
    """A record has fields that are not inputs of the policy: they are ignored. The message
    names them and the input each most likely means (``did you mean `category`?``). Raised as
    ``ValueError`` instead with ``strict=True`` or the policy's ``unknown_fields: error``."""


class ColumnWarning(UserWarning):
    """Most rows of a DataFrame column fail the same way in ``Policy.evaluate_many`` (a column of
    ``dd-mm-yyyy`` texts for a date input, floats for an enum): one warning per such column,
    naming it, how many records fail, the error, and the pandas conversion that fixes it
    (``df["birth_date"] = pd.to_datetime(df["birth_date"], format="%d-%m-%Y")``). Every record
    still has its own row and its own error; the warning says what they have in common."""
