"""Notebook displays: a Policy, a TestReport and a DiffReport have a short one-line repr() of
their key figures and an HTML view (`_repr_html_`, what Jupyter shows) of compact tables, in
which every text that comes from a policy, a test file or a record is escaped.

The HTML is read back with the standard library's HTMLParser into its tables (caption, header,
rows of cell texts), so that the tests assert the structure, not a string of markup."""

import html
from html.parser import HTMLParser
from typing import Any, Dict

import pytest

import ssprules
from test_policy import CASES, SMALL

# The only elements the views use: no script, no style, no image, no link, no attribute but
# alignment and colspan.
TAGS = {"table", "caption", "thead", "tbody", "tr", "th", "td", "p", "b", "i", "br", "code",
        "pre", "details", "summary"}
ATTRIBUTES = {("style", "text-align:left"), ("colspan", None)}


class View(HTMLParser):
    """An HTML view as {"tables": [{"caption", "head", "rows"}], "paragraphs", "pre", "tags"};
    a cell's text has its <br>s as newlines."""

    def __init__(self, markup):
        super().__init__(convert_charrefs=True)
        self.tables, self.paragraphs, self.pre, self.tags = [], [], [], set()
        self._text = None  # the text being collected, or None
        self._row = None
        self.feed(markup)
        self.close()
        assert self._text is None and self._row is None, "unclosed element"

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            assert (name, value if name != "colspan" else None) in ATTRIBUTES, (tag, name, value)
        if tag == "table":
            self.tables.append({"caption": None, "head": [], "rows": []})
        elif tag == "tr":
            self._row = []
        elif tag in ("caption", "th", "td", "p", "pre") and self._text is None:
            self._text = []
        elif tag == "br" and self._text is not None:
            self._text.append("\n")

    def handle_endtag(self, tag):
        if tag in ("caption", "th", "td", "p", "pre") and self._text is not None:
            if tag == "pre" and self._row is not None:
                return  # a <pre> inside a cell belongs to the cell
            text = "".join(self._text)
            self._text = None
            if tag == "caption":
                self.tables[-1]["caption"] = text
            elif tag == "th":
                self.tables[-1]["head"].append(text)
            elif tag == "td":
                assert self._row is not None, "a cell outside a row"
                self._row.append(text)
            elif tag == "p":
                self.paragraphs.append(text)
            else:
                self.pre.append(text)
        elif tag == "tr":
            if self._row:
                self.tables[-1]["rows"].append(tuple(self._row))
            self._row = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def view(obj):
    markup = obj._repr_html_()
    assert isinstance(markup, str) and markup
    parsed = View(markup)
    assert parsed.tags <= TAGS, parsed.tags - TAGS
    return parsed


def one_line(text, longest=130):
    assert "\n" not in text and len(text) <= longest, (len(text), text)
    return text


# -- Policy

def test_policy_repr_is_one_line_with_id_version_and_title(copenhagen):
    one_line(repr(copenhagen).replace(copenhagen._name, "FILE"), longest=100)
    assert repr(copenhagen) == (
        "<Policy 'copenhagen-ssp-plus' version 2009.1 (SSP+ in Copenhagen (the Triangel model))"
        f" from {copenhagen._name}>")
    assert repr(ssprules.loads(CASES, name="cases.yaml")) == \
        "<Policy 'cases' (Cases) from cases.yaml>"


def test_policy_html_is_one_table_of_its_inputs_and_outputs(copenhagen):
    v = view(copenhagen)
    assert v.paragraphs == [] and v.pre == []
    (table,) = v.tables
    assert table["caption"].split("\n") == [
        "SSP+ in Copenhagen (the Triangel model) (Københavns Kommune)",
        "Who is in the SSP+ target group, when the working group of the three administrations "
        "takes a young person's case (at 17), where the young person is routed (Jobcenter or "
        "youth guidance) and by when the plan must be approved (at 17½).",
        f"policy copenhagen-ssp-plus version 2009.1, {copenhagen._name}",
        "in force: trial 2009-05-14 to 2010-12-31, continuation from 2011-01-01"]
    assert table["head"] == ["field", "role", "type", "default", "documentation"]
    rows = table["rows"]
    assert len(rows) == len(copenhagen.inputs) + len(copenhagen.outputs)
    assert [r[0] for r in rows] == [f.name for f in copenhagen.inputs + copenhagen.outputs]
    assert [r[1] for r in rows] == (["input"] * len(copenhagen.inputs)
                                    + ["output"] * len(copenhagen.outputs))
    assert rows[:3] == [
        ("birth_date", "input", "date", "", "The young person's date of birth."),
        ("category", "input", "integer 1..4 (optional)", "",
         "SSP single-case category; absent when not registered."),
        ("assessed_category_3_or_4", "input", "bool", "false",
         "The social administration assesses that the criteria for category 3 or 4 are met.")]
    route = next(r for r in rows if r[0] == "route")
    assert route[1:4] == ("output", "enum {jobcenter, uu, kui, none}", "")
    assert all(r[3] == "" for r in rows if r[1] == "output")  # outputs have no default


