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
from ._errors import (Diagnostic, PolicyError, PolicyFileNotFoundError, RecordError,
                      UnknownFieldWarning)
from ._policy import DateLike as DateLike
from ._policy import (BoundaryTests, CoveragePart, DiffReport, Field, OutputChanges, Period,
                      Policy, PolicyCoverage, TestFailure, TestReport, load, loads)

__version__ = "0.1.0"

__all__ = [
    "BoundaryTests",
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
