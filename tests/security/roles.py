"""The people and papers of the permission matrix, shared by its test modules: at least the
eight roles the issue names (from the small governance world), and the agenda's papers with the
awkward cases beside them."""

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from filer.models import File

from governance.models import Paper
from governance.visibility import Visibility
from tests.governance.factories import AgendaItemFactory, MeetingPageFactory
from tests.governance.fixtures_meetings import upload
from tests.portal.factories import UserFactory


def people_by_role(world):
    """One person per role; None is someone signed out."""
    return {
        "anonymous": None,
        "applicant": UserFactory(applicant=True),
        "non_member": world.non_member,
        "member": world.member,
        "volunteer": world.lay_member,
        "secretary": world.secretary,
        "chair": world.chair,
        "another group's chair": world.other_chair,
        "comms": UserFactory(office_team="comms"),
        "network_office": UserFactory(network_office=True),
    }


def as_user(person):
    """What the rules are asked with: the person, or an anonymous user for someone signed out."""
    return person or AnonymousUser()


def client_for(person):
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


def stored_paper(item, visibility, title):
    """A paper saved straight to the table, past the form (as older data may be)."""
    source = upload(f"{title}.pdf", title)
    stored = File.objects.create(file=source, original_filename=f"{title}.pdf")
    return Paper.objects.create(agenda_item=item, title=title, file=stored, visibility=visibility)


def papers_of_every_kind(world, agenda):
    """The agenda's papers (one per visibility), and the awkward cases beside them."""
    found = {f"{visibility}": paper for visibility, paper in agenda.papers.items()}
    confidential_item = agenda.items[Visibility.CONFIDENTIAL]
    group_item = agenda.items[Visibility.GROUP]
    found["public paper under a confidential item"] = stored_paper(
        confidential_item, Visibility.PUBLIC, "looser-than-confidential"
    )
    found["network paper under a group item"] = stored_paper(
        group_item, Visibility.NETWORK, "looser-than-group"
    )
    other_meeting = MeetingPageFactory(parent=world.other_group, title="Digital Board, May")
    other_item = AgendaItemFactory(meeting=other_meeting, visibility=Visibility.GROUP)
    found["another group's group paper"] = stored_paper(other_item, Visibility.GROUP, "other-group")
    draft = MeetingPageFactory(parent=world.board, title="Draft meeting", live=False)
    draft_item = AgendaItemFactory(meeting=draft, visibility=Visibility.PUBLIC)
    found["public paper of an unpublished meeting"] = stored_paper(
        draft_item, Visibility.PUBLIC, "unpublished"
    )
    return found
