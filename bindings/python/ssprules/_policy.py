"""Policy: a loaded, checked and compiled policy, and the functions that load one."""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import (TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Optional, Tuple, Union,
                    overload)

from . import _ssprules
from ._decision import Decision, Value
from ._errors import (Diagnostic, PolicyError, PolicyFileNotFoundError, RecordError,
                      UnknownFieldWarning)

if TYPE_CHECKING:
    import numpy
    import pandas
    from typing_extensions import TypeGuard

#: An evaluation date: a ``datetime.date``, ``YYYY-MM-DD``, a ``pandas.Timestamp`` or
#: ``numpy.datetime64`` at midnight, or ``None`` for today.
DateLike = Union[date, str, "numpy.datetime64", None]


@dataclass(frozen=True)
class Field:
    """An input or output of a policy: its name, its type as policies write it
    (``integer 1..4``, ``enum {recipient, self_supporting}``, ``date?``), the kind (``bool``,
    ``integer``, ``decimal``, ``string``, ``enum``, ``date``, ``list``), whether it may be
    missing, its default (inputs), its enum values and its documentation."""

    name: str
    type: str
    kind: str
    optional: bool
    default: Value
    values: Tuple[str, ...]
    doc: str


@dataclass(frozen=True)
class Period:
    """A period in which the policy is in force; ``start``/``end`` are ``None`` when open."""

    name: str
    start: Optional[date]
    end: Optional[date]


@dataclass(frozen=True)
class TestFailure:
    """One failed YAML test: where it is, what differed, and the explanation it got."""

    __test__ = False  # not a pytest test class

    test: str
    file: str
    line: int
    differences: Tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class CoveragePart:
    """One part of a policy a test can reach: a rule's expression, a case or ``otherwise``, a
    table row; ``version`` names the rule's version (empty without ``versions:``); ``hits``
    counts the evaluations it decided."""

    rule: str
    version: str
    part: str
    line: int
    hits: int


@dataclass(frozen=True)
class PolicyCoverage:
    """Which parts of one policy file the tests reached; ``str()`` is the text
    ``ssprules test --coverage`` prints for the file."""

    file: str
    parts: Tuple[CoveragePart, ...]
    text: str

    @property
    def covered(self) -> int:
        """How many parts at least one test reached."""
        return sum(1 for p in self.parts if p.hits > 0)

    @property
    def uncovered(self) -> Tuple[CoveragePart, ...]:
        """The parts no test reached, in file order."""
        return tuple(p for p in self.parts if p.hits == 0)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class BoundaryTests:
    """Tests proposed at a policy's boundaries (``Policy.boundary_tests``): ``yaml`` is the
    test file, ``count`` its tests, ``found`` the cases found before the cap, ``notes`` how
    they were chosen. Their expectations are today's outputs: review them."""

    yaml: str
    count: int
    found: int
    notes: Tuple[str, ...]

    @property
    def capped(self) -> bool:
        """True when cases were left out to stay within ``max_tests``."""
        return self.found > self.count

    def __str__(self) -> str:
        return self.yaml


@dataclass(frozen=True)
class TestReport:
    """The outcome of ``Policy.test()``: counts, failures, problems with test files, and the
    coverage of the policy file (``coverage_text`` as ``ssprules test --coverage`` prints it)."""

    __test__ = False

    passed: int
    failed: int
    failures: Tuple[TestFailure, ...] = ()
    diagnostics: str = ""
    coverage: Tuple[PolicyCoverage, ...] = ()

    @property
    def coverage_text(self) -> str:
        """The coverage of every policy file tested, as ``ssprules test --coverage`` prints it."""
        return "".join(c.text for c in self.coverage)

    @property
    def ok(self) -> bool:
        """True when every test passed."""
        return self.failed == 0

    def __str__(self) -> str:
        lines = [f"{f.file}:{f.line}: {f.test}\n" + "".join(f"  {d}\n" for d in f.differences)
                 for f in self.failures]
        return self.diagnostics + "".join(lines) + f"{self.passed} passed, {self.failed} failed"


