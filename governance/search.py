"""What the site search finds in the governance tree (groups, meetings, decisions, actions and
meeting papers), and filling in a paper's text from its file so the search can find it."""

import logging

from django.urls import reverse
from django.utils import timezone
from wagtail.search import index

from portal.search import PageSource, SearchResult, SearchSource
from portal.text_extraction import extract_text
from portal.tree import parent_path

from .models import Action, Decision, GroupPage, MeetingPage, Paper
from .rules import can_view_paper, may_see_action, may_see_record
from .services.registers import (
    all_groups,
    visible_actions,
    visible_decisions,
)

logger = logging.getLogger(__name__)


def _groups(context):
    """Every group by path, with the searcher's memberships read once per search."""
    return context.remember("governance.groups", lambda: all_groups(context.user))


class GroupSource(PageSource):
    key = "group"
    label = "Group"
    model = GroupPage

    def describe(self, context, page):
        return page.get_kind_display()

    def result(self, context, page):
        result = super().result(context, page)
        result.texts = [page.purpose]
        return result

    def group_choices(self, context):
        return [(group, group.title) for group in _groups(context).values() if group.live]


class MeetingSource(PageSource):
    key = "meeting"
    label = "Meeting"
    model = MeetingPage
    date_field = "start"

    def when(self, page):
        return page.start

    def describe(self, context, page):
        group = _groups(context).get(parent_path(page))
        return group.title if group else ""


class _RecordSource(SearchSource):
    """Decisions and actions: seen as their agenda item's visibility allows."""

    group_path_field = "meeting__path"

    def fetch(self, context, pks):
        return self.model.objects.filter(pk__in=pks).select_related("meeting", "agenda_item")

    def _group(self, context, record):
        return _groups(context).get(parent_path(record.meeting))


class DecisionSource(_RecordSource):
    key = "decision"
    label = "Decision"
    model = Decision
    date_field = "decided_on"

    def visible(self, context):
        decisions = visible_decisions(context.user, _groups(context))
        return self.narrow(decisions, context.filters)

    def allowed(self, context, decisions):
        return [
            decision
            for decision in decisions
            if decision.meeting.live
            and may_see_record(context.user, decision, self._group(context, decision))
        ]

    def result(self, context, decision):
        group = self._group(context, decision)
        return SearchResult(
            kind=self.key,
            kind_label=self.label,
            title=f"{decision.reference}: {decision.meeting.title}",
            url=reverse("governance:decision_detail", args=[decision.pk]),
            when=decision.decided_on,
            context=group.title if group else "",
            texts=[decision.text],
        )


class ActionSource(_RecordSource):
    key = "action"
    label = "Action"
    model = Action
    date_field = "due"

    def visible(self, context):
        actions = visible_actions(
            context.user, _groups(context), Action.objects.filter(meeting__live=True)
        )
        return self.narrow(actions, context.filters)

    def allowed(self, context, actions):
        return [
            action
            for action in actions
            if may_see_action(context.user, action, self._group(context, action))
        ]

    def result(self, context, action):
        group = self._group(context, action)
        return SearchResult(
            kind=self.key,
            kind_label=self.label,
            title=f"{action.reference}: {action.description[:80]}",
            url=reverse("governance:action_detail", args=[action.pk]),
            when=action.due,
            context=group.title if group else "",
            texts=[action.description],
        )


class PaperSource(SearchSource):
    """The current version of each paper of a published meeting, found by its title, lay
    summary and the text of its file; only ever shown to those who may open it."""

    key = "paper"
    label = "Meeting paper"
    model = Paper
    date_field = "uploaded_at"
    group_path_field = "agenda_item__meeting__path"

    def visible(self, context):
        papers = Paper.objects.current().filter(agenda_item__meeting__live=True)
        papers = papers.visible_to(context.user, _groups(context))
        return self.narrow(papers, context.filters)

    def fetch(self, context, pks):
        papers = (
            Paper.objects.filter(pk__in=pks)
            .select_related("agenda_item__meeting", "file")
            .prefetch_related("named_people")
        )
        groups = _groups(context)
        for paper in papers:
            meeting = paper.agenda_item.meeting
            # Share the searcher's membership cache instead of asking for the group each time.
            meeting.__dict__["group"] = groups.get(parent_path(meeting))
        return papers

    def allowed(self, context, papers):
        return [
            paper
            for paper in papers
            if paper.agenda_item.meeting.group is not None and can_view_paper(context.user, paper)
        ]

    def result(self, context, paper):
        meeting = paper.agenda_item.meeting
        return SearchResult(
            kind=self.key,
            kind_label=self.label,
            title=paper.title,
            url=reverse("governance:paper_download", args=[paper.pk]),
            when=paper.uploaded_at,
            context=f"{meeting.title} · {paper.agenda_item.title}",
            texts=[paper.lay_summary, paper.extracted_text],
        )

    documents_label = "meeting papers"

    def documents_missing_text(self):
        return Paper.objects.filter(text_read_at=None).values_list("pk", flat=True)

    def read_document_text(self, pk):
        return fill_paper_text(pk)


def search_sources():
    return [GroupSource(), MeetingSource(), DecisionSource(), ActionSource(), PaperSource()]


def fill_paper_text(paper_id):
    """Read a paper's file into `extracted_text` and re-index the paper. Safe to run again."""
    paper = Paper.objects.select_related("file").filter(pk=paper_id).first()
    if paper is None:
        return None
    text = extract_text(paper.file.file, paper.file.original_filename, record=paper)
    Paper.objects.filter(pk=paper.pk).update(extracted_text=text, text_read_at=timezone.now())
    paper.extracted_text = text
    index.insert_or_update_object(paper)
    return len(text)
