"""Policy: a loaded, checked and compiled policy, and the functions that load one."""

from __future__ import annotations

import html
import importlib
import os
import re
import types
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import (TYPE_CHECKING, Any, Callable, Dict, Hashable, Iterable, Iterator, List,
                    Optional, Protocol, Tuple, Union, cast, overload)

from . import _ssprules
from ._decision import Decision, Value
from ._errors import (Diagnostic, PolicyError, PolicyFileNotFoundError, RecordError,
                      UnknownFieldWarning)

if TYPE_CHECKING:
    import numpy
    import pandas
    from typing_extensions import TypeGuard
else:
    # Imported when installed, so that help() and inspect.signature show the real classes
    # (pandas.DataFrame, numpy.datetime64) in the signatures: see _show_real_types below. The
    # price: `import ssprules` takes about 0.3 s instead of 0.03 s when pandas is installed
    # (an analyst imports pandas anyway); without pandas the annotations stay names.
    def _optional(name: str) -> Optional[types.ModuleType]:
        try:
            return importlib.import_module(name)
        except ImportError:
            return None

    numpy = _optional("numpy")
    pandas = _optional("pandas")

#: An evaluation date: a ``datetime.date``, ``YYYY-MM-DD``, a ``pandas.Timestamp`` or
#: ``numpy.datetime64`` at midnight, or ``None`` for today.
DateLike = Union[date, str, "numpy.datetime64", None]
if not TYPE_CHECKING and numpy is not None:
    DateLike = Union[date, str, numpy.datetime64, None]  # the class itself, not its name


if TYPE_CHECKING:
    class DataFrame(Protocol):
        """What the DataFrame overloads ask of their argument: a pandas DataFrame's
        ``columns``, ``index`` and iteration (over its column labels).

        A Protocol rather than ``pandas.DataFrame`` because of how mypy sees pandas. Without
        pandas-stubs (Debian has none) ``pandas.DataFrame`` is ``Any``, and an overload taking
        ``Any`` accepts every call: placed first, it would make ``evaluate_many(list_of_dicts)``
        ``Any``. When mypy reads pandas' own annotations instead, a DataFrame is an
        ``Iterable[Any]``, so the ``Iterable[Mapping]`` overload accepts it: placed second, it
        would make ``evaluate_many(frame)`` a ``list[Decision]``. This Protocol is never
        ``Any``, and a list or an iterator of mappings has no ``columns``: first, it picks the
        right overload whichever way pandas is typed. Named ``DataFrame`` for mypy's messages
        (``records: DataFrame``); only mypy sees it: at run time the signatures show
        ``pandas.DataFrame`` in its place (``_Frame``)."""

        @property
        def columns(self) -> Any: ...

        @property
        def index(self) -> Any: ...

        def __iter__(self) -> Iterator[Hashable]: ...

    _Frame = DataFrame
    # An implementation's frame, to mypy: its body tells a DataFrame apart at run time (the
    # callers see the overloads).
    _AnyFrame = Any
else:  # what the signatures show at run time (see _show_real_types): the class, or its name
    _Frame = _AnyFrame = "pandas.DataFrame" if pandas is None else pandas.DataFrame


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

    def __repr__(self) -> str:
        return (f"<TestFailure {self.test!r} at {self._where()}: "
                f"{_plural(len(self.differences), 'difference')}>")

    def _where(self) -> str:
        """``file:line``, or the file alone for a problem with the whole file (line 0)."""
        return f"{self.file}:{self.line}" if self.line else self.file


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

    def __repr__(self) -> str:
        return f"<PolicyCoverage {self.file}: {self.covered} of {len(self.parts)} parts reached>"


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

    def __repr__(self) -> str:
        capped = f" of {self.found} found" if self.capped else ""
        return f"<BoundaryTests: {_plural(self.count, 'test')}{capped}>"


