"""The volunteer's "Papers to review": which papers they see, review-by dates, and whether
each is unread, read or has feedback."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.lay import queries as lay_queries
from governance.lay.models import PaperReview
from governance.lay.services import feedback as lay_feedback
from governance.lay.services import review as lay_review
from governance.services.meetings import add_paper
from governance.visibility import Visibility
from tests.governance.factories import AgendaItemFactory, MeetingPageFactory
from tests.governance.fixtures_meetings import paper_title, upload

pytestmark = pytest.mark.django_db

URL = reverse("governance:papers_to_review")


def titles_on_page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("lay_see_confidential", [False, True])
def test_a_volunteer_sees_what_the_terms_of_reference_allow(
    world, agenda, client, lay_see_confidential
):
    world.board.lay_members_see_confidential = lay_see_confidential
    world.board.save()
    client.force_login(world.lay_member)
    html = titles_on_page(client)
    for visibility in (Visibility.PUBLIC, Visibility.NETWORK, Visibility.GROUP):
        assert paper_title(visibility) in html
    assert (paper_title(Visibility.CONFIDENTIAL) in html) is lay_see_confidential
    assert (item_id := agenda.papers[Visibility.CONFIDENTIAL].pk)
    opened = client.get(reverse("governance:lay_review_paper", args=[item_id]))
    assert opened.status_code == (200 if lay_see_confidential else 404)


def test_other_boards_papers_and_papers_for_named_people_are_not_listed(world, agenda, client):
    other_meeting = MeetingPageFactory(parent=world.other_group, title="Digital Board, June")
    item = AgendaItemFactory(meeting=other_meeting, visibility=Visibility.PUBLIC)
    other = add_paper(
        item,
        upload("o.pdf", "other"),
        title="Another board's paper zzother",
        visibility=Visibility.PUBLIC,
        uploaded_by=world.other_chair,
    )
    named = add_paper(
        agenda.items[Visibility.GROUP],
        upload("n.pdf", "named"),
        title="For the chair only zznamed",
        visibility=Visibility.NAMED,
        uploaded_by=world.chair,
    )
    named.named_people.add(world.chair)
    client.force_login(world.lay_member)
    html = titles_on_page(client)
    assert "zzother" not in html and "zznamed" not in html
    for paper in (other, named):
        response = client.get(reverse("governance:lay_review_paper", args=[paper.pk]))
        assert response.status_code == 404


def test_past_meetings_are_not_listed(world, agenda, client):
    world.meeting.start = timezone.now() - dt.timedelta(days=3)
    world.meeting.end = world.meeting.start + dt.timedelta(hours=2)
    world.meeting.save()
    client.force_login(world.lay_member)
    assert "There are no upcoming meetings" in titles_on_page(client)


@pytest.mark.parametrize("who", ["member", "chair", "non_member"])
def test_people_who_are_not_volunteers_see_an_explanation(world, agenda, client, who):
    client.force_login(world.people()[who])
    html = titles_on_page(client)
    assert "This page is for the network’s patient volunteers" in html
    assert paper_title(Visibility.GROUP) not in html


def test_anonymous_people_are_sent_to_sign_in(client):
    assert client.get(URL)["Location"].startswith(reverse("account_login"))


def test_review_by_is_the_meeting_date_less_five_days_by_default(world, settings):
    world.meeting.start = timezone.make_aware(dt.datetime(2026, 3, 30, 0, 30))  # 00:30 BST
    assert lay_review.review_by(world.meeting) == dt.date(2026, 3, 25)
    settings.LAY_REVIEW_DAYS_BEFORE = 10
    assert lay_review.review_by(world.meeting) == dt.date(2026, 3, 20)


def test_review_by_uses_the_london_date_of_the_meeting(world):
    # 23:30 UTC on 30 June is 00:30 on 1 July in London.
    world.meeting.start = dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)
    assert lay_review.review_by(world.meeting) == dt.date(2026, 6, 26)


def test_each_paper_is_unread_then_read_then_feedback_given(world, agenda, client):
    paper = agenda.papers[Visibility.GROUP]
    client.force_login(world.lay_member)
    assert lay_queries.review_status(world.lay_member, paper) == lay_queries.ReviewStatus.UNREAD

    response = client.get(reverse("governance:lay_open_paper", args=[paper.pk]))
    assert response["Location"] == reverse("governance:paper_download", args=[paper.pk])
    client.get(response["Location"])
    assert lay_queries.review_status(world.lay_member, paper) == lay_queries.ReviewStatus.READ
    client.get(reverse("governance:lay_open_paper", args=[paper.pk]), follow=True)
    assert PaperReview.objects.filter(paper=paper).count() == 1

    lay_feedback.give_feedback(paper, by=world.lay_member, kind="question", text="Why?", ease=3)
    assert (
        lay_queries.review_status(world.lay_member, paper)
        == lay_queries.ReviewStatus.FEEDBACK_GIVEN
    )
    [row] = lay_queries.papers_to_review(world.lay_member)
    statuses = {entry.paper.pk: entry.status for entry in row.papers}
    assert statuses[paper.pk] == lay_queries.ReviewStatus.FEEDBACK_GIVEN
    assert statuses[agenda.papers[Visibility.PUBLIC].pk] == lay_queries.ReviewStatus.UNREAD
    assert row.review_by == lay_review.review_by(world.meeting)


def test_staff_opening_a_paper_do_not_count_as_volunteer_readers(world, agenda, client):
    paper = agenda.papers[Visibility.GROUP]
    assert lay_review.mark_read(paper, world.member) is None
    assert lay_review.pack_review_coverage(world.meeting) == (0, 4)
    lay_review.mark_read(paper, world.lay_member)
    lay_feedback.give_feedback(
        agenda.papers[Visibility.PUBLIC], by=world.lay_member, kind="concern", text="Hm", ease=2
    )
    assert lay_review.pack_review_coverage(world.meeting) == (2, 4)


def test_the_page_shows_lay_summaries_with_glossary_terms_marked_up(
    world, agenda, client, glossary
):
    paper = agenda.papers[Visibility.GROUP]
    paper.lay_summary = "The new PACS stores scans."
    paper.save()
    client.force_login(world.lay_member)
    html = titles_on_page(client)
    assert f'aria-describedby="term-{paper.pk}-1">PACS</dfn>' in html
    assert "No lay summary" in html  # the other papers have none


def test_the_page_makes_the_same_number_of_queries_with_more_papers_and_meetings(
    world, agenda, client, django_assert_num_queries
):
    client.force_login(world.lay_member)
    client.get(URL)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for n in range(3):
        meeting = MeetingPageFactory(parent=world.board, title=f"Extra meeting {n}")
        for m in range(4):
            item = AgendaItemFactory(meeting=meeting, visibility=Visibility.GROUP, sort_order=m)
            add_paper(
                item,
                upload("x.pdf", "extra"),
                title=f"Extra paper {n}-{m}",
                visibility=Visibility.GROUP,
                uploaded_by=world.chair,
            )
    with django_assert_num_queries(len(small)):
        response = client.get(URL)
    assert response.content.decode().count("Extra paper") >= 12
