"""Decision: the outputs of one record, with its explanation on request."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from datetime import date
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, Union

from ._errors import RecordError

#: The value of an output (or of an input's default): ``None`` when missing.
Value = Union[bool, int, float, str, date, List[Any], None]

# lang -> (explanation JSON, explanation text), computed when first asked for
_Explainer = Callable[[str], Tuple[str, str]]


class Decision(Mapping[str, Value]):
    """The outputs of one record: a read-only mapping of output name to value.

    Values are ``bool``, ``int``, ``float`` (decimals), ``str`` (strings and enums),
    ``datetime.date`` or ``list``; ``None`` for a missing optional value or a failed output.
    ``error`` is ``None`` when every output was decided, otherwise the first problem (a
    :class:`RecordError`; only the results of ``Policy.evaluate_many`` carry one, since
    ``Policy.evaluate`` raises it). ``explain()`` gives the reasons as text; in Jupyter the
    decision renders as a table of them. Decisions pickle (``multiprocessing``, joblib, Dask
    bags): the outputs, ``error``, ``id`` and ``as_of`` travel with the record and the policy,
    so ``explain()`` works where one lands.
    """

    __slots__ = ("_values", "id", "as_of", "error", "_explainer", "_explanation")

    def __init__(self, values: Dict[str, Value], id: Optional[str], as_of: date,
                 error: Optional[RecordError], explainer: Optional[_Explainer]) -> None:
        self._values = values
        self.id = id
        self.as_of = as_of
        self.error = error
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
                           self._explanation))

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
        cited legal source; then what would have to differ for another value ("why not": one
        input changed, or a later date) and the outputs that depend on missing optional inputs
        ("undetermined"). The same text as ``ssprules explain``."""
        return self._explained(lang)[1]

    def explanation(self) -> List[Dict[str, Any]]:
        """The explanation as data: one dict per rule (``rule``, ``value``, ``decided_by``,
        ``condition``, ``definition``, ``line``, ``used``, ``sources``)."""
        steps: List[Dict[str, Any]] = json.loads(self._explained()[0])
        return steps

    def _repr_html_(self) -> str:
        """Jupyter: the explanation as a table, one row per rule."""
        rows = []
        for step in self.explanation():
            used = ", ".join(f"{k} = {_text(v)}" for k, v in step.get("used", {}).items())
            sources = "; ".join(
                ", ".join(x for x in (s.get("title") or s.get("doc", ""), s.get("section", "")) if x)
                for s in step.get("sources", []))
            value = (f"error {step['error']['code']}" if "error" in step
                     else _text(step.get("value")))
            name = html.escape(step["rule"])
            if step.get("output"):
                name = f"<b>{name}</b>"
            cells = [name, html.escape(value),
                     html.escape(step.get("decided_by", "")),
                     f"<code>{html.escape(step.get('condition', ''))}</code>",
                     html.escape(used), html.escape(sources)]
            rows.append("<tr>" + "".join(f"<td style='text-align:left'>{c}</td>" for c in cells)
                        + "</tr>")
        title = f"Decision for {html.escape(str(self.id))}" if self.id is not None else "Decision"
        title += f" on {self.as_of.isoformat()}"
        if self.error is not None:
            title += f" — {html.escape(str(self.error))}"
        head = "".join(f"<th style='text-align:left'>{h}</th>" for h in
                       ("rule", "value", "decided by", "condition", "using", "source"))
        return (f"<table><caption style='text-align:left'>{title}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _restore(values: Dict[str, Value], id: Optional[str], as_of: date,
             error: Optional[RecordError], explainer: Optional[_Explainer],
             explanation: Dict[str, Tuple[str, str]]) -> Decision:
    decision = Decision(values, id, as_of, error, explainer)
    decision._explanation.update(explanation)
    return decision


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
