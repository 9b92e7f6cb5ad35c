"""Rough edges from issue 18: the events list and an event page agree on places and on who
may book (one rule), and every error summary names its field and links to it."""

import datetime as dt
import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import timezone

from events.models import EventPage
from tests.events.factories import EventIndexPageFactory, EventPageFactory

pytestmark = pytest.mark.django_db


def tags(html):
    return [
        re.sub(r"\s+", " ", tag).strip()
        for tag in re.findall(r'<strong class="nhsuk-tag[^"]*">(.*?)</strong>', html, re.S)
    ]


def test_an_event_whose_booking_has_closed_says_so_in_the_list_and_on_its_page(client, world):
    index = EventIndexPageFactory(parent=world.home)
    event = EventPageFactory(
        parent=index,
        title="Closed study day",
        capacity=45,
        booking_closes=timezone.now() - dt.timedelta(hours=1),
    )
    client.force_login(world.member)
    listing = client.get(index.url).content.decode()
    assert "Booking closed" in tags(listing)
    assert "45 places left" not in listing
    page = client.get(event.url).content.decode()
    assert "Booking closed" in tags(page)
    assert "Booking for this event has closed." in page


def test_a_staff_group_event_tells_a_member_outside_it_they_cannot_book(client, world):
    index = EventIndexPageFactory(parent=world.home)
    event = EventPageFactory(
        parent=index,
        title="Sonography masterclass",
        capacity=60,
        audience=EventPage.Audience.STAFF_GROUPS,
        staff_groups=["sonographer"],
    )
    client.force_login(world.member)  # a radiographer
    listing = client.get(index.url).content.decode()
    assert "Not open to your staff group" in tags(listing)
    assert "60 places left" not in listing
    page = client.get(event.url).content.decode()
    assert "Not open to your staff group" in tags(page)
    # Signed out, the list still shows the places: whether they may book depends on who they are.
    client.logout()
    assert "60 places left" in tags(client.get(index.url).content.decode())


class FeedbackForm(forms.Form):
    usefulness = forms.ChoiceField(
        label="How useful was the event?",
        choices=[("1", "Not useful"), ("5", "Very useful")],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(label="What could be better")


def test_the_error_summary_names_each_field_and_links_to_it():
    form = FeedbackForm(data={})
    assert not form.is_valid()
    html = render_to_string("includes/form_errors.html", {"form": form})
    entries = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', html)
    assert entries == [
        ("id_usefulness_0", "How useful was the event: This field is required."),
        ("id_comments", "What could be better: This field is required."),
    ]
