"""Lay summaries of papers: their length, reading ease and glossary terms, and who writes them."""

from django.db import transaction

from governance.errors import NotAllowed
from governance.models import Paper
from governance.rules import can_manage_group

from ..errors import LaySummaryTooLong
from ..models import GlossaryTerm
from ..readability import LAY_SUMMARY_MAX_WORDS, lay_summary_report, word_count
from .review import has_lay_members


def glossary():
    return list(GlossaryTerm.objects.all())


def check_lay_summary(text):
    words = word_count(text)
    if words > LAY_SUMMARY_MAX_WORDS:
        raise LaySummaryTooLong(
            f"The lay summary has {words} words. Keep it to {LAY_SUMMARY_MAX_WORDS} or fewer."
        )


def summary_report(text):
    """Reading ease and glossary terms of a lay summary, shown to its author on saving."""
    return lay_summary_report(text, glossary())


def lay_summary_message(text):
    """One sentence for the author on saving: reading ease, length and glossary terms used."""
    report = summary_report(text)
    ease = f"{report.ease} ({report.ease_label.lower()})" if report.ease is not None else "–"
    terms = ", ".join(term.term for term in report.terms) or "none"
    return (
        f"Lay summary: reading ease {ease}, {report.words} words. Glossary terms it uses: {terms}."
    )


@transaction.atomic
def set_lay_summary(paper, text, *, by):
    if not can_manage_group(by, paper.agenda_item.meeting.group):
        raise NotAllowed("Only the chair, deputy or secretary can write a paper's lay summary.")
    text = text.strip()
    check_lay_summary(text)
    paper = Paper.objects.select_for_update().get(pk=paper.pk)
    paper.lay_summary = text
    paper.save(update_fields=["lay_summary"])
    return paper


def papers_missing_lay_summary(meeting):
    """Current papers with no lay summary, for a group with patient volunteers (else none)."""
    if not has_lay_members(meeting.group):
        return []
    return list(
        Paper.objects.current()
        .filter(agenda_item__meeting=meeting, lay_summary="")
        .select_related("agenda_item")
        .order_by("agenda_item__sort_order", "title")
    )
