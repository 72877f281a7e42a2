"""Policy.diff: the impact of a new policy version, the same report as `ssprules diff`."""

import json
import subprocess

import pytest

import ssprules

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def amended(root):
    return ssprules.load(root / "tests" / "cli" / "ssp-plus-2026.yaml")


def test_diff_counts_the_records_that_change(copenhagen, amended, root):
    cases = pd.read_csv(root / "examples" / "copenhagen-cases.csv")
    report = copenhagen.diff(amended, cases, as_of="2026-12-01")
    assert (report.records, report.changed_records) == (30, 2)
    assert report.outputs["phase"].changes == (("none", "ssp_plus", 2),)
    assert report.outputs["age"].changed == 0
    assert report.only_new_outputs == ("programme_end",)
    assert len(report.first_changed) == 2
    text = str(report)
    assert "30 records compared: 2 records change" in text
    assert "none -> ssp_plus" in text


def test_a_list_of_mappings_gives_the_same_report_as_the_cli(copenhagen, amended, root, cli):
    records = [json.loads(line) for line in
               (root / "examples" / "copenhagen-cases.jsonl").read_text().splitlines()]
    report = copenhagen.diff(amended, records, as_of="2026-12-01", limit=1)
    assert len(report.first_changed) == 1
    out = subprocess.run([str(cli), "diff", copenhagen.path, amended.path,
                          str(root / "examples" / "copenhagen-cases.jsonl"), "--as-of",
                          "2026-12-01", "--limit", "1"], capture_output=True, text=True)
    assert out.returncode == 1, out.stderr
    # the same counts and records; the CLI's header names the files instead of the ids
    body = report.text[report.text.index("records compared"):]
    assert body == out.stdout[out.stdout.index("records compared"):]


def test_same_policy_changes_nothing_and_bad_arguments(copenhagen, root):
    cases = pd.read_csv(root / "examples" / "copenhagen-cases.csv")
    report = copenhagen.diff(copenhagen, cases)
    assert report.changed_records == 0 and report.first_changed == ()
    with pytest.raises(TypeError, match="Policy"):
        copenhagen.diff("rules/copenhagen/ssp-plus.yaml", cases)
    with pytest.raises(TypeError, match="many records"):
        copenhagen.diff(copenhagen, {"birth_date": "2008-03-15"})
    with pytest.raises(ValueError, match="limit"):
        copenhagen.diff(copenhagen, cases, limit=-1)
