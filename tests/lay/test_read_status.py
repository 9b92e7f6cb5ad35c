"""A paper is "Read" for a volunteer once they open its file, not when they open its review
page (issue 18)."""

import pytest
from django.urls import reverse

from governance.lay import queries as lay_queries
from governance.lay.models import PaperReview
from governance.visibility import Visibility

pytestmark = pytest.mark.django_db

READ, UNREAD = lay_queries.ReviewStatus.READ, lay_queries.ReviewStatus.UNREAD


def test_opening_the_review_page_leaves_the_paper_unread(world, agenda, client):
    paper = agenda.papers[Visibility.GROUP]
    client.force_login(world.lay_member)
    response = client.get(reverse("governance:lay_review_paper", args=[paper.pk]))
    assert response.status_code == 200
    assert "Open the paper" in response.content.decode()
    assert lay_queries.review_status(world.lay_member, paper) == UNREAD
    listing = client.get(reverse("governance:papers_to_review")).content.decode()
    assert "Unread" in listing


def test_opening_the_file_marks_the_paper_read(world, agenda, client):
    paper = agenda.papers[Visibility.GROUP]
    client.force_login(world.lay_member)
    response = client.get(reverse("governance:lay_open_paper", args=[paper.pk]), follow=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert lay_queries.review_status(world.lay_member, paper) == READ
    # The other papers are untouched.
    other = agenda.papers[Visibility.PUBLIC]
    assert lay_queries.review_status(world.lay_member, other) == UNREAD


def test_opening_the_file_from_the_meeting_page_counts_too(world, agenda, client):
    paper = agenda.papers[Visibility.PUBLIC]
    client.force_login(world.lay_member)
    response = client.get(reverse("governance:paper_download", args=[paper.pk]))
    assert response.status_code == 200
    assert lay_queries.review_status(world.lay_member, paper) == READ
    client.get(reverse("governance:paper_download", args=[paper.pk]))
    assert PaperReview.objects.filter(paper=paper).count() == 1


def test_staff_and_the_public_opening_a_file_are_not_volunteer_readers(world, agenda, client):
    paper = agenda.papers[Visibility.PUBLIC]
    assert client.get(reverse("governance:paper_download", args=[paper.pk])).status_code == 200
    client.force_login(world.member)
    assert client.get(reverse("governance:paper_download", args=[paper.pk])).status_code == 200
    assert not PaperReview.objects.exists()


def test_a_paper_the_volunteer_may_not_open_is_never_marked_read(world, agenda, client):
    paper = agenda.papers[Visibility.CONFIDENTIAL]
    client.force_login(world.lay_member)
    assert client.get(reverse("governance:paper_download", args=[paper.pk])).status_code == 404
    assert not PaperReview.objects.exists()
