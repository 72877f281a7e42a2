"""Type stubs of the extension module (internal: use the ssprules package)."""

from datetime import date
from typing import Any, Iterable, List, Optional, Tuple, Union

class EngineError(RuntimeError): ...

_Field = Tuple[str, str, str, bool, Any, List[str], str]
_Diagnostic = Tuple[str, int, int, str, str, str, str]

class Core:
    id: str
    title: str
    version: str
    inputs: List[_Field]
    outputs: List[_Field]
    effective: List[Tuple[str, Optional[date], Optional[date]]]
    def evaluate(self, record: Any, as_of: Union[date, str], explain: bool,
                 lang: str = ...) -> Tuple[Any, ...]: ...
    def evaluate_records(self, records: Iterable[Any], as_of: Union[date, str],
                         threads: int) -> dict: ...
    def evaluate_columns(self, names: List[str], kinds: List[str], arrays: List[Any], rows: int,
                         as_of: Union[date, str], threads: int) -> dict: ...
    def run_tests(self, path: str) -> Tuple[int, int, List[Tuple[Any, ...]], str,
                                            List[Tuple[Any, ...]]]: ...
    def boundary_tests(self, policy_name: str, year: int,
                       max_tests: int) -> Tuple[str, int, int, List[str]]: ...
    def decision_record(self, record: Any, as_of: Union[date, str], key: str) -> str: ...
    def diff(self, new: "Core", records: Iterable[Any], as_of: Union[date, str], keep: int) -> dict: ...

def loads(text: str, name: str,
          verify_quotes: bool = ...) -> Tuple[Optional[Core], List[_Diagnostic], str]: ...
