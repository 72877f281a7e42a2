"""Type stubs of the ssprules package (the public API)."""

import os
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any, Dict, List, Optional, Tuple, Union, overload

import pandas

__version__: str

DateLike = Union[date, str, None]
Value = Union[bool, int, float, str, date, List[Any], None]

class Diagnostic:
    """One finding about a policy, at ``file:line:column``."""
    file: str
    line: int
    column: int
    severity: str
    code: str
    message: str
    rendered: str
    def __init__(self, file: str, line: int, column: int, severity: str, code: str,
                 message: str, rendered: str = ...) -> None: ...

class PolicyError(Exception):
    """A policy that does not load; ``str()`` is the rendered diagnostics."""
    diagnostics: List[Diagnostic]
    rendered: str
    def __init__(self, diagnostics: List[Diagnostic], rendered: str) -> None: ...

class PolicyFileNotFoundError(PolicyError, FileNotFoundError):
    """A policy file that does not exist (SR0006); also a FileNotFoundError."""
    filename: str
    def __init__(self, diagnostics: List[Diagnostic], rendered: str, filename: str) -> None: ...

class UnknownFieldWarning(UserWarning):
    """Fields that are not inputs of the policy were ignored (the message suggests names)."""

class RecordError(Exception):
    """A record that could not be decided, naming the field at fault."""
    code: str
    message: str
    field: str
    record_id: Optional[str]
    def __init__(self, code: str, message: str, field: str = ...,
                 record_id: Optional[str] = ...) -> None: ...

class Field:
    """An input or output of a policy."""
    name: str
    type: str
    kind: str
    optional: bool
    default: Value
    values: Tuple[str, ...]
    doc: str

class Period:
    """A period in which the policy is in force."""
    name: str
    start: Optional[date]
    end: Optional[date]

class TestFailure:
    """One failed YAML test."""
    test: str
    file: str
    line: int
    differences: Tuple[str, ...]
    explanation: str

class CoveragePart:
    """One part of a policy a test can reach."""
    rule: str
    version: str
    part: str
    line: int
    hits: int

class PolicyCoverage:
    """Which parts of one policy file the tests reached."""
    file: str
    parts: Tuple[CoveragePart, ...]
    text: str
    @property
    def covered(self) -> int: ...
    @property
    def uncovered(self) -> Tuple[CoveragePart, ...]: ...

class BoundaryTests:
    """Tests proposed at a policy's boundaries, as a YAML test file."""
    yaml: str
    count: int
    found: int
    notes: Tuple[str, ...]
    @property
    def capped(self) -> bool: ...

class TestReport:
    """The outcome of ``Policy.test()``."""
    passed: int
    failed: int
    failures: Tuple[TestFailure, ...]
    diagnostics: str
    coverage: Tuple[PolicyCoverage, ...]
    @property
    def ok(self) -> bool: ...
    @property
    def coverage_text(self) -> str: ...

class OutputChanges:
    """How one output changes between two versions."""
    changed: int
    changes: Tuple[Tuple[str, str, int], ...]
    other: int

class DiffReport:
    """The impact of replacing a policy by a new version; ``str()`` is the text."""
    records: int
    changed_records: int
    outputs: Dict[str, OutputChanges]
    status_changes: Tuple[Tuple[str, str, int], ...]
    only_old_outputs: Tuple[str, ...]
    only_new_outputs: Tuple[str, ...]
    only_old_inputs: Tuple[str, ...]
    only_new_inputs: Tuple[str, ...]
    first_changed: Tuple[Tuple[int, str, List[str]], ...]
    text: str

class Decision(Mapping[str, Value]):
    """The outputs of one record: a read-only mapping of output name to value."""
    id: Optional[str]
    as_of: date
    error: Optional[RecordError]
    @property
    def ok(self) -> bool: ...
    def __getitem__(self, name: str) -> Value: ...
    def __iter__(self) -> Iterator[str]: ...
    def __len__(self) -> int: ...
    def explain(self, lang: str = ...) -> str:
        """How each output was decided, as text (``"en"`` or ``"da"``)."""
    def explanation(self) -> List[Dict[str, Any]]:
        """The explanation as data, one dict per rule."""
    def _repr_html_(self) -> str: ...

class Policy:
    """A checked and compiled policy: immutable, thread-safe, picklable."""
    diagnostics: List[Diagnostic]
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def path(self) -> Optional[str]: ...
    @property
    def inputs(self) -> Tuple[Field, ...]: ...
    @property
    def outputs(self) -> Tuple[Field, ...]: ...
    @property
    def effective(self) -> Tuple[Period, ...]: ...
    def evaluate(self, record: Mapping[str, Any], as_of: DateLike = ..., *,
                 strict: bool = ...) -> Decision:
        """Decides one record; raises RecordError naming the field when it cannot."""
    @overload
    def evaluate_many(self, records: pandas.DataFrame, as_of: DateLike = ...,
                      threads: int = ..., *, strict: bool = ...) -> pandas.DataFrame: ...
    @overload
    def evaluate_many(self, records: Iterable[Mapping[str, Any]], as_of: DateLike = ...,
                      threads: int = ..., *, strict: bool = ...) -> List[Decision]: ...
    def test(self) -> TestReport:
        """Runs the policy's YAML tests."""
    def boundary_tests(self, test_file: Union[str, os.PathLike[str], None] = ..., *,
                       year: int = ..., max_tests: int = ...) -> BoundaryTests:
        """Proposes tests at the policy's boundaries, expecting its current outputs."""
    def decision_record(self, record: Mapping[str, Any], key: Union[str, bytes],
                        as_of: DateLike = ..., *, strict: bool = ...) -> Dict[str, Any]:
        """An audit record of one decision without the case data; ``key`` has at least 16
        bytes (else ValueError)."""
    def diff(self, new: Policy, records: Union[pandas.DataFrame, Iterable[Mapping[str, Any]]],
             as_of: DateLike = ..., limit: int = ...) -> DiffReport:
        """What changes if this policy is replaced by ``new``, over the records."""

def load(path: Union[str, os.PathLike[str]]) -> Policy:
    """Loads, checks and compiles a policy file; raises PolicyError (a file that cannot be read
    included: SR0006, SR0005), PolicyFileNotFoundError when there is no such file."""

def loads(text: str, name: str = ...) -> Policy:
    """Loads, checks and compiles policy text; raises PolicyError."""
