"""Why is this plan overdue? The cases that did not hold, in explain(), explanation() and the
notebook view (Decision._repr_html_), which shows what explain() shows."""

import html
import re

import ssprules

# Born 2001-05-06: the plan was due by 2018-11-06 (17½); on 2025-03-01 none has been approved.
OVERDUE = {"id": "c-17", "birth_date": "2001-05-06", "category": 4,
           "benefit_status": "recipient"}


def _plan_status(decision):
    return next(s for s in decision.explanation() if s["rule"] == "plan_status")


def test_explain_names_the_false_conditions_and_their_values(copenhagen):
    d = copenhagen.evaluate(OVERDUE, as_of="2025-03-01")
    assert d["plan_status"] == "overdue"
    text = d.explain()
    assert ("  not taken:\n"
            "    case 1 (line 201): not target_group or age > 23\n"
            "      because target_group true; age 23 <= 23\n") in text
    assert ("    case 3 (line 205): present(plan_approved_on)\n"
            "      because plan_approved_on absent\n") in text
    assert ("    case 5 (line 209): as_of <= plan_deadline\n"
            "      because as_of 2025-03-01 > plan_deadline 2018-11-06\n") in text
    da = d.explain(lang="da")
    assert "  ikke valgt:\n    tilfælde 1 (linje 201)" in da
    assert "      fordi plan_approved_on mangler\n" in da


def test_explanation_data_has_the_failed_cases(copenhagen):
    step = _plan_status(copenhagen.evaluate(OVERDUE, as_of="2025-03-01"))
    assert step["decided_by"] == "otherwise"
    assert [c["branch"] for c in step["not_taken"]] == [f"case {k}" for k in range(1, 6)]
    last = step["not_taken"][4]
    assert last["condition"] == "as_of <= plan_deadline" and last["line"] == 209
    assert last["facts"] == [{
        "part": "as_of <= plan_deadline", "relation": ">",
        "operands": [{"expression": "as_of", "value": "2025-03-01"},
                     {"expression": "plan_deadline", "value": "2018-11-06"}]}]
    assert step["not_taken"][1]["facts"] == [{
        "part": "present(plan_approved_on)", "relation": "",
        "operands": [{"expression": "plan_approved_on", "value": None}]}]


def test_repr_html_shows_what_explain_shows(copenhagen):
    d = copenhagen.evaluate(OVERDUE, as_of="2025-03-01")
    page = d._repr_html_()
    assert page.startswith("<table")
    assert "<th style='text-align:left'>not taken</th>" in page
    # conditions, values and the false parts with their values
    assert "<code>as_of &lt;= plan_deadline</code>" in page
    assert "case 5: <code>as_of &lt;= plan_deadline</code> — as_of 2025-03-01 &gt; " \
           "plan_deadline 2018-11-06" in page
    assert "case 2: <code>present(plan_approved_on) and plan_approved_on &lt;= " \
           "plan_deadline</code> — plan_approved_on absent" in page
    assert "target_group true; age 23 &lt;= 23" in page
    # the values each rule used
    assert "birth_date = 2001-05-06, as_of = 2025-03-01" in page
    # the quotes of the cited sources
    assert ("Triangelmodellen: <q>Hver plan skal være færdigbehandlet og godkendt af "
            "arbejdsgruppen, når den unge fylder 17½ år.</q>") in page
    # why not: the same lines as explain()'s section
    text = d.explain()
    assert "why not:" in text
    assert "<p style='text-align:left'><b>why not</b></p><ul>" in page
    why_not = text[text.index("why not:\n") + len("why not:\n"):].splitlines()
    for line in why_not:
        if line.startswith("  "):
            assert f"<li style='text-align:left'>{html.escape(line.strip())}</li>" in page


def test_repr_html_escapes_every_text():
    policy = ssprules.loads("""id: hostile
effective: {from: 2020-01-01}
sources:
  s1: {title: "<b>title</b>"}
inputs:
  level: integer
  note: {type: string, optional: true}
outputs:
  band:
    type: enum
    values: [high, low]
    cases:
      - when: level > 4 and (note ?? "") == "<script>"
        then: high
      - otherwise: low
  tag:
    type: string
    expr: note ?? "<none>"
    source: {doc: s1, section: "<i>§</i>", quote: "a <quote> & more"}
""")
    d = policy.evaluate({"level": 7, "note": "</td><script>alert(1)</script>"},
                        as_of="2021-01-01")
    page = d._repr_html_()
    assert "<script>" not in page and "</td><script>" not in page
    assert "&lt;script&gt;" in page
    assert "<b>title</b>" not in page and "&lt;b&gt;title&lt;/b&gt;" in page
    assert "&lt;i&gt;§&lt;/i&gt;: <q>a &lt;quote&gt; &amp; more</q>" in page
    assert "(note ?? &quot;&quot;) &lt;/td&gt;&lt;script&gt;" in page, "the false part"
    # every tag in the page is one the view writes itself
    tags = set(re.findall(r"</?([a-z]+)", page))
    assert tags <= {"table", "caption", "thead", "tbody", "tr", "th", "td", "b", "code", "br",
                    "q", "p", "ul", "li"}, tags
