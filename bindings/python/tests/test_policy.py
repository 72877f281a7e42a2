"""Loading policies, what they declare, their YAML tests, pickling."""

import os
import pickle
import shutil
import subprocess
from datetime import date

import pytest

import ssprules

BROKEN = """id: broken
title: Broken
effective: {from: 2020-01-01}
inputs:
  birth_date: date
outputs:
  age:
    type: integer
    expr: age(birth_date, as_of) + unknown_name
"""

SMALL = """id: small
title: Small
version: "2"
effective:
  - {name: first, from: 2020-01-01, to: 2020-12-31}
  - {name: second, from: 2021-01-01}
inputs:
  birth_date: date
  score: {type: integer, min: 0, max: 10, optional: true}
outputs:
  age:
    type: integer
    expr: age(birth_date, as_of)
  adult: {type: bool, expr: age >= 18}
tests:
  - name: eighteen today
    as_of: 2021-06-01
    input: {birth_date: 2003-06-01}
    expect: {age: 18, adult: true}
  - name: wrong on purpose
    as_of: 2021-06-01
    input: {birth_date: 2003-06-02}
    expect: {adult: true}
"""


def test_load_and_what_the_policy_declares(copenhagen):
    assert copenhagen.id == "copenhagen-ssp-plus"
    assert copenhagen.title
    assert copenhagen.path.endswith("ssp-plus.yaml")
    names = [f.name for f in copenhagen.inputs]
    assert names == ["birth_date", "category", "assessed_category_3_or_4", "state_signal",
                     "local_offer_signal", "benefit_status", "plan_approved_on"]
    category = copenhagen.inputs[1]
    assert (category.kind, category.optional) == ("integer", True)
    assert category.type.startswith("integer 1..4")
    status = copenhagen.inputs[5]
    assert status.kind == "enum" and status.values == ("recipient", "self_supporting")
    assert copenhagen.inputs[2].default is False
    outputs = {f.name: f for f in copenhagen.outputs}
    assert outputs["plan_deadline"].kind == "date"
    assert outputs["route"].values == ("jobcenter", "uu", "kui", "none")  # declaration order
    assert [(p.name, p.start, p.end) for p in copenhagen.effective] == [
        ("trial", date(2009, 5, 14), date(2010, 12, 31)),
        ("continuation", date(2011, 1, 1), None)]
    assert "copenhagen-ssp-plus" in repr(copenhagen)


def test_loads_with_a_name():
    p = ssprules.loads(SMALL, name="small.yaml")
    assert (p.id, p.version, p.path) == ("small", "2", None)
    assert [p.name for p in p.effective] == ["first", "second"]
    assert p.evaluate({"birth_date": "2003-06-01"}, as_of="2021-06-01")["adult"] is True


def test_policy_error_carries_diagnostics():
    with pytest.raises(ssprules.PolicyError) as caught:
        ssprules.loads(BROKEN, name="broken.yaml")
    err = caught.value
    assert err.diagnostics, "at least one diagnostic"
    d = next(d for d in err.diagnostics if d.severity == "error")
    assert d.file == "broken.yaml"
    assert d.line == 9 and d.column > 1
    assert d.code.startswith("SR")
    assert "unknown_name" in d.message
    text = str(err)
    assert f"broken.yaml:9:{d.column}: error[{d.code}]" in text
    assert "^" in text, "the rendered diagnostics point at the span"
    assert pickle.loads(pickle.dumps(err)).diagnostics == err.diagnostics


def test_load_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        ssprules.load(tmp_path / "nowhere.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n")
    with pytest.raises(ssprules.PolicyError) as caught:
        ssprules.load(bad)
    assert caught.value.diagnostics[0].file == str(bad)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: K\xf8benhavn\n".encode("latin-1"))
    with pytest.raises(ssprules.PolicyError, match="not valid UTF-8") as caught:
        ssprules.load(latin)
    assert caught.value.diagnostics[0].code == "SR0002"
    with pytest.raises(TypeError):
        ssprules.loads(b"id: x")  # type: ignore[arg-type]  # deliberately wrong


def test_a_file_that_cannot_be_read_is_a_policy_error_with_its_diagnostic(tmp_path):
    # the C++ loader reads the file, as the CLI does: one error channel, SR0006
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(ssprules.PolicyFileNotFoundError) as caught:
        ssprules.load(missing)
    err = caught.value
    assert isinstance(err, ssprules.PolicyError) and isinstance(err, FileNotFoundError)
    assert err.filename == str(missing) and err.errno == 2
    [d] = err.diagnostics
    assert (d.code, d.severity, d.file, d.line) == ("SR0006", "error", str(missing), 0)
    assert d.message == "cannot read the file: no such file"
    assert str(err) == f"{missing}: error[SR0006]: cannot read the file: no such file\n"
    again = pickle.loads(pickle.dumps(err))
    assert isinstance(again, ssprules.PolicyFileNotFoundError)
    assert again.diagnostics == err.diagnostics and again.filename == err.filename
    # a directory, /dev/zero (never ends), a FIFO without a writer (would block): refused unread
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    for path, kind in [(tmp_path, "a directory"), ("/dev/zero", "a character device"),
                       (fifo, "a FIFO")]:
        with pytest.raises(ssprules.PolicyError) as refused:
            ssprules.load(path)
        assert not isinstance(refused.value, FileNotFoundError)
        [d] = refused.value.diagnostics
        assert d.code == "SR0006"
        assert d.message == f"cannot read the file: not a regular file ({kind})"


