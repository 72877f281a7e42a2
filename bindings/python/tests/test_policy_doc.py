"""Policy.doc(lang=): the policy page of `ssprules doc`, in English or Danish."""

import subprocess

import pytest


def test_doc_is_the_english_page_by_default(kolding):
    page = kolding.doc()
    assert isinstance(page, str)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<h1>SSP and SSP+ in Kolding</h1>" in page
    assert "<h2>About this policy</h2>" in page
    assert '<table class="decision" id="table-programme"' in page
    assert page.endswith("</html>\n")
    assert kolding.doc(lang="en") == page


def test_doc_in_danish_uses_the_words_of_explain(kolding):
    page = kolding.doc(lang="da")
    assert page.startswith('<!DOCTYPE html>\n<html lang="da">')
    assert "<h1>SSP and SSP+ in Kolding</h1>" in page  # the policy's own title, as written
    assert "<h2>Om regelsættet</h2>" in page
    assert "<h2>Oplysninger</h2>" in page
    assert "<h2>Resultater (afgørelsen)</h2>" in page
    assert "<dt>Myndighed</dt><dd>Kolding Kommune</dd>" in page
    assert '<span class="any">uanset</span>' in page
    assert "About this policy" not in page
    # the same word as the Danish explanation: an output is a "resultat"
    decision = kolding.evaluate({"birth_date": "2006-01-15", "criminal_behaviour": True},
                                as_of="2023-06-01")
    assert "resultat programme = ssp_plus" in decision.explain(lang="da")
    assert '<span class="tag output">resultat</span>' in page


def test_doc_options(kolding):
    assert '<section id="graph">' in kolding.doc()
    assert '<pre class="dot">' in kolding.doc()  # the DOT text: Python runs no Graphviz
    assert '<section id="graph">' not in kolding.doc(graph=False)
    assert '<section id="examples">' not in kolding.doc(examples=False)


def test_doc_is_the_page_of_the_cli(kolding, cli, root):
    page = subprocess.run([str(cli), "doc", str(root / "rules" / "kolding" / "ssp.yaml"),
                           "--lang", "da", "--no-graph"],
                          capture_output=True, check=True, cwd=root).stdout.decode()
    assert page == kolding.doc(lang="da", graph=False)


@pytest.mark.parametrize("lang", ["sv", "DA", "", "english"])
def test_doc_refuses_an_unknown_language(kolding, lang):
    with pytest.raises(ValueError, match='lang: choose "en" or "da"'):
        kolding.doc(lang=lang)
