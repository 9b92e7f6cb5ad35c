"""Factories for the round-up: the archive, issues with sections, subscribers and SIGs."""

import datetime as dt

import factory
import wagtail_factories
from django.contrib.auth.models import Group
from django.utils import timezone

from governance.models import GroupPage
from publications.roundup.models import RoundupIndexPage, RoundupPage, Subscriber
from sigs.models import SigPage
from tests.portal.factories import UserFactory


class SigPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SigPage

    title = factory.Sequence(lambda n: f"Test SIG {n}")
    kind = GroupPage.Kind.SIG
    purpose = "Shares practice across the network."


class RoundupIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = RoundupIndexPage

    title = "The weekly round-up"
    slug = "round-up"
    introduction = "Every issue of the network's weekly email."


def item(
    title, *, link="https://portal.example/item/", when="", summary="", sig=None, members_only=False
):
    return {
        "title": title,
        "link": link,
        "when": when,
        "summary": summary,
        "sig": sig,
        "members_only": members_only,
    }


def section(heading, topic, items, public=False):
    return {
        "type": "section",
        "value": {"heading": heading, "topic": topic, "public": public, "items": items},
    }


class RoundupPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = RoundupPage

    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"Round-up {o.number}: 4 December 2026")
    slug = factory.LazyAttribute(lambda o: f"issue-{o.number}")
    issue_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=3))
    introduction = "Welcome to this week's round-up."
    sections = factory.LazyFunction(
        lambda: [
            section("Events and training", "events", [item("CT study day")], public=True),
            section("Governance news", "governance", [item("Board decisions")]),
        ]
    )


class SubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed subscriber without an account, who wants every topic."""

    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@partner.example")
    first_name = factory.Faker("first_name", locale="en_GB")
    status = Subscriber.Status.SUBSCRIBED
    source = Subscriber.Source.WEBSITE
    consent_at = factory.LazyFunction(timezone.now)
    consent_detail = "Confirmed by the link emailed to this address"


def comms_person(**fields):
    """Someone in the comms team: like the demo's, an editor in the Wagtail admin."""
    person = UserFactory(office_team="comms", **fields)
    person.groups.add(Group.objects.get(name="Editors"))
    return person