def test_load_reads_through_the_cpp_loader_and_still_pickles(tmp_path, root):
    shutil.copytree(root / "rules" / "kolding", tmp_path / "kolding")
    path = tmp_path / "kolding" / "ssp.yaml"
    policy = ssprules.load(path)
    assert policy.path == str(path)
    copy = pickle.loads(pickle.dumps(policy))
    assert copy.id == policy.id and copy.path == policy.path
    assert copy._text == path.read_text(encoding="utf-8"), "the text travels"
    # a cited document outside the policy's folder: SR0007, as in `ssprules check`
    text = path.read_text(encoding="utf-8").replace(
        "file: sources/", "file: ../../../../../../../../../etc/", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ssprules.PolicyError) as caught:
        ssprules.load(path)
    assert [d.code for d in caught.value.diagnostics if d.severity == "error"] == ["SR0007"]


def test_yaml_tests_of_a_bundled_policy(copenhagen, kolding):
    report = copenhagen.test()
    assert report.ok and report.failed == 0
    assert report.passed > 50, "the inline tests and ssp-plus.test.yaml"
    assert str(report).endswith(f"{report.passed} passed, 0 failed")
    assert kolding.test().ok


def test_yaml_test_failures_are_reported():
    report = ssprules.loads(SMALL, name="small.yaml").test()
    assert (report.passed, report.failed) == (1, 1)
    failure = report.failures[0]
    assert failure.test == "wrong on purpose"
    assert failure.file == "small.yaml" and failure.line > 0
    assert any("adult" in d and "false" in d for d in failure.differences), failure.differences
    assert "decided by" in failure.explanation
    assert not report.ok


def test_pickle_round_trip(copenhagen):
    copy = pickle.loads(pickle.dumps(copenhagen))
    assert copy.id == copenhagen.id and copy.path == copenhagen.path
    record = {"birth_date": "2008-03-15", "category": 4, "benefit_status": "recipient"}
    assert dict(copy.evaluate(record, as_of="2025-03-15")) == \
        dict(copenhagen.evaluate(record, as_of="2025-03-15"))
    small = pickle.loads(pickle.dumps(ssprules.loads(SMALL, name="small.yaml")))
    assert small.test().passed == 1


def test_warnings_do_not_stop_loading():
    text = SMALL.replace("  score: {type: integer, min: 0, max: 10, optional: true}\n",
                         "  score: {type: integer, min: 0, max: 10, optional: true}\n"
                         "  unused_flag: bool\n")
    p = ssprules.loads(text, name="small.yaml")
    assert any(d.severity == "warning" and "unused_flag" in d.message for d in p.diagnostics)


CASES = """id: cases
title: Cases
effective: {from: 2020-01-01}
inputs:
  score: {type: integer, min: 0, max: 10}
outputs:
  band:
    type: enum
    values: [low, high, top]
    cases:
      - when: score >= 10
        then: top
      - when: score >= 5
        then: high
      - otherwise: low
tests:
  - name: high
    as_of: 2021-06-01
    input: {score: 7}
    expect: {band: high}
"""


def test_coverage_of_the_bundled_policy(copenhagen, cli, root):
    report = copenhagen.test()
    (cov,) = report.coverage
    assert cov.file.endswith("ssp-plus.yaml")
    assert cov.covered == len(cov.parts) == 19 and cov.uncovered == ()
    assert all(p.hits > 0 and p.line > 0 for p in cov.parts)
    # the same words as `ssprules test --coverage`
    out = subprocess.run([str(cli), "test", "--coverage", "rules/copenhagen"], cwd=root,
                         capture_output=True, text=True, check=True).stdout
    assert "19 of 19 parts covered (100%)" in report.coverage_text
    assert report.coverage_text.split(": ", 1)[1] in out


def test_coverage_names_the_parts_no_test_reached():
    report = ssprules.loads(CASES, name="cases.yaml").test()
    (cov,) = report.coverage
    assert report.ok and cov.file == "cases.yaml"
    assert [(p.rule, p.part, p.hits) for p in cov.parts] == [
        ("band", "case 1", 0), ("band", "case 2", 1), ("band", "otherwise", 0)]
    assert cov.covered == 1
    assert [p.part for p in cov.uncovered] == ["case 1", "otherwise"]
    assert "1 of 3 parts covered (33%)" in str(cov)
    assert "uncovered: rule band, case 1 (line 11)" in str(cov)
    assert "uncovered: rule band, otherwise (line 15)" in str(cov)


def test_boundary_tests_written_beside_the_policy_pass(tmp_path, root):
    shutil.copytree(root / "rules" / "kolding", tmp_path / "kolding")
    policy = ssprules.load(tmp_path / "kolding" / "ssp.yaml")
    before = policy.test()
    out = tmp_path / "kolding" / "boundaries.test.yaml"
    tests = policy.boundary_tests(out)
    assert tests.count > 10 and not tests.capped and tests.notes
    assert out.read_text(encoding="utf-8") == tests.yaml == str(tests)
    assert "\npolicy: ssp.yaml\n" in tests.yaml
    after = policy.test()  # picks up the new file: every proposed test passes as generated
    assert after.ok and after.passed == before.passed + tests.count
    # from another folder the policy is named by its relative path
    (tmp_path / "other").mkdir()
    elsewhere = policy.boundary_tests(tmp_path / "other" / "b.test.yaml")
    assert "\npolicy: ../kolding/ssp.yaml\n" in elsewhere.yaml


def test_boundary_tests_capped_and_in_memory(kolding):
    tests = kolding.boundary_tests(max_tests=3, year=2026)
    assert tests.count == 3 and tests.found > 3 and tests.capped
    assert "\npolicy: ssp.yaml\n" in tests.yaml and tests.yaml.count("- name:") == 3
    with pytest.raises(ValueError, match="at least 1"):
        kolding.boundary_tests(max_tests=0)
