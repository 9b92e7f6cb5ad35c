"""Lay summaries: the 300-word limit, the report shown on saving, the flag on a lay board's
agenda, and the chair's warning before issuing papers; then the emails volunteers get."""

import datetime as dt

import pytest
from django.urls import reverse

from governance.lay import errors as lay_errors
from governance.lay.models import LayNotice, PapersIssue
from governance.lay.services import issuing as lay_issuing
from governance.lay.services import review as lay_review
from governance.lay.services import summaries as lay_summaries
from governance.models import Membership
from governance.visibility import Visibility
from tests.governance.fixtures_meetings import paper_title, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_volunteers(world):
    Membership.objects.filter(person=world.lay_member).delete()


def summarise_all_but(agenda, visibility):
    for key, paper in agenda.papers.items():
        if key != visibility:
            paper.lay_summary = "A short plain summary of the paper for everyone."
            paper.save()


def test_a_lay_board_flags_papers_without_a_lay_summary_on_the_agenda(world, agenda, client):
    summarise_all_but(agenda, Visibility.GROUP)
    client.force_login(world.member)
    html = client.get(world.meeting.url).content.decode()
    assert html.count("No lay summary") == 1
    group_item = html[html.index(paper_title(Visibility.GROUP)) :]
    assert group_item.index("No lay summary") < group_item.index("</td>")
    assert lay_summaries.papers_missing_lay_summary(world.meeting) == [
        agenda.papers[Visibility.GROUP]
    ]


def test_a_board_without_volunteers_flags_nothing(world, agenda, client, no_volunteers):
    client.force_login(world.member)
    assert "No lay summary" not in client.get(world.meeting.url).content.decode()
    assert lay_summaries.papers_missing_lay_summary(world.meeting) == []


def test_a_lay_summary_over_300_words_is_refused_beside_the_field(world, agenda, client):
    client.force_login(world.chair)
    response = client.post(
        reverse("governance:add_paper", args=[world.meeting.pk]),
        {
            "agenda_item": agenda.items[Visibility.GROUP].pk,
            "title": "Long summary paper",
            "lay_summary": "word " * 301,
            "file": upload("l.pdf", "long"),
        },
    )
    assert response.status_code == 200
    assert "The lay summary has 301 words. Keep it to 300 or fewer." in response.content.decode()


def test_saving_a_lay_summary_shows_its_reading_ease_and_glossary_terms(
    world, agenda, client, glossary
):
    paper = agenda.papers[Visibility.GROUP]
    url = reverse("governance:lay_summary_edit", args=[paper.pk])
    client.force_login(world.member)
    assert client.get(url).status_code == 404
    client.force_login(world.secretary)
    response = client.post(url, {"lay_summary": "The new PACS is quicker. Scans reach the ICB."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reading ease" in html and "out of 100" in html
    assert "ICB, PACS" in html
    paper.refresh_from_db()
    assert paper.lay_summary.startswith("The new PACS")


def test_adding_a_paper_with_a_summary_reports_its_reading_ease(world, agenda, client, glossary):
    client.force_login(world.chair)
    response = client.post(
        reverse("governance:add_paper", args=[world.meeting.pk]),
        {
            "agenda_item": agenda.items[Visibility.GROUP].pk,
            "title": "Summarised paper",
            "lay_summary": "We want to buy a new RIS. It will make booking easier.",
            "file": upload("s.pdf", "summarised"),
        },
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("reading ease" in m and "RIS" in m for m in messages)


def test_the_chair_is_warned_before_issuing_papers_without_lay_summaries(world, agenda, client):
    summarise_all_but(agenda, Visibility.NETWORK)
    url = reverse("governance:issue_papers", args=[world.meeting.pk])
    client.force_login(world.chair)
    page = client.get(url).content.decode()
    assert "Papers without a lay summary" in page and paper_title(Visibility.NETWORK) in page
    response = client.post(url, {})
    assert response.status_code == 200
    assert "1 paper has no lay summary" in response.content.decode()
    assert not PapersIssue.objects.exists()

    response = client.post(url, {"issue_without_lay_summaries": "on"})
    assert response.status_code == 302
    issue = PapersIssue.objects.get()
    assert issue.papers_without_lay_summary == 1 and issue.issued_by == world.chair


def test_papers_with_every_summary_issue_at_once_and_only_once(world, agenda, client):
    summarise_all_but(agenda, None)
    lay_issuing.issue_papers(world.meeting, by=world.secretary)
    with pytest.raises(lay_errors.PapersAlreadyIssued):
        lay_issuing.issue_papers(world.meeting, by=world.secretary)


@pytest.mark.parametrize("who", ["member", "lay_member", "other_chair"])
def test_only_those_running_the_group_issue_papers(world, agenda, client, who):
    client.force_login(world.people()[who])
    url = reverse("governance:issue_papers", args=[world.meeting.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"issue_without_lay_summaries": "on"}).status_code == 404


def test_volunteers_are_emailed_once_when_papers_are_issued(
    world, agenda, smtp_inbox, second_volunteer
):
    summarise_all_but(agenda, None)
    lay_issuing.issue_papers(world.meeting, by=world.chair)
    assert lay_issuing.tell_volunteers_papers_published(world.meeting.pk) == 2
    assert lay_issuing.tell_volunteers_papers_published(world.meeting.pk) == 0  # a retried task
    [email] = smtp_inbox.to(world.lay_member.email)
    text = smtp_inbox.text(email)
    assert paper_title(Visibility.GROUP) in text
    assert paper_title(Visibility.CONFIDENTIAL) not in text
    assert lay_review.review_by(world.meeting).strftime("%-d %B %Y") in text
    assert not smtp_inbox.to(world.member.email)
    assert LayNotice.objects.filter(kind="published").count() == 2


def test_a_reminder_goes_two_days_before_review_by_to_volunteers_with_unread_papers(
    world, agenda, smtp_inbox, second_volunteer
):
    lay_issuing.issue_papers(world.meeting, by=world.chair, without_lay_summaries=True)
    due = lay_review.review_by(world.meeting)
    for paper in agenda.papers.values():
        lay_review.mark_read(paper, second_volunteer)  # read everything: no reminder
    assert lay_issuing.send_review_reminders(today=due - dt.timedelta(days=3)) == 0
    assert lay_issuing.send_review_reminders(today=due - dt.timedelta(days=2)) == 1
    assert lay_issuing.send_review_reminders(today=due - dt.timedelta(days=1)) == 0
    assert lay_issuing.send_review_reminders(today=due + dt.timedelta(days=1)) == 0
    [email] = smtp_inbox.to(world.lay_member.email)
    assert "Reminder" in email["Subject"]
    assert not smtp_inbox.to(second_volunteer.email)


def test_no_reminder_before_papers_are_issued(world, agenda, smtp_inbox):
    due = lay_review.review_by(world.meeting)
    assert lay_issuing.send_review_reminders(today=due - dt.timedelta(days=2)) == 0
    assert not smtp_inbox.messages
