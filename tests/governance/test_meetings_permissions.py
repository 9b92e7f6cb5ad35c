"""Who may open what on a meeting: papers, board packs, the join link and the minutes.

Each person of the test world is checked against a paper and an item at every visibility.
Those who may not open something get a 404 (its existence is not revealed) and never see its
title on the meeting page.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import PageLogEntry

from governance.models import Minutes
from governance.services import packs, records
from governance.visibility import Visibility

from .factories import MeetingPageFactory
from .fixtures_meetings import VISIBILITIES, item_title, may_open, paper_title

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("anonymous", False),
    ("non_member", False),
    ("member", False),
    ("lay_member", False),
    ("lay_member", True),
    ("secretary", False),
    ("chair", False),
    ("other_chair", False),
    ("admin", False),
]
SEES_JOIN_LINK = {"member", "lay_member", "secretary", "chair", "admin"}
RUNS_GROUP = {"secretary", "chair", "admin"}
GROUP_MEMBERS = {"member", "lay_member", "secretary", "chair", "admin"}


def person_id(param):
    who, lay_sees = param
    return f"{who}-lay-sees-confidential" if lay_sees else who


@pytest.fixture(params=PEOPLE, ids=person_id)
def viewer(request, world, client):
    """(name, lay_members_see_confidential), with the client signed in as that person."""
    who, lay_sees = request.param
    if lay_sees:
        world.board.lay_members_see_confidential = True
        world.board.save()
    person = world.people()[who]
    if person is not None:
        client.force_login(person)
    return who, lay_sees


def test_meeting_page_shows_only_what_the_viewer_may_open(viewer, agenda, client):
    who, lay_sees = viewer
    html = client.get(agenda.meeting.url).content.decode()
    for visibility in VISIBILITIES:
        allowed = may_open(who, visibility, lay_sees)
        paper = agenda.papers[visibility]
        download = reverse("governance:paper_download", args=[paper.pk])
        assert (item_title(visibility) in html) is allowed, visibility
        assert (paper_title(visibility) in html) is allowed, visibility
        assert (download in html) is allowed, visibility
    hidden = sum(not may_open(who, v, lay_sees) for v in VISIBILITIES)
    assert html.count("Confidential item") == hidden
    assert ("meet.example/secret-room" in html) is (who in SEES_JOIN_LINK)
    assert ("Manage this meeting" in html) is (who in RUNS_GROUP)


def test_paper_download_streams_only_to_those_allowed(viewer, agenda, client):
    who, lay_sees = viewer
    for visibility in VISIBILITIES:
        paper = agenda.papers[visibility]
        response = client.get(reverse("governance:paper_download", args=[paper.pk]))
        if may_open(who, visibility, lay_sees):
            assert response.status_code == 200, visibility
            body = b"".join(response.streaming_content)
            assert body.startswith(b"%PDF")
            assert "attachment" in response["Content-Disposition"]
        else:
            assert response.status_code == 404, visibility


def test_board_pack_downloads_follow_the_strictest_paper(viewer, agenda, client):
    who, lay_sees = viewer
    packs.build_packs(agenda.meeting.pk)
    public = client.get(reverse("governance:pack_download", args=[agenda.meeting.pk, "public"]))
    assert public.status_code == 200
    full = client.get(reverse("governance:pack_download", args=[agenda.meeting.pk, "full"]))
    # The full pack holds a confidential paper, so it is for those who may open that.
    allowed = may_open(who, Visibility.CONFIDENTIAL, lay_sees)
    assert full.status_code == (200 if allowed else 404)
    html = client.get(agenda.meeting.url).content.decode()
    assert "Download the public board pack" in html
    assert ("Download the full board pack" in html) is allowed


def test_join_link_in_the_calendar_file_only_for_those_who_may_see_it(viewer, agenda, client):
    who, _ = viewer
    response = client.get(reverse("governance:meeting_calendar", args=[agenda.meeting.pk]))
    assert response.status_code == 200
    unfolded = response.content.replace(b"\r\n ", b"")  # RFC 5545 folds long lines
    assert (b"meet.example/secret-room" in unfolded) is (who in SEES_JOIN_LINK)


def once_started(*meetings):
    """The clock an hour into the last of these meetings (minutes are written once it has
    started), only while the records are written: the viewer's session stays in the present."""
    return time_machine.travel(max(m.start for m in meetings) + dt.timedelta(hours=1))


