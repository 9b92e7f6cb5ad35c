"""What each app adds to the site search: publications (found by the text of their files),
news, protocols and events, each shown only to those who may open it and narrowed by group."""

import pytest

from publications.search import fill_publication_file_text
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.publications.factories import (
    NewsIndexPageFactory,
    NewsPageFactory,
    PublicationIndexPageFactory,
    PublicationPageFactory,
    attach_file,
)
from tests.sigs.factories import ProtocolPageFactory, SigPageFactory

from .conftest import search_as

pytestmark = pytest.mark.django_db


@pytest.fixture
def publications(world):
    index = PublicationIndexPageFactory(parent=world.home)
    strategy = PublicationPageFactory(
        parent=index,
        title="Network Strategy",
        slug="network-strategy",
        visibility="public",
        owning_group=world.board,
    )
    plan = PublicationPageFactory(
        parent=index,
        title="Workforce Work Plan",
        slug="workforce-plan",
        visibility="network",
        owning_group=world.other_group,
    )
    plan.related_groups.add(world.subgroup)
    plan.save_revision().publish()
    for publication, words in ((strategy, "sonography"), (plan, "sonography apprenticeships")):
        fill_publication_file_text(attach_file(publication, text=f"Plans for {words}").pk)
    return strategy, plan


def test_a_publication_is_found_by_the_words_in_its_file(client, world, publications):
    html = search_as(client, world.non_member, query="apprenticeships").content.decode()
    assert "Workforce Work Plan" in html
    assert "Plans for sonography <mark>apprenticeships</mark>" in html


def test_members_only_publications_stay_hidden_from_the_public(
    client, world, searchers, publications
):
    for who in ("anonymous", "applicant"):
        html = search_as(client, searchers[who], query="sonography").content.decode()
        assert "Network Strategy" in html, who
        assert "Workforce Work Plan" not in html, who
        assert "apprenticeships" not in html, who
    html = search_as(client, world.non_member, query="sonography").content.decode()
    assert "Network Strategy" in html and "Workforce Work Plan" in html


def test_a_publication_belongs_to_its_owning_and_related_groups(client, world, publications):
    def titles(group):
        return search_as(
            client, world.admin, query="sonography", kind="publication", group=group.pk
        ).content.decode()

    assert "Workforce Work Plan" in titles(world.board)  # the MRI SIG, a related group, is under it
    assert "Network Strategy" in titles(world.board)
    assert "Network Strategy" not in titles(world.other_group)
    assert "Workforce Work Plan" in titles(world.other_group)


def test_news_is_found_and_narrowed_to_its_group(client, world):
    index = NewsIndexPageFactory(parent=world.home)
    NewsPageFactory(
        parent=index, title="New CT scanner at Walsall", summary="Scanner open.", group=world.board
    )
    NewsPageFactory(parent=index, title="Network CT audit", summary="Audit results.")
    html = search_as(client, None, query="ct").content.decode()
    assert "New <mark>CT</mark> scanner at Walsall" in html
    assert "Network <mark>CT</mark> audit" in html
    html = search_as(client, None, query="ct", group=world.board.pk).content.decode()
    assert "Walsall" in html and "audit" not in html


def test_protocols_for_network_members_are_hidden_from_the_public(client, world, searchers):
    sig = SigPageFactory(parent=world.board, title="MSK SIG", slug="msk")
    ProtocolPageFactory(parent=sig, title="Lumbar spine MRI", slug="lumbar", live=True)
    ProtocolPageFactory(
        parent=sig,
        title="Knee MRI",
        slug="knee",
        live=True,
        visibility="public",
        body_area="Knee",
        clinical_indication="Meniscal tear",
    )
    for who in ("anonymous", "applicant"):
        html = search_as(client, searchers[who], query="mri", kind="protocol").content.decode()
        assert "Knee <mark>MRI</mark>" in html, who
        assert "Lumbar" not in html and "1 result for" in html, who
    html = search_as(client, world.member, query="mri", kind="protocol").content.decode()
    assert "Knee <mark>MRI</mark>" in html and "Lumbar spine <mark>MRI</mark>" in html


def test_events_are_found_and_narrowed_to_their_organising_group(client, world):
    index = EventIndexPageFactory(parent=world.home)
    EventPageFactory(parent=index, title="Ultrasound study day", organising_group=world.board)
    EventPageFactory(parent=index, title="Ultrasound webinar", organising_group=world.other_group)
    html = search_as(client, None, query="ultrasound", kind="event").content.decode()
    assert "2 results" in html
    html = search_as(client, None, query="ultrasound", group=world.other_group.pk).content.decode()
    assert "webinar" in html and "study day" not in html


def test_a_round_up_issue_is_found_only_once_it_has_gone_out(client, world):
    from django.utils import timezone

    from publications.roundup.models import IssueSend
    from tests.roundup.factories import RoundupIndexPageFactory, RoundupPageFactory

    archive = RoundupIndexPageFactory(parent=world.home)
    sent = RoundupPageFactory(parent=archive, title="Round-up 1: mammography week")
    RoundupPageFactory(parent=archive, title="Round-up 2: mammography drafts")
    IssueSend.objects.create(
        issue=sent,
        subject=sent.title,
        content={},
        scheduled_for=timezone.now(),
        started_at=timezone.now(),
    )
    html = search_as(client, world.admin, query="mammography").content.decode()
    assert "<mark>mammography</mark> week" in html
    assert "drafts" not in html


def test_page_types_that_guard_themselves_are_left_to_their_apps_sources():
    from portal.models import StandardPage
    from portal.search import guards_itself
    from publications.roundup.models import RoundupPage

    assert guards_itself(RoundupPage)
    assert not guards_itself(StandardPage)


def test_a_new_publication_file_has_its_text_read_in_the_background(
    client, world, django_capture_on_commit_callbacks
):
    from publications.models import PublicationFile
    from publications.services import add_publication_file
    from tests.publications.factories import pdf_upload

    index = PublicationIndexPageFactory(parent=world.home)
    strategy = PublicationPageFactory(parent=index, title="Communication Strategy", slug="comms")
    with django_capture_on_commit_callbacks(execute=True):
        added = add_publication_file(
            strategy,
            pdf_upload("comms.pdf", "Channels include the weekly roundup and podcasts"),
            version_label="Version 1",
            uploaded_by=world.admin,
            replaces_current=True,
        )
    assert "podcasts" in PublicationFile.objects.get(pk=added.pk).extracted_text
    html = search_as(client, None, query="podcasts").content.decode()
    assert "Communication Strategy" in html and "<mark>podcasts</mark>" in html
