"""The one reading-ease function on known texts, and glossary terms found and marked up."""

import pytest

from governance.lay.readability import (
    ease_label,
    glossary_terms_in,
    lay_summary_report,
    mark_up_terms,
    reading_ease,
    word_count,
)

pytestmark = pytest.mark.django_db

PLAIN = "The cat sat on the mat. It was a good day. We all had fun."
DENSE = (
    "Implementation of the standardised interoperability specification necessitates "
    "comprehensive organisational reconfiguration, notwithstanding considerable "
    "institutional heterogeneity regarding infrastructural capabilities."
)


def test_short_words_in_short_sentences_read_as_easy():
    assert reading_ease(PLAIN) == pytest.approx(117.2, abs=0.1)
    assert ease_label(reading_ease(PLAIN)) == "Easy to read"


def test_long_words_in_a_long_sentence_read_as_very_hard():
    score = reading_ease(DENSE)
    assert score < 0
    assert ease_label(score) == "Very hard to read"


def test_a_typical_lay_summary_scores_between_the_two():
    text = (
        "This paper asks the board to agree how long people should wait for a scan. "
        "Most people now wait less than six weeks. The board is asked to approve the plan."
    )
    assert reading_ease(DENSE) < reading_ease(text) < reading_ease(PLAIN)
    assert ease_label(reading_ease(text)) in {"Plain English", "Easy to read"}


def test_text_too_short_to_score_says_so():
    assert reading_ease("") is None
    assert reading_ease("Yes.") is None
    assert ease_label(None) == "Too short to score"


def test_words_are_counted_for_the_300_word_limit():
    assert word_count("one two three") == 3
    report = lay_summary_report("word " * 301, [])
    assert report.words == 301
    assert report.too_long
    assert not lay_summary_report("word " * 300, []).too_long


def test_glossary_terms_are_found_as_whole_words(glossary):
    text = "The new PACS replaces the old RIS. It is not a crisis for the icb."
    found = [term.term for term in glossary_terms_in(text, glossary)]
    assert found == ["PACS", "RIS"]  # "crisis" holds "ris"; abbreviations match in capitals


def test_terms_are_marked_up_with_a_focusable_definition_for_screen_readers(glossary):
    html = str(mark_up_terms("Scans go to PACS <b>fast</b>. PACS again.", glossary, "t"))
    assert '<dfn class="lay-term__word" tabindex="0" aria-describedby="t-1">PACS</dfn>' in html
    assert 'role="tooltip" id="t-1">Picture archiving and communication system: The system' in (
        html
    )
    assert html.count("<dfn") == 1  # the first use only
    assert "&lt;b&gt;fast&lt;/b&gt;" in html  # the summary itself is escaped


def test_text_without_terms_is_escaped_and_keeps_its_line_breaks(glossary):
    assert str(mark_up_terms("a < b\nc", glossary)) == "a &lt; b<br>c"


def test_the_network_office_keeps_the_glossary_in_the_admin(client, glossary):
    from tests.portal.factories import UserFactory

    office, member = UserFactory(network_office=True), UserFactory()
    assert office.has_perm("lay.change_glossaryterm")
    assert not member.has_perm("lay.change_glossaryterm")
    client.force_login(office)
    response = client.get(f"/admin/snippets/lay/glossaryterm/edit/{glossary[0].pk}/")
    assert response.status_code == 200


def test_the_glossary_page_searches_terms_and_definitions(client, glossary):
    page = client.get("/governance/glossary/?q=books").content.decode()
    assert "<dfn>RIS</dfn>" in page and "<dfn>PACS</dfn>" not in page
    assert "1 term found for “books”" in page
