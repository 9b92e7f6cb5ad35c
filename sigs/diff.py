"""Comparing two versions of a protocol as a reader would: field by field, and the body block
by block, a sequence table row by row and cell by cell, text word by word.

Every change is marked in words as well as by colour and line: <ins> and <del> carry
visually hidden "added:"/"removed:" text, and rows and blocks carry an "Added", "Removed" or
"Changed" tag. The compare page and the review page both render `compare_protocols()` with
templates/sigs/includes/comparison.html.
"""

import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
CHANGE_LABELS = {ADDED: "Added", REMOVED: "Removed", CHANGED: "Changed", UNCHANGED: "No change"}

# The page fields a reader compares, in the order the page shows them (the body is separate).
COMPARED_FIELDS = [
    ("title", "Title"),
    ("modality", "Modality"),
    ("body_area", "Body area"),
    ("clinical_indication", "Clinical indication"),
    ("summary", "Summary"),
    ("visibility", "Visibility"),
    ("change_kind", "Kind of change"),
    ("change_summary", "Change summary"),
]
# The cells of a sequence table row, in column order; the first heads the row.
SEQUENCE_CELLS = [
    ("sequence", "Sequence"),
    ("plane", "Plane"),
    ("slice_thickness", "Slice thickness"),
    ("notes", "Notes"),
]
BLOCK_LABELS = {"heading": "Heading", "text": "Text", "sequence_table": "Sequence table"}


# Words ---------------------------------------------------------------------------------------


def _ins(words):
    return format_html(
        '<ins class="sigs-diff__ins"><span class="nhsuk-u-visually-hidden">added: </span>{}</ins>',
        " ".join(words),
    )


def _del(words):
    return format_html(
        '<del class="sigs-diff__del"><span class="nhsuk-u-visually-hidden">removed: </span>{}'
        "</del>",
        " ".join(words),
    )


def word_diff(old, new):
    """`new` with the words removed from `old` in <del> and those added in <ins> (escaped)."""
    old_words, new_words = str(old or "").split(), str(new or "").split()
    parts = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(conditional_escape(" ".join(new_words[j1:j2])))
            continue
        if op in ("delete", "replace"):
            parts.append(_del(old_words[i1:i2]))
        if op in ("insert", "replace"):
            parts.append(_ins(new_words[j1:j2]))
    return mark_safe(" ".join(parts))  # noqa: S308 (every part is escaped above)


# Rich text: paragraphs and list items, aligned, then word by word ------------------------------

BLOCK_TAGS = {"p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote"}


