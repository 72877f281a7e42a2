"""Type stubs of the extension module (internal: use the ssprules package).

Every result is a read-only object with named attributes (bindings/python/src/results.hpp and
results.cpp); the classes named like a C++ type of the library (Diagnostic, TestReport,
DiffReport, ...) are that type, bound as it is. The per-record results, Evaluation and
RecordError, are struct sequences (named tuples made in C++: their fields read fast).
"""

from datetime import date
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

import numpy as np
import numpy.typing as npt

class EngineError(RuntimeError): ...

# ---- the library's types

class Diagnostic:
    file: str
    line: int
    column: int
    severity: str  # "error" or "warning"
    code: str
    message: str
    rendered: str  # with the source line and a caret

class RecordError:
    code: str
    message: str
    field: str  # the field at fault, or ""

class PeriodInfo:
    name: str
    start: Optional[date]  # None: open
    end: Optional[date]

class TestFailure:
    test: str
    file: str
    line: int
    differences: List[str]
    explanation: str

class CoveragePart:
    rule: str
    version: str
    part: str
    line: int
    hits: int
    function: bool

class PolicyCoverage:
    file: str
    parts: List[CoveragePart]
    text: str

class TestReport:
    passed: int
    failed: int
    failures: List[TestFailure]
    rendered: str  # the problems with the policies or test files, rendered
    coverage: List[PolicyCoverage]

class BoundaryTests:
    count: int
    found: int
    notes: List[str]
    def yaml(self, policy: str) -> str: ...

class ValueChange:
    old: str
    new: str
    records: int

class OutputDiff:
    output: str
    changed: int
    changes: List[ValueChange]
    other_changes: int

class ChangedRecord:
    index: int
    id: str
    outputs: List[str]

class DiffReport:
    records: int
    changed_records: int
    outputs: List[OutputDiff]
    status_changes: List[ValueChange]
    only_old_outputs: List[str]
    only_new_outputs: List[str]
    only_old_inputs: List[str]
    only_new_inputs: List[str]
    first_changed: List[ChangedRecord]
    text: str  # as `ssprules diff` prints it

# ---- the bindings' results

class LoadOutcome:
    core: Optional[Core]  # None when the policy has errors
    diagnostics: List[Diagnostic]
    rendered: str
    text: Optional[str]  # the policy's text (None when it has errors)

class FieldInfo:
    name: str
    type: str
    kind: str
    optional: bool
    default: Any  # an input's default (a Python value), or None
    values: List[str]
    doc: str

class Evaluation:
    id: Optional[str]
    as_of: date
    values: List[Any]  # one per output, in declaration order
    error: Optional[RecordError]
    explanation_json: Optional[str]  # only when asked to explain
    explanation_text: Optional[str]
    warning: Optional[str]  # the unknown-field warning

class OutputColumn:
    name: str
    kind: str
    # int64 (enum codes, -1: none; days since 1970-01-01; millionths; 0/1), or a list of Python
    # values for strings and lists
    values: Any
    states: npt.NDArray[np.uint8]  # 0: the record has a value

class InputFailure:
    field: str
    code: str
    message: str
    records: int  # records of the batch with this input error

class BatchResult:
    outputs: List[OutputColumn]
    error_of: npt.NDArray[np.int32]  # per record: index into error_table, -1 when decided
    error_table: List[RecordError]  # each distinct error once
    record_errors: Dict[int, List[RecordError]]  # evaluate_records: every error, first first
    input_failures: List[InputFailure]  # evaluate_columns: per (input, code), in input order
    as_of: Optional[List[date]]  # evaluate_records: per record its evaluation date
    warning: Optional[str]

class AuditRecord:
    json: str
    warning: Optional[str]

class DiffOutcome:
    report: DiffReport
    warning: Optional[str]

class Core:
    id: str
    title: str
    version: str
    jurisdiction: str
    policy_doc: str
    inputs: List[FieldInfo]
    outputs: List[FieldInfo]
    effective: List[PeriodInfo]
    def evaluate(self, record: Mapping[str, Any], as_of: Union[date, str], explain: bool,
                 lang: str = ..., strict: bool = ...) -> Evaluation: ...
    def evaluate_records(self, records: Iterable[Mapping[str, Any]], as_of: Union[date, str],
                         threads: int, strict: bool = ...) -> BatchResult: ...
    def evaluate_columns(self, names: List[str], kinds: List[str], arrays: List[Any], rows: int,
                         as_of: Union[date, str], threads: int,
                         strict: bool = ...) -> BatchResult: ...
    def unknown_fields_warning(self, names: List[str], strict: bool = ...) -> Optional[str]: ...
    def run_tests(self, path: str) -> TestReport: ...
    def boundary_tests(self, year: int, max_tests: int) -> BoundaryTests: ...
    def decision_record(self, record: Mapping[str, Any], as_of: Union[date, str],
                        key: Union[str, bytes], strict: bool = ...) -> AuditRecord: ...
    def diff(self, new: Core, records: Iterable[Mapping[str, Any]], as_of: Union[date, str],
             keep: int) -> DiffOutcome: ...
    def doc(self, lang: str = ..., graph: bool = ..., examples: bool = ...) -> str: ...

def as_of_date(as_of: Any) -> date: ...
def decimal_of(micros: int) -> Decimal: ...
def loads(text: str, name: str, verify_quotes: bool = ...) -> LoadOutcome: ...
def load(path: str, verify_quotes: bool = ...) -> LoadOutcome: ...
