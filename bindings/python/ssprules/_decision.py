"""Decision: the outputs of one record, with its explanation on request."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from ._errors import RecordError

#: The value of an output (or of an input's default): ``None`` when missing; decimals are
#: exact ``decimal.Decimal``.
Value = Union[bool, int, Decimal, str, date, List[Any], None]

# lang -> (explanation JSON, explanation text), computed when first asked for
_Explainer = Callable[[str], Tuple[str, str]]


class Decision(Mapping[str, Value]):
    """The outputs of one record: a read-only mapping of output name to value.

    Values are ``bool``, ``int``, ``decimal.Decimal`` (decimals, exact: ``Decimal("0.3")``, never
    a binary float), ``str`` (strings and enums), ``datetime.date`` or ``list``; ``None`` for a
    missing optional value or a failed output. ``error`` is ``None`` when every output was
    decided, otherwise the first problem (a :class:`RecordError`; only the results of
    ``Policy.evaluate_many`` carry one, since ``Policy.evaluate`` raises it); ``errors`` lists
    every problem of the record, ``error`` first, then every other input that is missing or
    does not fit (a tuple, empty when decided), so one pass over a register shows all that is
    wrong with each record. ``explain()`` gives the reasons as text; in Jupyter the
    decision renders as a table of them. Decisions pickle (``multiprocessing``, joblib, Dask
    bags): the outputs, ``error``, ``id`` and ``as_of`` travel with the record and the policy,
    so ``explain()`` works where one lands.
    """

    __slots__ = ("_values", "id", "as_of", "error", "errors", "_explainer", "_explanation")

    def __init__(self, values: Dict[str, Value], id: Optional[str], as_of: date,
                 error: Optional[RecordError], explainer: Optional[_Explainer],
                 errors: Sequence[RecordError] = ()) -> None:
        self._values = values
        self.id = id
        self.as_of = as_of
        self.error = error
        #: Every problem of the record, ``error`` first (empty when decided).
        self.errors: Tuple[RecordError, ...] = (
            tuple(errors) if errors else (() if error is None else (error,)))
        self._explainer = explainer
        self._explanation: Dict[str, Tuple[str, str]] = {}

    # -- the mapping
    def __getitem__(self, name: str) -> Value:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self._values.items())
        head = f"id={self.id!r}, " if self.id is not None else ""
        tail = f", error={self.error!r}" if self.error is not None else ""
        return f"Decision({head}{fields}{tail})"

    # -- pickling (multiprocessing, joblib, Dask bags): the values, id, date and error travel,
    # with the explanations computed so far; the rest are computed where the decision lands,
    # from its record and its policy (which pickles as its text).
    def __reduce__(self) -> Tuple[Any, ...]:
        return (_restore, (self._values, self.id, self.as_of, self.error, self._explainer,
                           self._explanation, self.errors))

    @property
    def ok(self) -> bool:
        """True when every output has a value (no error)."""
        return self.error is None

    # -- explanations
    def _explained(self, lang: str = "en") -> Tuple[str, str]:
        if lang not in ("en", "da"):
            raise ValueError('lang: choose "en" or "da"')
        if lang not in self._explanation:
            if self._explainer is None:
                raise RuntimeError("this decision cannot be explained (its record was not kept)")
            self._explanation[lang] = self._explainer(lang)
        return self._explanation[lang]

    def explain(self, lang: str = "en") -> str:
        """How each output was decided, as indented text in English (``"en"``) or Danish
        (``"da"``): the deciding branch or table row, its condition, the values it used, the
        cited legal source, the cases tried before it that did not hold and the values that made
        them false ("not taken"); then what would have to differ for another value ("why not": one
        input changed, or a later date) and the outputs that depend on missing optional inputs
        ("undetermined"). The same text as ``ssprules explain``."""
        return self._explained(lang)[1]

    def explanation(self) -> List[Dict[str, Any]]:
        """The explanation as data: one dict per rule (``rule``, ``value``, ``decided_by``,
        ``condition``, ``definition``, ``line``, ``used``, ``sources``; ``not_taken`` when cases
        or rows were tried and did not hold: each with ``branch``, ``condition``, ``line`` and
        the ``facts`` that made it false, each a ``part`` as written, the ``relation`` that held
        and its ``operands`` with their values)."""
        steps: List[Dict[str, Any]] = json.loads(self._explained()[0])
        return steps

    def _repr_html_(self) -> str:
        """Jupyter: what ``explain()`` shows, as a table with one row per rule (its value, what
        decided it, the condition and what it gives as written, the values it used, the cited sources with their
        quotes, and the cases or rows that were tried and did not hold with the values that made
        them false), then the "why not" and "undetermined" sections. Every text is escaped."""
        rows = []
        for step in self.explanation():
            used = ", ".join(f"{k} = {_text(v)}" for k, v in step.get("used", {}).items())
            sources = "<br>".join(_source_html(s) for s in step.get("sources", []))
            value = (f"error {step['error']['code']}: {step['error']['message']}"
                     if "error" in step else _text(step.get("value")))
            name = html.escape(step["rule"])
            if step.get("output"):
                name = f"<b>{name}</b>"
            condition = step.get("condition", "")
            definition = step.get("definition", "")
            cells = [name, html.escape(value),
                     html.escape(step.get("decided_by", "")),
                     f"<code>{html.escape(condition)}</code>" if condition else "",
                     f"<code>{html.escape(definition)}</code>" if definition else "",
                     html.escape(used), sources, _not_taken_html(step)]
            rows.append("<tr>" + "".join(f"<td style='text-align:left'>{c}</td>" for c in cells)
                        + "</tr>")
        title = f"Decision for {html.escape(str(self.id))}" if self.id is not None else "Decision"
        title += f" on {self.as_of.isoformat()}"
        if self.error is not None:
            title += f" — {html.escape(str(self.error))}"
        head = "".join(f"<th style='text-align:left'>{h}</th>" for h in
                       ("rule", "value", "decided by", "condition", "gives", "using",
                        "source", "not taken"))
        return (f"<table><caption style='text-align:left'>{title}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                + _alternatives_html(self._explained()[1]))


# The headers of the sections that follow the steps in `explain()`'s text (C++ `render` of
# `find_alternatives`, English and Danish); a step's own lines start with "output"/"value".
_SECTIONS = ("why not:", "undetermined (optional inputs are missing):",
             "hvorfor ikke:", "uafklaret (valgfrie oplysninger mangler):")


def _alternatives_html(text: str) -> str:
    """The "why not" and "undetermined" sections of an explanation's text as HTML lists: the
    text that ``explain()`` ends with, so the two never disagree."""
    out = []
    items: List[str] = []
    started = False
    for line in text.splitlines():
        if line in _SECTIONS:
            if items:
                out.append("<ul>" + "".join(items) + "</ul>")
                items = []
            out.append(f"<p style='text-align:left'><b>{html.escape(line[:-1])}</b></p>")
            started = True
        elif started and line.startswith("  "):
            items.append(f"<li style='text-align:left'>{html.escape(line.strip())}</li>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "".join(out)


def _source_html(source: Dict[str, Any]) -> str:
    """One cited source: its title (or id) and section, and the quoted passage."""
    head = ", ".join(x for x in (source.get("title") or source.get("doc", ""),
                                 source.get("section", "")) if x)
    quote = source.get("quote", "")
    return html.escape(head) + (f": <q>{html.escape(quote)}</q>" if quote else "")


def _operand_text(operand: Dict[str, Any]) -> str:
    """An operand of a false condition as ``explain()`` writes it: a literal as written, else
    with its value (``absent`` when it had none); more than a name goes in parentheses."""
    expression = str(operand.get("expression", ""))
    if operand.get("literal"):
        return expression
    value = operand.get("value")
    shown = "absent" if value is None else _text(value)
    return f"({expression}) {shown}" if " " in expression else f"{expression} {shown}"


def _fact_text(fact: Dict[str, Any]) -> str:
    """What made a condition false: ``as_of 2025-03-01 > plan_deadline 2018-11-06``."""
    operands = fact.get("operands", [])
    if not operands:
        return str(fact.get("part", ""))
    if not fact.get("relation") or len(operands) < 2:
        return _operand_text(operands[0])
    return f"{_operand_text(operands[0])} {fact['relation']} {_operand_text(operands[1])}"


def _not_taken_html(step: Dict[str, Any]) -> str:
    """The cases or rows of a step that were tried and did not hold, each with its condition
    and the parts that made it false."""
    parts = []
    for case in step.get("not_taken", []):
        facts = "; ".join(_fact_text(f) for f in case.get("facts", []))
        if case.get("more"):
            facts += f"; and {case['more']} more"
        parts.append(f"{html.escape(case.get('branch', ''))}: "
                     f"<code>{html.escape(case.get('condition', ''))}</code>"
                     + (f" — {html.escape(facts)}" if facts else ""))
    if step.get("not_taken_more"):
        parts.append(f"and {int(step['not_taken_more'])} more")
    return "<br>".join(parts)


def _restore(values: Dict[str, Value], id: Optional[str], as_of: date,
             error: Optional[RecordError], explainer: Optional[_Explainer],
             explanation: Dict[str, Tuple[str, str]],
             errors: Sequence[RecordError] = ()) -> Decision:
    decision = Decision(values, id, as_of, error, explainer, errors)
    decision._explanation.update(explanation)
    return decision


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
