"""Recordings: network members only, after the event; everyone else gets 404 on the page and the
files, never sees the video link, and every download is in the audit log. Watching can be
logged to the CPD log."""

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from events.cpd.models import CpdEntry, EventRecording
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://video.example/watch/secret-recording"


def doors(recording):
    return {
        "page": reverse("cpd:recording", args=[recording.pk]),
        "video": reverse("cpd:recording_file", args=[recording.pk]),
        "slides": reverse("cpd:recording_slides", args=[recording.pk]),
    }


@pytest.mark.parametrize("who", ["member", "lay_member", "chair", "admin", "non_member"])
def test_network_members_watch_after_the_event(client, world, recording, who):
    # `non_member` in the world belongs to no group but is a network member.
    client.force_login(getattr(world, who))
    urls = doors(recording)
    page = client.get(urls["page"])
    assert page.status_code == 200
    assert SECRET_LINK in page.content.decode()
    video = client.get(urls["video"])
    assert video.status_code == 200
    assert video["Cache-Control"] == "private, no-store"
    assert b"".join(video.streaming_content).startswith(b"\x00\x00\x00\x18ftyp")
    slides = client.get(urls["slides"])
    assert slides.status_code == 200 and 'filename="slides.pdf"' in slides["Content-Disposition"]
    assert PageLogEntry.objects.filter(action="events.recording.download").count() == 2


def test_people_who_are_not_network_members_get_not_found(client, recording):
    client.force_login(UserFactory(applicant=True))
    for url in doors(recording).values():
        response = client.get(url)
        assert response.status_code == 404
        assert SECRET_LINK not in response.content.decode()
    assert not PageLogEntry.objects.filter(action="events.recording.download").exists()


def test_anonymous_people_get_not_found_on_files_and_sign_in_for_the_page(client, recording):
    urls = doors(recording)
    assert client.get(urls["video"]).status_code == 404
    assert client.get(urls["slides"]).status_code == 404
    page = client.get(urls["page"])
    assert page.status_code == 302 and "/accounts/login/" in page.url


def test_nothing_opens_before_the_event_ends(client, world, event):
    recording = EventRecording.objects.create(event=event, title="Recording", video_url=SECRET_LINK)
    client.force_login(world.member)
    for url in doors(recording).values():
        assert client.get(url).status_code == 404


def test_the_event_page_never_shows_the_link_to_the_public(client, recording, world):
    event_page = client.get(recording.event.url)
    html = event_page.content.decode()
    assert SECRET_LINK not in html
    assert "Recording of the webinar" not in html
    assert "Network members can watch the recording of this event." in html
    client.force_login(world.member)
    html = client.get(recording.event.url).content.decode()
    assert SECRET_LINK not in html  # the link is only on the recording's own page
    assert "Recording of the webinar" in html


def test_organisers_add_recordings_in_the_page_editor(client, world, recording):
    client.force_login(world.admin)
    response = client.get(f"/admin/pages/{recording.event.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Recordings and slides" in html
    assert 'name="recordings-0-video_url"' in html


def test_watching_is_logged_with_the_confirmed_minutes(client, world, recording):
    client.force_login(world.member)
    url = reverse("cpd:recording", args=[recording.pk])
    response = client.post(url, {"minutes": "200"})
    assert "The recording lasts 115 minutes." in response.content.decode()
    response = client.post(url, {"minutes": "90", "reflection": "Good refresher"}, follow=True)
    html = response.content.decode()
    assert "Added to your CPD log: Watched recording: MRI safety update, 1.5 hours." in html
    entry = CpdEntry.objects.get(person=world.member)
    assert entry.source == CpdEntry.Source.RECORDING and entry.reflection == "Good refresher"
    client.post(url, {"minutes": "115"})
    entry.refresh_from_db()
    assert entry.hours == 2
    assert CpdEntry.objects.filter(person=world.member).count() == 1
