"""Members-only things whose existence is no secret ask a signed-out person to sign in and
bring them back (issue 18); confidential papers and items still answer 404."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from governance.visibility import Visibility
from sigs.models import ProtocolPage
from tests.portal.factories import PASSWORD, UserFactory
from tests.publications.factories import PublicationIndexPageFactory, PublicationPageFactory
from tests.sigs.factories import ProtocolPageFactory
from tests.sigs.fixtures import approve_through_workflow

pytestmark = pytest.mark.django_db


def sign_in_round_trip(client, url, person):
    """Ask for `url` signed out, follow the sign-in prompt with the real form, and land."""
    prompt = client.get(url)
    assert prompt.status_code == 302
    login_url = prompt["Location"]
    assert urlsplit(login_url).path == reverse("account_login")
    assert parse_qs(urlsplit(login_url).query)["next"] == [url]
    form = client.get(login_url)
    assert form.status_code == 200
    signed_in = client.post(login_url, {"login": person.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == url
    return client.get(url)


@pytest.fixture
def network_protocol(sig_world):
    protocol = ProtocolPageFactory(
        parent=sig_world.sig, title="Members-only knee MRI protocol", visibility="network"
    )
    protocol.save_revision(user=sig_world.chair)
    approve_through_workflow(protocol, sig_world.chair)
    return ProtocolPage.objects.get(pk=protocol.pk)


def test_a_members_only_protocol_asks_to_sign_in_then_shows_it(client, sig_world, network_protocol):
    landed = sign_in_round_trip(client, network_protocol.url, sig_world.member)
    assert landed.status_code == 200
    assert "Members-only knee MRI protocol" in landed.content.decode()


def test_a_members_only_protocol_version_asks_to_sign_in_too(client, sig_world, network_protocol):
    url = f"/sigs/protocols/{network_protocol.pk}/v/1.0/"
    landed = sign_in_round_trip(client, url, sig_world.member)
    assert landed.status_code == 200
    assert "Members-only knee MRI protocol" in landed.content.decode()


def test_a_members_only_publication_asks_to_sign_in_then_shows_it(client, world):
    index = PublicationIndexPageFactory(parent=world.home)
    publication = PublicationPageFactory(
        parent=index, title="Imaging workforce pay review", visibility=Visibility.NETWORK
    )
    landed = sign_in_round_trip(client, publication.url, world.member)
    assert landed.status_code == 200
    assert "Imaging workforce pay review" in landed.content.decode()


def test_a_groups_library_asks_to_sign_in_then_shows_it(client, world):
    url = reverse("governance:library", args=[world.board.pk])
    landed = sign_in_round_trip(client, url, world.member)
    assert landed.status_code == 200
    assert world.board.title in landed.content.decode()


def test_signed_in_people_who_may_not_open_them_still_get_404(client, world, network_protocol):
    client.force_login(world.non_member)
    assert client.get(reverse("governance:library", args=[world.board.pk])).status_code == 404
    client.force_login(UserFactory(applicant=True))
    assert client.get(network_protocol.url).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "non_member", "lay_member"])
def test_a_confidential_paper_is_still_not_found(client, world, agenda, who):
    paper = agenda.papers[Visibility.CONFIDENTIAL]
    person = world.people()[who]
    if person is not None:
        client.force_login(person)
    response = client.get(reverse("governance:paper_download", args=[paper.pk]))
    assert response.status_code == 404
    meeting = client.get(world.meeting.url).content.decode()
    assert agenda.items[Visibility.CONFIDENTIAL].title not in meeting
    assert paper.title not in meeting