def test_policy_says_who_decided_it_and_what_it_is_for(copenhagen):
    assert copenhagen.jurisdiction == "Københavns Kommune"
    assert copenhagen.summary.startswith("Who is in the SSP+ target group")
    small = ssprules.loads(SMALL, name="small.yaml")
    assert (small.jurisdiction, small.summary) == ("", "")


def test_policy_html_counts_the_warnings_found_when_loading():
    text = SMALL.replace("  birth_date: date\n", "  birth_date: date\n  unused_flag: bool\n")
    policy = ssprules.loads(text, name="small.yaml")
    assert len(policy.diagnostics) == 2  # `score` and `unused_flag` are never used
    (table,) = view(policy).tables
    assert table["caption"].split("\n") == [
        "Small", "policy small version 2, small.yaml",
        "in force: first 2020-01-01 to 2020-12-31, second from 2021-01-01",
        "2 warnings when loaded (policy.diagnostics)"]


HOSTILE = """id: hostile
title: '<script>alert("title")</script> & <b>co</b>'
version: "<i>1</i>"
doc: '<script>alert("doc")</script>'
effective: {from: 2020-01-01}
inputs:
  note:
    type: string
    optional: true
    doc: '</td></tr></table><script>alert("field")</script>'
outputs:
  echo:
    type: string
    expr: note
    doc: 'a < b && c > d'
tests:
  - name: '<script>alert("test")</script>'
    as_of: 2021-06-01
    input: {note: '<b>x</b>'}
    expect: {echo: '<i>y</i>'}
"""


def test_policy_texts_are_escaped():
    policy = ssprules.loads(HOSTILE, name="<hostile>.yaml")
    markup = policy._repr_html_()
    for raw in ("<script", "<b>co", "<i>1", "<hostile>"):
        assert raw not in markup
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;" in markup
    assert '&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;' \
        in markup
    (table,) = view(policy).tables  # the field's doc did not close the table
    assert table["caption"].split("\n") == [
        '<script>alert("title")</script> & <b>co</b>',
        '<script>alert("doc")</script>',
        "policy hostile version <i>1</i>, <hostile>.yaml",
        "in force: from 2020-01-01"]
    assert table["rows"] == [
        ("note", "input", "string (optional)", "",
         '</td></tr></table><script>alert("field")</script>'),
        ("echo", "output", "string (optional)", "", "a < b && c > d")]


# -- TestReport

def test_test_report_repr_gives_the_figures(copenhagen):
    report = copenhagen.test()
    assert one_line(repr(report)) == \
        f"<TestReport copenhagen-ssp-plus: {report.passed} passed, 0 failed, coverage 100%>"
    assert report.coverage_percent == 100
    small = ssprules.loads(SMALL, name="small.yaml").test()
    assert repr(small) == "<TestReport small: 1 passed, 1 failed, coverage 100%>"
    cases = ssprules.loads(CASES, name="cases.yaml").test()
    assert repr(cases) == "<TestReport cases: 1 passed, 0 failed, coverage 33%>"
    assert cases.coverage_percent == 33  # rounded down, as `ssprules test --coverage`
    assert repr(ssprules.TestReport(1234, 0)) == "<TestReport: 1,234 passed, 0 failed>"
    assert ssprules.TestReport(1, 0).coverage_percent is None  # no parts


def test_test_report_parts_repr_short():
    small = ssprules.loads(SMALL, name="small.yaml").test()
    (failure,) = small.failures
    assert repr(failure) == f"<TestFailure 'wrong on purpose' at small.yaml:{failure.line}: " \
        "1 difference>"
    (cov,) = ssprules.loads(CASES, name="cases.yaml").test().coverage
    assert repr(cov) == "<PolicyCoverage cases.yaml: 1 of 3 parts reached>"


def test_test_report_html_lists_failures_with_their_explanation_folded():
    report = ssprules.loads(SMALL, name="small.yaml").test()
    v = view(report)
    (table,) = v.tables
    assert table["caption"] == "Tests of small: 1 passed, 1 failed, coverage 100%"
    assert table["head"] == ["test", "where", "what differed", "explanation"]
    ((test, where, differed, explanation),) = table["rows"]
    failure = report.failures[0]
    assert (test, where, differed) == ("wrong on purpose", f"small.yaml:{failure.line}",
                                       "`adult`: expected true, got false")
    assert explanation == "explanation" + failure.explanation  # <summary>, then the <pre>
    assert "<details><summary>explanation</summary><pre>" in report._repr_html_()
    assert "gives age &gt;= 18" in report._repr_html_()