@dataclass(frozen=True)
class OutputChanges:
    """How one output changes between two versions: records that change, and per
    ``(old, new, records)`` value pair how many (values as text, ``error SR…`` for a failure);
    ``other`` counts changes beyond the first 50 pairs."""

    changed: int
    changes: Tuple[Tuple[str, str, int], ...]
    other: int


@dataclass(frozen=True)
class DiffReport:
    """The impact of replacing a policy by a new version (``Policy.diff``); ``str()`` is the
    text ``ssprules diff`` prints."""

    records: int
    changed_records: int
    outputs: Dict[str, OutputChanges]
    status_changes: Tuple[Tuple[str, str, int], ...]
    only_old_outputs: Tuple[str, ...]
    only_new_outputs: Tuple[str, ...]
    only_old_inputs: Tuple[str, ...]
    only_new_inputs: Tuple[str, ...]
    first_changed: Tuple[Tuple[int, str, List[str]], ...]
    text: str = field(repr=False, default="")

    def __str__(self) -> str:
        return self.text


def _diagnostics(raw: List[_ssprules.Diagnostic]) -> List[Diagnostic]:
    return [Diagnostic(d.file, d.line, d.column, d.severity, d.code, d.message, d.rendered)
            for d in raw]


def _field(f: _ssprules.FieldInfo) -> Field:
    return Field(f.name, f.type, f.kind, f.optional, f.default, tuple(f.values), f.doc)


def _as_of(as_of: DateLike) -> date:
    """`as_of` checked now, as a ``datetime.date``; today for None. A datetime, Timestamp or
    datetime64 at midnight is its date; another time of day is a TypeError (the C++ `to_date`)."""
    return date.today() if as_of is None else _ssprules.as_of_date(as_of)


#: `as_of` checked now (for work that runs later, elsewhere).
_evaluation_date = _as_of


def _warn_unknown(warning: Optional[str], stacklevel: int = 3) -> None:
    """Emits the engine's unknown-field warning (None: nothing to say) at the caller's line."""
    if warning is not None:
        warnings.warn(warning, UnknownFieldWarning, stacklevel=stacklevel)


def _record_error(raw: _ssprules.RecordError, record_id: Optional[str]) -> RecordError:
    return RecordError(raw.code, raw.message, raw.field, record_id)


