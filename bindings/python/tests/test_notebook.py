"""The example notebook examples/notebooks/copenhagen.ipynb runs headless from top to bottom.

The kernel is a separate process: it imports ssprules from the same place as this test
process (build/python when run as documented), passed to it through PYTHONPATH.
"""

import os
import re
from pathlib import Path

import pytest

import ssprules

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).resolve().parents[3] / "examples" / "notebooks" / "copenhagen.ipynb"


def _tagged(nb, tag):
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"expected one cell tagged {tag!r}, found {len(cells)}"
    return cells[0]


def _text(outputs):
    """Everything a cell printed or displayed as text (streams and text/plain, text/html)."""
    parts = []
    for out in outputs:
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        data = out.get("data", {})
        for mime in ("text/plain", "text/html"):
            if mime in data:
                parts.append(data[mime])
    return "".join(parts)


@pytest.fixture(scope="module")
def run():
    """Runs every cell in a fresh python3 kernel, once for this module: (the executed
    notebook, the failing cell's error as plain text or None)."""
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(ssprules.__file__)))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    with pytest.MonkeyPatch.context() as mp:
        path = os.environ.get("PYTHONPATH", "")
        mp.setenv("PYTHONPATH", os.pathsep.join(p for p in (package_parent, path) if p))
        mp.delenv("MPLBACKEND", raising=False)
        mp.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiet ipykernel debugger warning
        client = nbclient.NotebookClient(
            nb, timeout=120, kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
        try:
            client.execute()
        except nbclient.exceptions.CellExecutionError as e:
            return nb, re.sub(r"\x1b\[[0-9;]*m", "", str(e))
    return nb, None


@pytest.fixture
def executed(run):
    nb, error = run
    if error is not None:
        pytest.fail("the notebook did not run to the end (see test_every_cell_runs)",
                    pytrace=False)
    return nb


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source


def test_every_cell_runs(run):
    nb, error = run
    if error is not None:
        pytest.fail(f"a notebook cell failed:\n{error}", pytrace=False)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code)
    errors = [o for c in code for o in c.outputs if o.get("output_type") == "error"]
    assert errors == []


def test_counts_by_route_and_phase(executed):
    text = _text(_tagged(executed, "counts").outputs)
    for word in ("route", "phase", "triangle", "ssp_plus", "jobcenter", "total"):
        assert word in text
    # all 30 sample cases are counted
    assert "30" in text


def test_plot_is_an_image(executed):
    outputs = _tagged(executed, "plot").outputs
    assert any("image/png" in o.get("data", {}) for o in outputs), outputs


def test_decision_renders_as_html_table(executed):
    outputs = _tagged(executed, "decision").outputs
    html = "".join(o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {}))
    assert "<table>" in html and "Decision for cph-0004" in html
    assert "plan_deadline" in html


def test_explanation_is_printed(executed):
    text = _text(_tagged(executed, "explanation").outputs)
    assert "decided by" in text
    assert "output plan_deadline = 2010-03-05" in text


def test_policy_tests_pass(executed):
    text = _text(_tagged(executed, "tests").outputs)
    assert " passed, 0 failed" in text