def test_test_report_html_of_a_passing_run_is_one_line_then_the_parts_not_reached(copenhagen):
    v = view(copenhagen.test())
    assert v.tables == [] and v.pre == []
    assert v.paragraphs == [f"Tests of copenhagen-ssp-plus: {copenhagen.test().passed} passed, "
                            "0 failed, coverage 100%"]
    v = view(ssprules.loads(CASES, name="cases.yaml").test())
    assert v.paragraphs == ["Tests of cases: 1 passed, 0 failed, coverage 33%"]
    (table,) = v.tables
    assert table == {"caption": "cases.yaml: 2 parts no test reached (1 of 3 reached)",
                     "head": ["rule", "part", "line"],
                     "rows": [("band", "case 1", "11"), ("band", "otherwise", "15")]}


def test_test_report_html_escapes_test_names_and_values():
    report = ssprules.loads(HOSTILE, name="hostile.yaml").test()
    assert (report.passed, report.failed) == (0, 1)
    markup = report._repr_html_()
    assert "<script" not in markup and "<b>x" not in markup and "<i>y" not in markup
    (table,) = view(report).tables
    ((test, _, differed, explanation),) = table["rows"]
    assert test == '<script>alert("test")</script>'
    assert "<i>y</i>" in differed and "<b>x</b>" in differed
    assert "<b>x</b>" in explanation


def test_test_report_html_shows_problems_with_test_files(tmp_path):
    (tmp_path / "small.yaml").write_text(SMALL, encoding="utf-8")
    (tmp_path / "small.test.yaml").write_text(
        "policy: small.yaml\ntests:\n  - name: '<script>'\n    as_of: 2021-06-01\n"
        "    input: {nope: 1}\n    expect: {adult: true}\n", encoding="utf-8")
    report = ssprules.load(tmp_path / "small.yaml").test()
    assert one_line(repr(report)) == \
        "<TestReport small: 1 passed, 2 failed, coverage 100%, 1 problem in the test files>"
    v = view(report)
    (pre,) = v.pre
    assert pre == report.diagnostics and "unknown input `nope`" in pre
    assert "<script" not in report._repr_html_()


def test_test_report_html_shows_twenty_failures_and_counts_the_rest():
    tests = "".join(f"  - name: t{k}\n    as_of: 2021-06-01\n    input: {{birth_date: 2010-01-01}}"
                    "\n    expect: {adult: true}\n" for k in range(1, 26))
    text = SMALL[:SMALL.index("tests:\n") + len("tests:\n")] + tests
    report = ssprules.loads(text, name="many.yaml").test()
    assert report.failed == 25
    (table,) = view(report).tables
    assert [r[0] for r in table["rows"][:20]] == [f"t{k}" for k in range(1, 21)]
    assert table["rows"][20] == ("… 5 more: print(report) lists them all",)
    assert len(table["rows"]) == 21


# -- DiffReport

@pytest.fixture(scope="module")
def amended(root):
    return ssprules.load(root / "tests" / "cli" / "ssp-plus-2026.yaml")


@pytest.fixture(scope="module")
def cases(root):
    pd = pytest.importorskip("pandas")
    return pd.read_csv(root / "examples" / "copenhagen-cases.csv")


def test_diff_report_repr_names_the_outputs_that_change_most(copenhagen, amended, cases):
    report = copenhagen.diff(amended, cases, as_of="2026-12-01")
    assert (report.old, report.new) == ("copenhagen-ssp-plus 2009.1", "copenhagen-ssp-plus 2026.1")
    assert one_line(repr(report)) == (
        "<DiffReport copenhagen-ssp-plus 2009.1 -> 2026.1: 2 of 30 records change, phase: 2, "
        "eligible: 2, route: 2, …>")
    assert repr(copenhagen.diff(copenhagen, cases)) == \
        "<DiffReport copenhagen-ssp-plus 2009.1 -> 2009.1: 0 of 30 records change>"
    other = ssprules.loads(SMALL, name="small.yaml")
    assert repr(other.diff(copenhagen, [{"birth_date": "2008-03-15"}], as_of="2025-03-01")) \
        .startswith("<DiffReport small 2 -> copenhagen-ssp-plus 2009.1: ")


def synthetic(**changes):
    """A DiffReport as a big register would give (the figures of the issue's example)."""
    outputs = {
        "route": ssprules.OutputChanges(1100, (("none", "jobcenter", 1000), ("uu", "kui", 100)), 0),
        "age": ssprules.OutputChanges(0, (), 0),
        "plan_deadline": ssprules.OutputChanges(
            134, tuple((f"2025-0{k}-01", f"2025-0{k}-02", 20) for k in range(1, 8)), 14),
    }
    values: Dict[str, Any] = dict(
        records=200_000, changed_records=1234, outputs=outputs, status_changes=(),
        only_old_outputs=(), only_new_outputs=(), only_old_inputs=(), only_new_inputs=(),
        first_changed=((0, "a-1", ["route"]),))
    values.update(changes)
    return ssprules.DiffReport(**values)


