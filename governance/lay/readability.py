"""How easy a lay summary is to read (the one reading-ease function), and which glossary
terms it uses, marked up so their definitions show on hover and focus."""

import re
from dataclasses import dataclass
from functools import cache

import pyphen
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

LAY_SUMMARY_MAX_WORDS = 300

# Flesch reading ease bands, from the original scale, in words a writer can act on.
EASE_BANDS = [
    (80, "Easy to read"),
    (60, "Plain English"),
    (50, "Fairly hard to read"),
    (30, "Hard to read"),
    (float("-inf"), "Very hard to read"),
]


@cache
def _hyphenator():
    return pyphen.Pyphen(lang="en_GB")


def _syllables(word):
    return len(_hyphenator().positions(word)) + 1


def _textstat():
    # Imported when first needed: textstat loads NLTK and NumPy (seconds), which only the
    # writer of a lay summary needs, never a page that shows one.
    import textstat

    return textstat


def word_count(text):
    return _textstat().lexicon_count(text or "")


def reading_ease(text):
    """The Flesch reading ease of `text` (higher is easier; 60 and above is plain English).

    Words and sentences are counted by textstat. Syllables come from Pyphen's British
    English dictionary, textstat's own fallback: textstat's first choice, NLTK's CMU
    dictionary, is downloaded from the internet at first use, which a server must not do.
    Returns None for text too short to score.
    """
    text = (text or "").strip()
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", text)
    if len(words) < 3:
        return None
    sentences = max(_textstat().sentence_count(text), 1)
    syllables = sum(_syllables(word.lower()) for word in words)
    score = 206.835 - 1.015 * (len(words) / sentences) - 84.6 * (syllables / len(words))
    return round(score, 1)


def ease_label(score):
    if score is None:
        return "Too short to score"
    return next(label for floor, label in EASE_BANDS if score >= floor)


def _term_pattern(term):
    # Whole words only, so "RIS" does not match inside "crisis"; abbreviations match in any
    # case only when they are written in capitals, as papers write them.
    flags = 0 if term.isupper() else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", flags)


def glossary_terms_in(text, terms):
    """The glossary terms (GlossaryTerm rows) that `text` uses, in glossary order."""
    text = text or ""
    return [term for term in terms if _term_pattern(term.term).search(text)]


@dataclass(frozen=True)
class LaySummaryReport:
    words: int
    ease: float | None
    ease_label: str
    terms: list

    @property
    def too_long(self):
        return self.words > LAY_SUMMARY_MAX_WORDS


def lay_summary_report(text, terms):
    score = reading_ease(text)
    return LaySummaryReport(
        words=word_count(text),
        ease=score,
        ease_label=ease_label(score),
        terms=glossary_terms_in(text, terms),
    )


def mark_up_terms(text, terms, id_prefix="term"):
    """`text` as safe HTML, each glossary term's first use wrapped in a <dfn> that opens its
    definition on hover and on keyboard focus, and names it for screen readers."""
    used = glossary_terms_in(text, terms)
    if not used:
        return mark_safe(escape(text).replace("\n", "<br>"))  # noqa: S308 (escaped above)
    by_start = []
    for term in used:
        match = _term_pattern(term.term).search(text)
        by_start.append((match.start(), match.end(), term))
    by_start.sort(key=lambda found: found[0])
    parts, position = [], 0
    for number, (start, end, term) in enumerate(by_start, start=1):
        if start < position:
            continue  # overlaps a longer term already marked
        parts.append(escape(text[position:start]))
        tip_id = f"{id_prefix}-{number}"
        meaning = f"{term.meaning}: " if term.meaning else ""
        parts.append(
            format_html(
                '<span class="lay-term"><dfn class="lay-term__word" tabindex="0" '
                'aria-describedby="{}">{}</dfn><span class="lay-term__tip" role="tooltip" '
                'id="{}">{}{}</span></span>',
                tip_id,
                text[start:end],
                tip_id,
                meaning,
                term.definition,
            )
        )
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(str(part) for part in parts).replace("\n", "<br>"))  # noqa: S308