class Policy:
    """A checked and compiled policy. Immutable: safe to share between threads, and it
    pickles (the policy text travels, and is compiled again where it lands)."""

    def __init__(self, core: _ssprules.Core, text: str, name: str, path: Optional[str],
                 diagnostics: List[Diagnostic]) -> None:
        self._core = core
        self._text = text
        self._name = name
        self._path = path
        self._outputs = tuple(_field(f) for f in core.outputs)
        self._inputs = tuple(_field(f) for f in core.inputs)
        self._output_names = [f.name for f in self._outputs]
        #: Warnings found while loading (a policy with errors does not load).
        self.diagnostics = diagnostics

    # -- what the policy is
    @property
    def id(self) -> str:
        """The policy's ``id``."""
        return self._core.id

    @property
    def title(self) -> str:
        """The policy's ``title``."""
        return self._core.title

    @property
    def version(self) -> str:
        """The policy's ``version``."""
        return self._core.version

    @property
    def path(self) -> Optional[str]:
        """The file it was loaded from (``None`` for ``loads``)."""
        return self._path

    @property
    def inputs(self) -> Tuple[Field, ...]:
        """The input fields a record may have, in declaration order."""
        return self._inputs

    @property
    def outputs(self) -> Tuple[Field, ...]:
        """The outputs of every decision, in declaration order."""
        return self._outputs

    @property
    def effective(self) -> Tuple[Period, ...]:
        """The periods in which the policy is in force, ascending."""
        return tuple(Period(p.name, p.start, p.end) for p in self._core.effective)

    def __repr__(self) -> str:
        return f"<Policy {self.id!r} ({self.title}) from {self._name}>"

    # -- evaluation
    def evaluate(self, record: Mapping[str, Any], as_of: DateLike = None, *,
                 strict: bool = False) -> Decision:
        """Decides one record (a mapping of field name to value) on ``as_of`` (a
        ``datetime.date`` or ``YYYY-MM-DD``; default today; a record's own ``as_of`` field
        wins). Values are read by the table "How records are read" in docs/rule-language.md:
        dates may be ``datetime.date`` or ISO strings; ``None``, NaN, NaT and ``pd.NA`` are
        missing values.

        Fields that are not inputs are ignored with an :class:`UnknownFieldWarning` naming them
        (and the input each most likely means); with ``strict=True`` (or the policy's
        ``unknown_fields: error``) they raise ``ValueError`` before anything is evaluated.
        Raises :class:`RecordError` naming the field when the record cannot be decided.
        """
        when = _as_of(as_of)
        result = self._core.evaluate(record, when, False, "en", strict)
        _warn_unknown(result.warning)
        if result.error is not None:
            raise _record_error(result.error, result.id)
        return Decision(dict(zip(self._output_names, result.values)), result.id, result.as_of,
                        None, self._explainer(record, when))

    def _explainer(self, record: Mapping[str, Any], when: date) -> _Explainer:
        return _Explainer(self, record, when)

    @overload
    def evaluate_many(self, records: Iterable[Mapping[str, Any]], as_of: DateLike = None,
                      threads: int = 0, *, strict: bool = False) -> List[Decision]: ...

    @overload
    def evaluate_many(self, records: pandas.DataFrame, as_of: DateLike = None,
                      threads: int = 0, *, strict: bool = False) -> pandas.DataFrame: ...

    def evaluate_many(self, records: Union[pandas.DataFrame, Iterable[Mapping[str, Any]]],
                      as_of: DateLike = None, threads: int = 0, *,
                      strict: bool = False) -> Union[pandas.DataFrame, List[Decision]]:
        """Decides many records, one result per record, in order; never drops a record.

        ``records`` is a pandas DataFrame (one record per row, columns named like the inputs)
        or an iterable of mappings. A DataFrame gives a DataFrame with the same index, one
        column per output (nullable dtypes: ``boolean``, ``Int64``, ``float64``,
        ``datetime64[ns]``, ``category`` for enums) and an ``error`` column (``None``, or
        ``"CODE: message"``); a record with an error has every output missing. A date output
        outside what ``datetime64[ns]`` holds (1677-09-22 to 2262-04-11) makes its row an
        error (SR1019; ``evaluate()`` gives such a date as a ``datetime.date``). An iterable
        gives a list of :class:`Decision` whose ``error`` is set for records that could not be
        decided. Values are read as by ``evaluate()``; fields that are not inputs give one
        :class:`UnknownFieldWarning` per call, or with ``strict=True`` a ``ValueError`` before
        anything is evaluated. Columns are converted in bulk, and the records are evaluated
        without the GIL on ``threads`` threads (0: one per core).
        """
        if threads < 0:
            raise ValueError("threads: give 0 (one per core) or a positive number")
        when = _as_of(as_of)
        if _is_data_frame(records):
            from ._frames import evaluate_frame
            frame, warning = evaluate_frame(self, records, when, threads, strict)
            _warn_unknown(warning)
            return frame
        if isinstance(records, Mapping):
            raise TypeError("evaluate_many takes many records (a DataFrame or an iterable of "
                            "mappings); use evaluate() for one record")
        listed = list(records)
        result = self._core.evaluate_records(listed, when, threads, strict)
        _warn_unknown(result.warning)
        return self._decisions(listed, result, when)

    def _decisions(self, records: List[Mapping[str, Any]], result: _ssprules.BatchResult,
                   when: date) -> List[Decision]:
        from ._frames import python_columns
        columns = python_columns(self, result)
        errors: Dict[int, _ssprules.RecordError] = dict(zip(result.error_rows.tolist(),
                                                             result.errors))
        assert result.as_of is not None  # evaluate_records gives each record's date
        out = []
        for i, (record, day) in enumerate(zip(records, result.as_of)):
            values = {name: column[i] for name, column in columns}
            given = record.get("id")
            rid = None if given is None else str(given)
            raw = errors.get(i)
            error = None if raw is None else _record_error(raw, rid)
            out.append(Decision(values, rid, day, error, self._explainer(record, when)))
        return out

    # -- audit
    def decision_record(self, record: Mapping[str, Any], key: Union[str, bytes],
                        as_of: DateLike = None, *, strict: bool = False) -> Dict[str, Any]:
        """An audit record of the decision on ``record`` without the case data: policy id,
        version and SHA-256 of its source, the evaluation date, an HMAC-SHA256 of the inputs
        under ``key`` (keep it secret: it is what stops anyone from recovering the inputs by
        trying every value), which inputs were present, the outputs (or the error) and what
        decided each rule. The same record as ``ssprules eval --records``. ``key`` has at
        least 16 bytes (NUL bytes at its end not counted), else ``ValueError``."""
        import json
        if not isinstance(key, (str, bytes)):
            raise TypeError(f"key: give the secret key as str or bytes, not {type(key).__name__}")
        result = self._core.decision_record(record, _as_of(as_of), key, strict)
        _warn_unknown(result.warning)
        audit: Dict[str, Any] = json.loads(result.json)
        return audit

    # -- impact of a change
    def diff(self, new: Policy, records: Union[pandas.DataFrame, Iterable[Mapping[str, Any]]],
             as_of: DateLike = None, limit: int = 10) -> DiffReport:
        """What changes if this policy is replaced by ``new``: both versions evaluate the same
        records (an iterable of mappings or a pandas DataFrame) and the report counts, per
        output, the records that go from one value to another, records whose error status
        changes, and keeps the first ``limit`` changed records. ``str()`` of the report is what
        ``ssprules diff`` prints, with both explanations of each kept record side by side."""
        if not isinstance(new, Policy):
            raise TypeError(f"new: give an ssprules.Policy, not {type(new).__name__}")
        if limit < 0:
            raise ValueError("limit: give 0 or a positive number")
        if _is_data_frame(records):
            frame = records.astype(object).where(records.notna(), None)
            records = frame.to_dict("records")
        elif isinstance(records, Mapping):
            raise TypeError("diff takes many records (a DataFrame or an iterable of mappings)")
        result = self._core.diff(new._core, records, _as_of(as_of), limit)
        _warn_unknown(result.warning)  # fields neither version reads
        r = result.report
        return DiffReport(
            records=r.records, changed_records=r.changed_records,
            outputs={o.output: OutputChanges(o.changed, _changes(o.changes), o.other_changes)
                     for o in r.outputs},
            status_changes=_changes(r.status_changes),
            only_old_outputs=tuple(r.only_old_outputs),
            only_new_outputs=tuple(r.only_new_outputs),
            only_old_inputs=tuple(r.only_old_inputs),
            only_new_inputs=tuple(r.only_new_inputs),
            first_changed=tuple((c.index, c.id, c.outputs) for c in r.first_changed),
            text=r.text)

    # -- tests
    def test(self) -> TestReport:
        """Runs the policy's YAML tests: its inline ``tests:`` and, for a policy loaded from a
        file, the test files beside it that name it (``policy: <file>``)."""
        r = self._core.run_tests(self._path or "")
        return TestReport(
            r.passed, r.failed,
            tuple(TestFailure(f.test, f.file, f.line, tuple(f.differences), f.explanation)
                  for f in r.failures),
            r.rendered,
            tuple(PolicyCoverage(c.file,
                                 tuple(CoveragePart(p.rule, p.version, p.part, p.line, p.hits)
                                       for p in c.parts),
                                 c.text)
                  for c in r.coverage))

    def boundary_tests(self, test_file: Union[str, os.PathLike[str], None] = None, *,
                       year: int = 2025, max_tests: int = 200) -> BoundaryTests:
        """Proposes tests on each side of every birthday, deadline, period end and parameter
        change of the policy, expecting its current outputs (``ssprules test
        --generate-boundaries``). With ``test_file`` the YAML is also written there, naming
        the policy by its path from that file's folder; otherwise by its file name."""
        if max_tests < 1:
            raise ValueError("max_tests must be at least 1")
        name = os.path.basename(self._path) if self._path else self._name
        if test_file is not None and self._path:
            folder = os.path.dirname(os.path.abspath(os.fspath(test_file)))
            name = os.path.relpath(os.path.abspath(self._path), folder).replace(os.sep, "/")
        tests = self._core.boundary_tests(year, max_tests)
        text = tests.yaml(name)
        if test_file is not None:
            with open(test_file, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
        return BoundaryTests(text, tests.count, tests.found, tuple(tests.notes))

    # -- pickling: the text travels; quotes were verified when it was first loaded
    def __reduce__(self) -> Tuple[Callable[[str, str, Optional[str]], Policy],
                                  Tuple[str, str, Optional[str]]]:
        return (_restore, (self._text, self._name, self._path))


class _Explainer:
    """A decision's explanation on request: the record evaluated again, with explanations, on
    the same date. It pickles (the policy as its text, the record as a dict), so decisions do."""

    __slots__ = ("_policy", "_record", "_when")

    def __init__(self, policy: Policy, record: Mapping[str, Any], when: date) -> None:
        self._policy = policy
        self._record = record
        self._when = when

    def __call__(self, lang: str) -> Tuple[str, str]:
        result = self._policy._core.evaluate(self._record, self._when, True, lang)
        assert result.explanation_json is not None and result.explanation_text is not None
        return result.explanation_json, result.explanation_text

    def __reduce__(self) -> Tuple[Any, ...]:
        record = self._record if type(self._record) is dict else dict(self._record)
        return (_Explainer, (self._policy, record, self._when))


def _changes(changes: List[_ssprules.ValueChange]) -> Tuple[Tuple[str, str, int], ...]:
    return tuple((c.old, c.new, c.records) for c in changes)


# Policies unpickled in this process, by (text, name, path): decisions unpickled one batch at a
# time (multiprocessing, Dask bags) each carry their policy, compiled here once. Policies are
# immutable, so one object serves them all.
_restored: Dict[Tuple[str, str, Optional[str]], Policy] = {}
_RESTORED_KEPT = 8


def _restore(text: str, name: str, path: Optional[str]) -> Policy:
    key = (text, name, path)
    policy = _restored.get(key)
    if policy is None:
        policy = _from_text(text, name, path, verify_quotes=False)
        if len(_restored) >= _RESTORED_KEPT:
            _restored.pop(next(iter(_restored)))
        _restored[key] = policy
    return policy


def _from_text(text: str, name: str, path: Optional[str], verify_quotes: bool) -> Policy:
    loaded = _ssprules.loads(text, name, verify_quotes)
    if loaded.core is None:
        raise PolicyError(_diagnostics(loaded.diagnostics), loaded.rendered)
    return Policy(loaded.core, text, name, path, _diagnostics(loaded.diagnostics))


def _is_data_frame(obj: object) -> TypeGuard[pandas.DataFrame]:
    return type(obj).__name__ == "DataFrame" and hasattr(obj, "columns") and hasattr(obj, "index")


def load(path: Union[str, "os.PathLike[str]"]) -> Policy:
    """Loads, checks and compiles a policy file. Quoted passages are verified against the
    documents its ``sources:`` name. The file is read by the C++ loader, as ``ssprules check``
    reads it (a regular file of at most 16 MiB). Raises :class:`PolicyError` when the policy
    has errors or the file cannot be read (SR0006: not a regular file, not readable; SR0005:
    too large); when there is no such file, the error is a :class:`PolicyFileNotFoundError`,
    which is also a ``FileNotFoundError``."""
    name = os.fsdecode(path)
    loaded = _ssprules.load(name, True)
    if loaded.core is None or loaded.text is None:
        found = _diagnostics(loaded.diagnostics)
        if any(d.code == "SR0006" for d in found) and not os.path.exists(name):
            raise PolicyFileNotFoundError(found, loaded.rendered, name)
        raise PolicyError(found, loaded.rendered)
    return Policy(loaded.core, loaded.text, name, name, _diagnostics(loaded.diagnostics))


def loads(text: str, name: str = "<string>") -> Policy:
    """Loads, checks and compiles policy text; ``name`` is the file name diagnostics show.
    Raises :class:`PolicyError` when the policy has errors."""
    if not isinstance(text, str):
        raise TypeError(f"loads takes the policy text as str, not {type(text).__name__}")
    return _from_text(text, name, None, verify_quotes=True)