def test_diff_report_repr_of_a_big_register():
    assert repr(synthetic()) == ("<DiffReport: 1,234 of 200,000 records change, route: 1,100, "
                                 "plan_deadline: 134>")
    more = dict(synthetic().outputs, phase=ssprules.OutputChanges(7, (("a", "b", 7),), 0),
                eligible=ssprules.OutputChanges(3, (("false", "true", 3),), 0))
    assert repr(synthetic(outputs=more, status_changes=(("ok", "error SR1001", 12),),
                          old="p 1", new="q 2")) == (
        "<DiffReport p 1 -> q 2: 1,234 of 200,000 records change, route: 1,100, "
        "plan_deadline: 134, phase: 7, …, error status: 12>")
    assert repr(synthetic(records=1, changed_records=1)).startswith(
        "<DiffReport: 1 of 1 record changes, ")


def test_diff_report_html_tables(copenhagen, amended, cases):
    report = copenhagen.diff(amended, cases, as_of="2026-12-01")
    v = view(report)
    changes, first = v.tables
    assert changes["caption"] == ("copenhagen-ssp-plus 2009.1 → 2026.1: 2 of 30 records change, "
                                  "phase: 2, eligible: 2, route: 2, …")
    assert changes["head"] == ["output", "records", "changes (old → new: records)"]
    assert changes["rows"] == [
        ("phase", "2", "none → ssp_plus: 2"),
        ("eligible", "2", "false → true: 2"),
        ("route", "2", "none → jobcenter: 2"),
        ("plan_status", "2", "not_applicable → approved_late: 1\nnot_applicable → overdue: 1")]
    assert v.paragraphs == ["unchanged outputs: age, target_group, intake_date, plan_deadline\n"
                            "outputs only in the new version: programme_end"]
    assert first["caption"] == "the 2 changed records (print(report) explains them)"
    assert first["head"] == ["record", "id", "outputs that change"]
    assert first["rows"] == [("16", "cph-0016", "phase, eligible, route, plan_status"),
                             ("21", "cph-0021", "phase, eligible, route, plan_status")]
    # numbered as str(report) numbers them
    assert "== cph-0016 (record 16," in str(report)
    same = view(copenhagen.diff(copenhagen, cases))
    assert same.tables == []
    assert same.paragraphs[0] == "copenhagen-ssp-plus 2009.1 → 2009.1: 0 of 30 records change"
    assert same.paragraphs[1].startswith("unchanged outputs: age, target_group, ")


def test_diff_report_html_caps_the_pairs_and_counts_the_rest():
    v = view(synthetic(status_changes=(("ok", "error SR1001", 12),), only_new_inputs=("x",)))
    changes, first = v.tables
    assert changes["rows"] == [
        ("route", "1,100", "none → jobcenter: 1,000\nuu → kui: 100"),
        ("plan_deadline", "134",
         "\n".join([f"2025-0{k}-01 → 2025-0{k}-02: 20" for k in range(1, 6)]
                   + ["… 2 more pairs", "other changes: 14"])),
        ("error status", "12", "ok → error SR1001: 12")]
    assert v.paragraphs == ["unchanged outputs: age\ninputs only the new version reads: x"]
    assert first["caption"] == "the first 1 of 1,234 changed records (print(report) explains them)"


def test_diff_report_html_escapes_values_and_record_ids(copenhagen, amended):
    record = {"id": "<script>alert(1)</script>", "as_of": "2020-06-30",
              "birth_date": "1996-06-29", "category": 4, "benefit_status": "recipient"}
    report = copenhagen.diff(amended, [record])  # as cph-0016 of the register
    assert report.changed_records == 1
    markup = report._repr_html_()
    assert "<script" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert view(report).tables[1]["rows"][0][1] == "<script>alert(1)</script>"
    hostile = synthetic(outputs={"<b>o</b>": ssprules.OutputChanges(1, (("<i>", "</td>", 1),), 0)},
                        old="<script>", new="x")
    markup = hostile._repr_html_()
    assert "<script" not in markup and "<b>o" not in markup and "<i>" not in markup
    assert html.escape("</td>") in markup
    changes, _ = view(hostile).tables
    assert changes["rows"] == [("<b>o</b>", "1", "<i> → </td>: 1")]
    assert changes["caption"].startswith("<script> → x: ")


# -- the others

def test_boundary_tests_repr(kolding):
    tests = kolding.boundary_tests(max_tests=5)
    assert repr(tests) == f"<BoundaryTests: 5 tests of {tests.found} found>"
