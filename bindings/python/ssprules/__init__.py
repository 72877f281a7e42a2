"""ssprules: declarative policies for SSP case work, evaluated by a C++ engine.

    >>> import ssprules
    >>> policy = ssprules.load("rules/copenhagen/ssp-plus.yaml")
    >>> d = policy.evaluate({"birth_date": "2008-03-15", "category": 4,
    ...                      "benefit_status": "recipient"}, as_of="2025-03-15")
    >>> d["phase"], d["plan_deadline"]
    ('triangle', datetime.date(2025, 9, 15))
    >>> print(d.explain())                          # doctest: +SKIP

``Policy.evaluate_many`` takes a pandas DataFrame (or an iterable of mappings) and returns one
row per record; ``ssprules.dask.evaluate`` does the same partition by partition on a cluster.
"""

from ._decision import Decision
from ._decision import Value as Value  # type aliases for annotations, not in __all__
from ._errors import (ColumnWarning, Diagnostic, PolicyError, PolicyFileNotFoundError,
                      RecordError, UnknownFieldWarning)
from ._policy import DateLike as DateLike
from ._policy import (BoundaryTests, CoveragePart, DiffReport, Field, OutputChanges, Period,
                      Policy, PolicyCoverage, TestFailure, TestReport, _show_real_types, load,
                      loads)

__version__ = "0.1.0"

__all__ = [
    "BoundaryTests",
    "ColumnWarning",
    "CoveragePart",
    "Decision",
    "Diagnostic",
    "DiffReport",
    "Field",
    "OutputChanges",
    "Period",
    "Policy",
    "PolicyCoverage",
    "PolicyError",
    "PolicyFileNotFoundError",
    "RecordError",
    "TestFailure",
    "TestReport",
    "UnknownFieldWarning",
    "load",
    "loads",
]

# help() and inspect.signature show real classes, not the annotations' text (_policy.py).
_show_real_types(globals()[name] for name in __all__)
del _show_real_types