@dataclass(frozen=True)
class TestReport:
    """The outcome of ``Policy.test()``: counts, failures, problems with test files, and the
    coverage of the policy file (``coverage_text`` as ``ssprules test --coverage`` prints it).
    ``policy`` is the id of the policy tested. Its ``repr()`` is one line of figures
    (``<TestReport copenhagen-ssp-plus: 42 passed, 0 failed, coverage 100%>``); in Jupyter it
    displays as tables of the failures and of the parts no test reached."""

    __test__ = False

    passed: int
    failed: int
    failures: Tuple[TestFailure, ...] = ()
    diagnostics: str = ""
    coverage: Tuple[PolicyCoverage, ...] = ()
    policy: str = ""

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

    @property
    def coverage_percent(self) -> Optional[int]:
        """The share of the parts of the policy files that some test reached, in whole percent
        rounded down (100 only when every part was reached); ``None`` when there are no parts."""
        parts = sum(len(c.parts) for c in self.coverage)
        if parts == 0:
            return None
        return 100 * sum(c.covered for c in self.coverage) // parts

    def _figures(self) -> str:
        text = f"{self.passed:,} passed, {self.failed:,} failed"
        if self.coverage_percent is not None:
            text += f", coverage {self.coverage_percent}%"
        problems = len(_PROBLEM.findall(self.diagnostics))
        if problems:
            text += f", {_plural(problems, 'problem')} in the test files"
        return text

    def __repr__(self) -> str:
        return f"<TestReport {self.policy}: {self._figures()}>" if self.policy else \
            f"<TestReport: {self._figures()}>"

    def _repr_html_(self) -> str:
        """Jupyter: the figures, the failures (with their explanations folded), the parts no
        test reached and any problem with the test files."""
        caption = f"Tests of {self.policy}" if self.policy else "Tests"
        out = [_table(f"{_e(caption)}: {_e(self._figures())}",
                      ("test", "where", "what differed", "explanation"),
                      [(_e(f.test), _e(f._where()),
                        "<br>".join(_e(d) for d in f.differences),
                        _details("explanation", f.explanation))
                       for f in self.failures], "<code>print(report)</code> lists them all")]
        for cov in self.coverage:
            missed = cov.uncovered
            if missed:
                versions = any(p.version for p in missed)  # the column only with `versions:`
                out.append(_table(
                    f"{_e(cov.file)}: {_plural(len(missed), 'part')} no test reached "
                    f"({cov.covered} of {len(cov.parts)} reached)",
                    ("rule", "version", "part", "line") if versions else ("rule", "part", "line"),
                    [(_e(p.rule),) + ((_e(p.version),) if versions else ()) +
                     (_e(p.part), str(p.line)) for p in missed],
                    "<code>report.coverage_text</code> lists them all"))
        if self.diagnostics:
            out.append(f"<pre>{_e(self.diagnostics)}</pre>")
        return "".join(out)


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
    text ``ssprules diff`` prints. ``old`` and ``new`` name the versions (``id version``). Its
    ``repr()`` is one line of figures, the outputs that change most records first
    (``<DiffReport a 1 -> 2: 1,234 of 200,000 records change, route: 1,100, plan_deadline:
    134>``); in Jupyter it displays as tables of the changes and of the first changed
    records."""

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
    old: str = ""
    new: str = ""

    def __str__(self) -> str:
        return self.text

    def _figures(self) -> str:
        """``2 of 30 records change, phase: 2, route: 2, …``: the outputs that change most
        records first (three at most), then the records whose error status changes."""
        changed = sorted(((c.changed, name) for name, c in self.outputs.items() if c.changed),
                         key=lambda c: -c[0])  # stable: declaration order among equal counts
        parts = [f"{name}: {n:,}" for n, name in changed[:_OUTPUTS_NAMED]]
        if len(changed) > _OUTPUTS_NAMED:
            parts.append("…")
        status = sum(n for _, _, n in self.status_changes)
        if status:
            parts.append(f"error status: {status:,}")
        verb = "changes" if self.changed_records == 1 else "change"
        return ", ".join([f"{self.changed_records:,} of {_plural(self.records, 'record')} {verb}"]
                         + parts)

    def _versions(self, arrow: str) -> str:
        """``a 1 -> 2`` (one id), ``a 1 -> b 2`` (two), or nothing (made without versions)."""
        if not (self.old or self.new):
            return ""
        old_id, _, _ = self.old.partition(" ")
        new_id, _, new_version = self.new.partition(" ")
        new = new_version if old_id == new_id and new_version else self.new
        return f"{self.old} {arrow} {new}"

    def __repr__(self) -> str:
        versions = self._versions("->")
        return f"<DiffReport {versions}: {self._figures()}>" if versions else \
            f"<DiffReport: {self._figures()}>"

    def _repr_html_(self) -> str:
        """Jupyter: per output the records that change and its most frequent (old → new)
        pairs, the changes of error status, what only one version has, and the first changed
        records, numbered as ``str()`` numbers them (which explains them side by side)."""
        versions = self._versions("→")
        caption = _e(f"{versions}: {self._figures()}" if versions else self._figures())
        rows = []
        for name, c in self.outputs.items():
            if c.changed:
                rows.append((f"<code>{_e(name)}</code>", f"{c.changed:,}",
                             _pairs(c.changes, c.other)))
        if self.status_changes:
            rows.append(("<i>error status</i>", f"{sum(n for _, _, n in self.status_changes):,}",
                         _pairs(self.status_changes, 0)))
        out = [_table(caption, ("output", "records", "changes (old → new: records)"), rows)]
        notes = [(what, names) for what, names in (
            ("unchanged outputs", tuple(n for n, c in self.outputs.items() if not c.changed)),
            ("outputs only in the old version", self.only_old_outputs),
            ("outputs only in the new version", self.only_new_outputs),
            ("inputs only the old version reads", self.only_old_inputs),
            ("inputs only the new version reads", self.only_new_inputs)) if names]
        if notes:
            out.append("<p>" + "<br>".join(f"{what}: {_e(', '.join(names))}"
                                           for what, names in notes) + "</p>")
        if self.first_changed:
            which = (f"the first {len(self.first_changed):,} of "
                     f"{_plural(self.changed_records, 'changed record')}"
                     if len(self.first_changed) < self.changed_records else
                     f"the {_plural(self.changed_records, 'changed record')}")
            out.append(_table(
                f"{which} (<code>print(report)</code> explains them)",
                ("record", "id", "outputs that change"),
                [(f"{index + 1:,}", _e(rid), _e(", ".join(outputs)))
                 for index, rid, outputs in self.first_changed], "<code>print(report)</code>"))
        return "".join(out)


# -- HTML views (Jupyter's `_repr_html_`): every text from a policy, a test file or a record is
# escaped (html.escape); the markup is plain tables, left-aligned, styled by the notebook.
_e = html.escape

# a rendered diagnostic's first line: `file:line:column: error[SR0203]: ...`
_PROBLEM = re.compile(r"^\S.*?: (?:error|warning)\[SR\d+\]", re.M)


def _period_text(p: Period) -> str:
    if p.start is not None and p.end is not None:
        when = f"{p.start.isoformat()} to {p.end.isoformat()}"
    elif p.start is not None:
        when = f"from {p.start.isoformat()}"
    else:
        when = f"until {p.end.isoformat()}" if p.end is not None else "always"
    return f"{p.name} {when}" if p.name else when


def _value_text(value: Value) -> str:
    """A value as a policy writes it: true/false, ISO dates, lists in brackets."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_value_text(v) for v in value) + "]"
    return str(value)


