"""Background work for governance: thin tasks that take ids and call services."""

from django.tasks import task

from portal.scheduling import schedule_next

from . import search
from .services import lay, memberships, packs, records, risks


@task()
def build_board_packs(meeting_id):
    packs.build_packs(meeting_id)


@task()
def extract_paper_text(paper_id):
    """Read an uploaded paper's text for the site search."""
    return search.fill_paper_text(paper_id)


@task()
def send_overdue_action_reminders():
    reminded = records.send_overdue_action_reminders()
    schedule_next(send_overdue_action_reminders)
    return reminded


@task()
def sync_all_group_editors():
    memberships.sync_all_group_editors()
    schedule_next(sync_all_group_editors)


@task()
def send_overdue_risk_review_reminders():
    reminded = risks.send_overdue_review_reminders()
    schedule_next(send_overdue_risk_review_reminders)
    return reminded


@task()
def tell_volunteers_papers_published(meeting_id):
    return lay.tell_volunteers_papers_published(meeting_id)


@task()
def send_lay_review_reminders():
    reminded = lay.send_review_reminders()
    schedule_next(send_lay_review_reminders)
    return reminded
