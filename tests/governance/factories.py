"""Factories for the governance tree: groups, memberships, meetings, papers and records."""

import datetime as dt
import io

import factory
import wagtail_factories
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from governance.models import (
    Action,
    AgendaItem,
    Decision,
    GovernanceIndexPage,
    GroupPage,
    Interest,
    MeetingPage,
    Membership,
)
from governance.visibility import Visibility
from tests.portal.factories import TrustFactory, UserFactory


def pdf_bytes(text="A paper", pages=1):
    """A real PDF whose text layer contains `text` on every page (WeasyPrint)."""
    from weasyprint import HTML

    body = "".join(f"<p style='page-break-after: always'>{text}</p>" for _ in range(pages))
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def blank_pdf_bytes(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name="paper.pdf", text="A paper"):
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


class GovernanceIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GovernanceIndexPage

    title = "How we are governed"
    slug = "how-we-are-governed"


class GroupPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GroupPage

    title = factory.Sequence(lambda n: f"Test Board {n}")
    kind = GroupPage.Kind.BOARD
    purpose = "Leads the network's work."
    quorum_voting_members = 3
    quorum_requires_chair = True
    quorum_trusts = 0


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupPageFactory)
    person = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER
    trust = factory.SubFactory(TrustFactory)
    voting = True
    start = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=365))


class MeetingPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MeetingPage

    title = factory.Sequence(lambda n: f"Meeting {n}")
    start = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=2))
    location = "Board room, Birmingham"
    join_url = "https://meet.example/secret-room"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingPageFactory)
    title = factory.Sequence(lambda n: f"Agenda item {n}")
    purpose = AgendaItem.Purpose.DISCUSSION
    visibility = Visibility.GROUP
    sort_order = factory.Sequence(lambda n: n)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingPageFactory)
    text = factory.Sequence(lambda n: f"The board agreed proposal {n}.")
    decided_on = factory.LazyFunction(timezone.localdate)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingPageFactory)
    description = factory.Sequence(lambda n: f"Write up option {n}")
    owner = factory.SubFactory(UserFactory)
    due = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    person = factory.SubFactory(UserFactory)
    kind = Interest.Kind.FINANCIAL
    description = "Paid adviser"
    organisation = "Acme PACS Ltd"