def _plural(n: int, word: str) -> str:
    """``1 record``, ``200,000 records``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


#: The most outputs a DiffReport's repr names, and (old → new) pairs its HTML shows per output.
_OUTPUTS_NAMED = 3
_PAIRS_SHOWN = 5


def _pairs(changes: Tuple[Tuple[str, str, int], ...], other: int) -> str:
    """(old → new: records) pairs, escaped, one per line: the first few, then the rest counted."""
    lines = [f"{_e(old)} → {_e(new)}: {n:,}" for old, new, n in changes[:_PAIRS_SHOWN]]
    rest = len(changes) - _PAIRS_SHOWN
    if rest > 0:
        lines.append(f"… {_plural(rest, 'more pair')}")
    if other:
        lines.append(f"other changes: {other:,}")
    return "<br>".join(lines)


#: The most rows an HTML view shows per table (the rest are counted in a last row).
_ROWS_SHOWN = 20


def _table(caption: str, head: Tuple[str, ...], rows: Sequence[Tuple[str, ...]],
           more: str = "", limit: Optional[int] = _ROWS_SHOWN) -> str:
    """A table of already escaped cells, or only its caption when there are no rows; beyond
    `limit` rows, one last row counts the rest and says where they are (`more`)."""
    left = "style='text-align:left'"
    if not rows:
        return f"<p>{caption}</p>"
    header = "".join(f"<th {left}>{h}</th>" for h in head)
    shown = rows if limit is None else rows[:limit]
    body = "".join("<tr>" + "".join(f"<td {left}>{c}</td>" for c in row) + "</tr>"
                   for row in shown)
    if len(rows) > len(shown):
        body += (f"<tr><td {left} colspan='{len(head)}'>… {len(rows) - len(shown)} more"
                 f"{': ' + more if more else ''}</td></tr>")
    return (f"<table><caption {left}>{caption}</caption><thead><tr>{header}</tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _details(summary: str, text: str) -> str:
    """`text` folded under `summary` (an HTML5 <details> element), or nothing when empty."""
    if not text:
        return ""
    return f"<details><summary>{_e(summary)}</summary><pre>{_e(text)}</pre></details>"


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
    def jurisdiction(self) -> str:
        """The policy's ``jurisdiction`` (who decided it); ``""`` when it names none."""
        return self._core.jurisdiction

    @property
    def summary(self) -> str:
        """The policy's ``doc:``, what it is for; ``""`` when it has none. (``doc()`` writes
        the whole policy page.)"""
        return self._core.policy_doc

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
        version = f" version {self.version}" if self.version else ""
        return f"<Policy {self.id!r}{version} ({self.title}) from {self._name}>"

    def _repr_html_(self) -> str:
        """Jupyter: title, jurisdiction, what the policy is for (its ``doc:``), id, version,
        file and periods in force, then the inputs and outputs as a table (name, role, type,
        default, documentation)."""
        version = f" version {_e(self.version)}" if self.version else ""
        periods = ", ".join(_e(_period_text(p)) for p in self.effective) or "always"
        warned = (f"<br>{_plural(len(self.diagnostics), 'warning')} when loaded "
                  "(<code>policy.diagnostics</code>)"
                  if self.diagnostics else "")
        by = f" ({_e(self.jurisdiction)})" if self.jurisdiction else ""
        about = f"<br><i>{_e(self.summary.strip())}</i>" if self.summary.strip() else ""
        caption = (f"<b>{_e(self.title)}</b>{by}{about}<br>policy <code>{_e(self.id)}</code>"
                   f"{version}, {_e(self._name)}<br>in force: {periods}{warned}")
        rows = [(f"<code>{_e(f.name)}</code>", role, _e(f.type),
                 "" if role == "output" else _e(_value_text(f.default)), _e(f.doc))
                for role, fields in (("input", self.inputs), ("output", self.outputs))
                for f in fields]
        return _table(caption, ("field", "role", "type", "default", "documentation"), rows,
                      limit=None)

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

    # The DataFrame overload comes first and takes a Protocol, not pandas.DataFrame: see
    # the Protocol DataFrame (pandas without pandas-stubs is Any to mypy, and with pandas' own
    # annotations a DataFrame is an Iterable[Any]).
    @overload
    def evaluate_many(self, records: _Frame, as_of: DateLike = None, threads: int = 0, *,
                      strict: bool = False) -> pandas.DataFrame: ...

    @overload
    def evaluate_many(self, records: Iterable[Mapping[str, Any]], as_of: DateLike = None,
                      threads: int = 0, *, strict: bool = False) -> List[Decision]: ...

    def evaluate_many(self, records: Union[_AnyFrame, Iterable[Mapping[str, Any]]],
                      as_of: DateLike = None, threads: int = 0, *,
                      strict: bool = False) -> Union[pandas.DataFrame, List[Decision]]:
        """Decides many records, one result per record, in order; never drops a record::

            evaluate_many(records: pandas.DataFrame, ...) -> pandas.DataFrame
            evaluate_many(records: Iterable[Mapping[str, Any]], ...) -> List[Decision]

        ``records`` is a pandas DataFrame (one record per row, columns named like the inputs)
        or an iterable of mappings. A DataFrame gives a DataFrame with the same index, one
        column per output (nullable dtypes: ``boolean``, ``Int64``, ``datetime64[ns]``,
        ``category`` for enums; decimals are ``object`` columns of exact ``decimal.Decimal``)
        and the columns ``error`` (``None``, or ``"CODE: message"``), ``error_code`` and
        ``error_field`` (the record's first problem); a record with an error has every output
        missing. When more than half of the rows fail the same way with one column, one
        :class:`ColumnWarning` names it and the pandas conversion that fixes it. A date output
        outside what ``datetime64[ns]`` holds (1677-09-22 to 2262-04-11) makes its row an
        error (SR1019; ``evaluate()`` gives such a date as a ``datetime.date``). An iterable
        gives a list of :class:`Decision` whose ``error`` is set for records that could not be
        decided, and ``errors`` lists every problem of the record. Values are read as by ``evaluate()``; fields that are not inputs give one
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
        errors: Dict[int, List[_ssprules.RecordError]] = result.record_errors
        assert result.as_of is not None  # evaluate_records gives each record's date
        out = []
        for i, (record, day) in enumerate(zip(records, result.as_of)):
            values = {name: column[i] for name, column in columns}
            given = record.get("id")
            rid = None if given is None else str(given)
            raw = errors.get(i)
            found = () if raw is None else tuple(_record_error(e, rid) for e in raw)
            out.append(Decision(values, rid, day, found[0] if found else None,
                                self._explainer(record, when), found))
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
    def diff(self, new: Policy, records: Union[_Frame, Iterable[Mapping[str, Any]]],
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
        rows: Iterable[Mapping[str, Any]]
        if _is_data_frame(records):
            frame = records.astype(object).where(records.notna(), None)
            rows = frame.to_dict("records")
        elif isinstance(records, Mapping):
            raise TypeError("diff takes many records (a DataFrame or an iterable of mappings)")
        else:  # not a DataFrame (a TypeGuard narrows only when true)
            rows = cast(Iterable[Mapping[str, Any]], records)
        result = self._core.diff(new._core, rows, _as_of(as_of), limit)
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
            text=r.text, old=_label(self), new=_label(new))

    # -- the policy page
    def doc(self, lang: str = "en", *, graph: bool = True, examples: bool = True) -> str:
        """The policy as one self-contained HTML page (``ssprules doc``), its own words in
        ``lang`` (``"en"`` or ``"da"``: the words of ``Decision.explain(lang=)``); the policy's
        texts stay as written. The dependency graph is its DOT text (run Graphviz yourself, or
        use the CLI, to draw it); ``graph=False`` leaves it out, ``examples=False`` the tests."""
        if lang not in ("en", "da"):
            raise ValueError('lang: choose "en" or "da"')
        return self._core.doc(lang, graph, examples)

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
                  for c in r.coverage),
            self.id)

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


def _label(policy: Policy) -> str:
    """A policy as `ssprules diff` names it: `id version`."""
    return f"{policy.id} {policy.version}" if policy.version else policy.id


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


def load(path: Union[str, os.PathLike[str]]) -> Policy:
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


def _show_real_types(objects: Iterable[object]) -> None:
    """Makes help() and inspect.signature show real classes for these public classes and
    functions: their annotations (strings, under ``from __future__ import annotations``) are
    evaluated once, in their own modules, so ``evaluate_many`` reads
    ``records: Union[pandas.core.frame.DataFrame, Iterable[Mapping[str, Any]]]`` rather than
    ``'Union[_Frame, Iterable[Mapping[str, Any]]]'``. Covered: public methods and properties,
    ``__init__`` (a dataclass's fields) and the class's own annotations. A name that does not
    resolve (pandas not installed) stays a string."""

    def resolve(annotations: Dict[str, Any], namespace: Dict[str, Any]) -> None:
        for name, text in annotations.items():
            if isinstance(text, str):
                try:
                    annotations[name] = eval(text, namespace)  # our own annotations' text
                except (NameError, AttributeError):  # pandas (or numpy) is None: not installed
                    pass

    def resolve_function(function: Any) -> None:
        if isinstance(function, (staticmethod, classmethod)):
            function = function.__func__
        elif isinstance(function, property):
            function = function.fget
        if isinstance(function, types.FunctionType):
            resolve(function.__annotations__, function.__globals__)

    for obj in objects:
        if isinstance(obj, type):
            namespace = vars(importlib.import_module(obj.__module__))
            resolve(obj.__dict__.get("__annotations__", {}), namespace)
            for name, member in vars(obj).items():
                if not name.startswith("_") or name == "__init__":
                    resolve_function(member)
        else:
            resolve_function(obj)