class _Paragraphs(HTMLParser):
    """The text of each paragraph and list item of a piece of rich text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items = []  # (tag, text)
        self._tag = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()
            self._tag = tag
        elif tag == "br":
            self._text.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        self._text.append(data)

    def _flush(self):
        text = " ".join("".join(self._text).split())
        if text:
            self.items.append((self._tag or "p", text))
        self._tag, self._text = None, []

    def close(self):
        super().close()
        self._flush()


def paragraphs(html):
    parser = _Paragraphs()
    parser.feed(str(html or ""))
    parser.close()
    return parser.items


def _paragraph_html(tag, inner):
    if tag == "li":
        return format_html(
            '<p class="sigs-diff__item"><span aria-hidden="true">• </span>{}</p>', inner
        )
    return format_html("<p>{}</p>", inner)


def rich_text_diff(old_html, new_html):
    """Paragraph by paragraph (list items as paragraphs), each changed one as a word diff."""
    old, new = paragraphs(old_html), paragraphs(new_html)
    out = []
    matcher = difflib.SequenceMatcher(
        None, [t for _, t in old], [t for _, t in new], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [_paragraph_html(tag, text) for tag, text in new[j1:j2]]
            continue
        # A paragraph reworded is the same paragraph changed; one with little in common with
        # any other was removed or added.
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        while olds and news:
            if _alike(olds[0][1], news[0][1]):
                (_, before), (tag, after) = olds.pop(0), news.pop(0)
                out.append(_paragraph_html(tag, word_diff(before, after)))
            elif any(_alike(olds[0][1], text) for _, text in news[1:]):
                tag, text = news.pop(0)
                out.append(_paragraph_html(tag, _ins(text.split())))
            else:
                tag, text = olds.pop(0)
                out.append(_paragraph_html(tag, _del(text.split())))
        out += [_paragraph_html(tag, _del(text.split())) for tag, text in olds]
        out += [_paragraph_html(tag, _ins(text.split())) for tag, text in news]
    return mark_safe("".join(out))  # noqa: S308 (built from escaped parts)


def _alike(old, new):
    return difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio() >= 0.5


# Results --------------------------------------------------------------------------------------


@dataclass
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def changed(self):
        return self.old != self.new

    @property
    def diff(self):
        return word_diff(self.old, self.new)


@dataclass
class RowChange:
    """One row of a sequence table: added, removed, changed (cell by cell) or unchanged."""

    change: str
    cells: list  # FieldChange per column; old is "" for an added row, new "" for a removed one

    @property
    def change_label(self):
        return CHANGE_LABELS[self.change]

    @property
    def changed_cells(self):
        return [cell for cell in self.cells if cell.changed]


@dataclass
class BlockChange:
    change: str
    block_type: str
    old: object = None
    new: object = None
    caption: FieldChange | None = None
    rows: list = field(default_factory=list)

    @property
    def change_label(self):
        return CHANGE_LABELS[self.change]

    @property
    def label(self):
        return BLOCK_LABELS.get(self.block_type, self.block_type.replace("_", " ").capitalize())

    @property
    def name(self):
        """How a reader would name the block: a heading's words, a table's caption…"""
        value = self.new if self.new is not None else self.old
        if self.block_type == "sequence_table":
            return value.get("caption", "")
        text = " ".join(t for _, t in paragraphs(_source(value))) if value is not None else ""
        return text if len(text) <= 60 else text[:57].rsplit(" ", 1)[0] + "…"

    @property
    def is_table(self):
        return self.block_type == "sequence_table"

    @property
    def diff(self):
        """Headings and text: the word diff (a whole block added or removed is all one)."""
        old = _source(self.old) if self.old is not None else ""
        new = _source(self.new) if self.new is not None else ""
        if self.block_type == "heading":
            return word_diff(old, new)
        return rich_text_diff(old, new)


@dataclass
class Comparison:
    fields: list
    blocks: list

    @property
    def changed_fields(self):
        return [f for f in self.fields if f.changed]

    @property
    def unchanged_fields(self):
        return [f for f in self.fields if not f.changed]

    @property
    def changed_blocks(self):
        return [b for b in self.blocks if b.change != UNCHANGED]

    @property
    def unchanged_blocks(self):
        return [b for b in self.blocks if b.change == UNCHANGED]

    @property
    def has_changes(self):
        return bool(self.changed_fields or self.changed_blocks)


# Sequence tables ------------------------------------------------------------------------------


def _norm(value):
    return " ".join(str(value or "").split()).casefold()


def _row_values(row):
    return [str(row.get(name) or "") for name, _ in SEQUENCE_CELLS]


def _row(change, old, new):
    old_values = _row_values(old) if old is not None else [""] * len(SEQUENCE_CELLS)
    new_values = _row_values(new) if new is not None else [""] * len(SEQUENCE_CELLS)
    cells = [
        FieldChange(label, before, after)
        for (_, label), before, after in zip(SEQUENCE_CELLS, old_values, new_values, strict=True)
    ]
    if change == CHANGED and not any(cell.changed for cell in cells):
        change = UNCHANGED
    return RowChange(change, cells)


def _same_row(old, new):
    """In a run of differing rows, a row is the same row changed when its sequence or plane
    is unchanged (a new slice thickness, a corrected sequence name)."""
    return _norm(old.get("sequence")) == _norm(new.get("sequence")) or _norm(
        old.get("plane")
    ) == _norm(new.get("plane"))


def sequence_rows_diff(old_rows, new_rows):
    """Rows matched on sequence and plane, in the newer table's order."""
    old_rows, new_rows = list(old_rows or []), list(new_rows or [])

    def key(row):
        return (_norm(row.get("sequence")), _norm(row.get("plane")))

    out = []
    matcher = difflib.SequenceMatcher(
        None, [key(r) for r in old_rows], [key(r) for r in new_rows], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [
                _row(CHANGED, o, n) for o, n in zip(old_rows[i1:i2], new_rows[j1:j2], strict=True)
            ]
            continue
        olds, news = list(old_rows[i1:i2]), list(new_rows[j1:j2])
        while olds and news and _same_row(olds[0], news[0]):
            out.append(_row(CHANGED, olds.pop(0), news.pop(0)))
        out += [_row(REMOVED, o, None) for o in olds]
        out += [_row(ADDED, None, n) for n in news]
    return out


# Blocks ---------------------------------------------------------------------------------------


def _source(value):
    return getattr(value, "source", value) if value is not None else ""


def _plain(block_type, value):
    """A block's content as comparable data (a table as a dict of plain values)."""
    if block_type == "sequence_table":
        return {
            "caption": str(value.get("caption") or ""),
            "rows": [
                {name: str(row.get(name) or "") for name, _ in SEQUENCE_CELLS}
                for row in value.get("rows") or []
            ],
        }
    return _source(value)


def _block(change, block_type, old, new):
    block = BlockChange(change, block_type, old, new)
    if block_type == "sequence_table":
        old_value = old or {"caption": "", "rows": []}
        new_value = new or {"caption": "", "rows": []}
        block.caption = FieldChange("Caption", old_value["caption"], new_value["caption"])
        if change == ADDED:
            block.rows = [_row(ADDED, None, row) for row in new_value["rows"]]
        elif change == REMOVED:
            block.rows = [_row(REMOVED, row, None) for row in old_value["rows"]]
        else:
            block.rows = sequence_rows_diff(old_value["rows"], new_value["rows"])
    if change == CHANGED and old == new:
        block.change = UNCHANGED
    return block


def _blocks(stream):
    return [(child.block_type, _plain(child.block_type, child.value), child.id) for child in stream]


def body_diff(old_stream, new_stream):
    """Blocks matched by their id where the two versions share ids (edited in Wagtail), else by
    kind and position; in a run of differing blocks, blocks of the same kind pair as changed."""
    old, new = _blocks(old_stream or []), _blocks(new_stream or [])
    shared_ids = {b[2] for b in old if b[2]} & {b[2] for b in new if b[2]}

    def key(block):
        block_type, value, block_id = block
        if block_id in shared_ids:
            return (block_type, block_id)
        # Without shared ids (content loaded from data), identical blocks still match.
        return (block_type, repr(value))

    out = []
    matcher = difflib.SequenceMatcher(
        None, [key(b) for b in old], [key(b) for b in new], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [
                _block(CHANGED, n[0], o[1], n[1])
                for o, n in zip(old[i1:i2], new[j1:j2], strict=True)
            ]
            continue
        olds, news = list(old[i1:i2]), list(new[j1:j2])
        while olds and news:
            if olds[0][0] == news[0][0]:
                o, n = olds.pop(0), news.pop(0)
                out.append(_block(CHANGED, n[0], o[1], n[1]))
            elif any(b[0] == news[0][0] for b in olds[1:]):
                o = olds.pop(0)
                out.append(_block(REMOVED, o[0], o[1], None))
            else:
                n = news.pop(0)
                out.append(_block(ADDED, n[0], None, n[1]))
        out += [_block(REMOVED, o[0], o[1], None) for o in olds]
        out += [_block(ADDED, n[0], None, n[1]) for n in news]
    return out


# Protocols ------------------------------------------------------------------------------------


def _field_text(page, name):
    display = getattr(page, f"get_{name}_display", None)
    value = display() if display else getattr(page, name, "")
    return re.sub(r"\s+", " ", str(value or "")).strip()


def compare_protocols(older, newer):
    """What changed from `older` to `newer` (two ProtocolPage objects, for example two
    revisions' content): its fields word by word and its body block by block."""
    fields = [
        FieldChange(label, _field_text(older, name), _field_text(newer, name))
        for name, label in COMPARED_FIELDS
    ]
    return Comparison(fields=fields, blocks=body_diff(older.body, newer.body))
