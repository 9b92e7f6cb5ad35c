"""The block diff (sigs.diff): a sequence table row by row and cell by cell, rich text word by
word, and a protocol body block by block. Pure functions: no database."""

import pytest
from bs4 import BeautifulSoup
from wagtail.blocks import StreamValue

from sigs.blocks import ProtocolBodyBlock
from sigs.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    UNCHANGED,
    body_diff,
    rich_text_diff,
    sequence_rows_diff,
    word_diff,
)
from sigs.models import ProtocolPage


def row(sequence, plane, thickness="4 mm", notes=""):
    return {"sequence": sequence, "plane": plane, "slice_thickness": thickness, "notes": notes}


def table(caption, *rows):
    return {"type": "sequence_table", "value": {"caption": caption, "rows": list(rows)}}


def stream(*blocks):
    return StreamValue(ProtocolBodyBlock(), list(blocks), is_lazy=True)


def words(html, tag):
    """The words inside <ins> or <del>, without the hidden "added:"/"removed:" text."""
    found = []
    for element in BeautifulSoup(str(html), "html.parser").find_all(tag):
        for hidden in element.select(".nhsuk-u-visually-hidden"):
            hidden.extract()
        found.append(element.get_text(" ", strip=True))
    return found


ROUTINE = [
    row("T2 TSE", "Sagittal", notes="T11 to S2"),
    row("T1 TSE", "Sagittal"),
    row("T2 TSE", "Axial", notes="Angled through the discs"),
]


def test_a_sequence_table_shows_an_added_row_where_it_was_added():
    new = [*ROUTINE[:2], row("STIR", "Sagittal", notes="Oedema and fracture"), ROUTINE[2]]
    rows = sequence_rows_diff(ROUTINE, new)
    assert [r.change for r in rows] == [UNCHANGED, UNCHANGED, ADDED, UNCHANGED]
    added = rows[2]
    assert [c.new for c in added.cells] == ["STIR", "Sagittal", "4 mm", "Oedema and fracture"]
    assert added.change_label == "Added"


def test_a_sequence_table_shows_a_removed_row_with_what_it_held():
    rows = sequence_rows_diff(ROUTINE, [ROUTINE[0], ROUTINE[2]])
    assert [r.change for r in rows] == [UNCHANGED, REMOVED, UNCHANGED]
    assert [c.old for c in rows[1].cells][:2] == ["T1 TSE", "Sagittal"]
    assert rows[1].change_label == "Removed"


def test_a_changed_cell_is_the_same_row_changed_not_a_row_removed_and_added():
    new = [ROUTINE[0], row("T1 TSE", "Sagittal", thickness="3 mm"), ROUTINE[2]]
    rows = sequence_rows_diff(ROUTINE, new)
    assert [r.change for r in rows] == [UNCHANGED, CHANGED, UNCHANGED]
    changed = rows[1].changed_cells
    assert [(c.label, c.old, c.new) for c in changed] == [("Slice thickness", "4 mm", "3 mm")]
    assert words(changed[0].diff, "del") == ["4"]
    assert words(changed[0].diff, "ins") == ["3"]


def test_a_new_plane_for_the_same_sequence_is_a_changed_row():
    new = [ROUTINE[0], row("T1 TSE", "Axial"), ROUTINE[2]]
    rows = sequence_rows_diff(ROUTINE, new)
    assert [r.change for r in rows] == [UNCHANGED, CHANGED, UNCHANGED]
    assert [c.label for c in rows[1].changed_cells] == ["Plane"]


def test_word_diff_marks_changes_in_words_not_colour_alone():
    html = word_diff("Report within 7 days", "Report within 5 working days")
    parsed = BeautifulSoup(str(html), "html.parser")
    assert parsed.find("del").get_text() == "removed: 7"
    assert parsed.find("ins").get_text() == "added: 5 working"
    assert all(el.select_one(".nhsuk-u-visually-hidden") for el in parsed.find_all(["ins", "del"]))


def test_word_diff_escapes_what_people_typed():
    html = str(word_diff("a <b>", "a <script>"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_rich_text_is_compared_paragraph_by_paragraph_and_word_by_word():
    old = "<p>Supine, feet first.</p><ul><li>Centre at L3</li></ul>"
    new = "<p>Supine, feet first.</p><ul><li>Centre at L4</li><li>Use a knee wedge</li></ul>"
    html = rich_text_diff(old, new)
    assert words(html, "del") == ["L3"]
    assert words(html, "ins") == ["L4", "Use a knee wedge"]
    assert "Supine, feet first." in BeautifulSoup(str(html), "html.parser").get_text()


def test_body_blocks_are_matched_so_only_what_changed_shows():
    heading = {"type": "heading", "value": "Reporting"}
    old = stream(
        table("Lumbar spine: routine", *ROUTINE),
        heading,
        {"type": "text", "value": "<p>Report within 7 days</p>"},
    )
    new = stream(
        table("Lumbar spine: routine", *ROUTINE[:2], row("STIR", "Sagittal"), ROUTINE[2]),
        table("Suspected cauda equina", row("T2 TSE", "Sagittal")),
        heading,
        {"type": "text", "value": "<p>Report within 7 days or at once for cauda equina</p>"},
    )
    blocks = body_diff(old, new)
    summary = [(b.change, b.block_type, b.name) for b in blocks]
    assert summary == [
        (CHANGED, "sequence_table", "Lumbar spine: routine"),
        (ADDED, "sequence_table", "Suspected cauda equina"),
        (UNCHANGED, "heading", "Reporting"),
        (CHANGED, "text", "Report within 7 days or at once for cauda equina"),
    ]
    assert [r.change for r in blocks[0].rows].count(ADDED) == 1
    assert [r.change for r in blocks[1].rows] == [ADDED]
    assert words(blocks[3].diff, "ins") == ["or at once for cauda equina"]


def test_blocks_keep_their_identity_across_revisions_by_id():
    old = stream({"type": "heading", "value": "Preparation", "id": "a"})
    new = stream(
        {"type": "heading", "value": "Safety", "id": "b"},
        {"type": "heading", "value": "Patient preparation", "id": "a"},
    )
    blocks = body_diff(old, new)
    assert [(b.change, b.name) for b in blocks] == [
        (ADDED, "Safety"),
        (CHANGED, "Patient preparation"),
    ]


@pytest.mark.django_db
def test_compare_protocols_reads_the_fields_as_a_person_would():
    from sigs.diff import compare_protocols

    older = ProtocolPage(title="MRI lumbar spine", modality="mri", change_kind="major")
    older.body = stream()
    newer = ProtocolPage(title="MRI lumbar spine", modality="ct", change_kind="minor")
    newer.body = stream()
    changed = {f.label: (f.old, f.new) for f in compare_protocols(older, newer).changed_fields}
    assert changed["Modality"] == ("MRI", "CT")
    assert changed["Kind of change"][1].startswith("Minor")