def write_minutes(world, agenda, circulate=False):
    with once_started(agenda.meeting):
        for visibility, item in agenda.items.items():
            records.write_minute(
                item, f"Minute of the {visibility} item mq{visibility}", by=world.chair
            )
        if circulate:
            records.circulate_minutes(agenda.meeting, by=world.chair)
    return Minutes.objects.get(meeting=agenda.meeting)


def minute_text(visibility):
    return f"Minute of the {visibility} item mq{visibility}"


def test_draft_minutes_only_for_those_running_the_group(viewer, world, agenda, client):
    who, _ = viewer
    write_minutes(world, agenda)
    html = client.get(agenda.meeting.url).content.decode()
    assert (minute_text(Visibility.PUBLIC) in html) is (who in RUNS_GROUP)
    minutes_page = client.get(reverse("governance:minutes", args=[agenda.meeting.pk]))
    if who == "anonymous":
        assert minutes_page.status_code == 302
    else:
        assert minutes_page.status_code == (200 if who in RUNS_GROUP else 403)


def test_circulated_minutes_for_group_members_item_by_item(viewer, world, agenda, client):
    who, lay_sees = viewer
    write_minutes(world, agenda, circulate=True)
    html = client.get(agenda.meeting.url).content.decode()
    for visibility in VISIBILITIES:
        expected = who in GROUP_MEMBERS and may_open(who, visibility, lay_sees)
        assert (minute_text(visibility) in html) is expected, visibility


def test_approved_minutes_for_everyone_leaving_out_what_they_may_not_see(
    viewer, world, agenda, client
):
    who, lay_sees = viewer
    minutes = write_minutes(world, agenda, circulate=True)
    later = MeetingPageFactory(
        parent=world.board, start=agenda.meeting.start + dt.timedelta(days=60)
    )
    with once_started(later):
        records.approve_minutes(minutes, at_meeting=later, by=world.chair)
    html = client.get(agenda.meeting.url).content.decode()
    for visibility in VISIBILITIES:
        assert (minute_text(visibility) in html) is may_open(who, visibility, lay_sees)


def test_non_public_downloads_are_audited_and_public_ones_are_not(world, agenda, client):
    client.force_login(world.member)
    for visibility in VISIBILITIES:
        paper = agenda.papers[visibility]
        assert client.get(reverse("governance:paper_download", args=[paper.pk])).status_code == 200
    entries = PageLogEntry.objects.filter(
        page=agenda.meeting, action="governance.paper.download"
    ).order_by("pk")
    assert [entry.data["paper"] for entry in entries] == [
        agenda.papers[v].pk for v in VISIBILITIES if v != Visibility.PUBLIC
    ]
    assert all(entry.user_id == world.member.pk for entry in entries)


def test_refused_downloads_are_not_audited_and_look_like_missing_papers(world, agenda, client):
    client.force_login(world.non_member)
    paper = agenda.papers[Visibility.CONFIDENTIAL]
    refused = client.get(reverse("governance:paper_download", args=[paper.pk]))
    missing = client.get(reverse("governance:paper_download", args=[paper.pk + 1000]))
    assert refused.status_code == missing.status_code == 404
    assert not PageLogEntry.objects.filter(action="governance.paper.download").exists()


def test_an_invitee_sees_the_join_link(world, agenda, client):
    agenda.meeting.invitees.add(world.non_member)
    client.force_login(world.non_member)
    assert "meet.example/secret-room" in client.get(agenda.meeting.url).content.decode()


def test_papers_of_an_unpublished_meeting_are_only_for_those_running_it(world, agenda, client):
    agenda.meeting.unpublish()
    paper = agenda.papers[Visibility.PUBLIC]
    url = reverse("governance:paper_download", args=[paper.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.secretary)
    assert client.get(url).status_code == 200


def test_only_public_papers_may_be_kept_in_shared_caches(world, agenda, client):
    public = client.get(
        reverse("governance:paper_download", args=[agenda.papers[Visibility.PUBLIC].pk])
    )
    assert "no-store" not in public.get("Cache-Control", "")
    client.force_login(world.member)
    group = client.get(
        reverse("governance:paper_download", args=[agenda.papers[Visibility.GROUP].pk])
    )
    assert "no-store" in group["Cache-Control"]
