"""Round-up fixtures (a plugin): a site with the archive and two SIGs, and a send run as the
worker runs it. The round-up's own tests call it `site` (tests/roundup/conftest.py)."""

from dataclasses import dataclass

import pytest
from wagtail.models import Page, Site

from publications.roundup.services import sending
from tests.governance.factories import GovernanceIndexPageFactory, GroupPageFactory
from tests.portal.factories import HomePageFactory

from .factories import RoundupIndexPageFactory, SigPageFactory


@dataclass
class RoundupSite:
    home: object
    archive: object
    mri: object
    ct: object


@pytest.fixture
def roundup_site(db, snapshots):
    """Built once per worker and copied back for each test (tests/plugins/snapshots.py)."""
    return snapshots.take("roundup_site", build_roundup_site)


def build_roundup_site():
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    root.refresh_from_db()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    board = GroupPageFactory(parent=GovernanceIndexPageFactory(parent=home), slug="board")
    return RoundupSite(
        home=home,
        archive=RoundupIndexPageFactory(parent=home),
        mri=SigPageFactory(parent=board, title="MRI SIG", slug="mri"),
        ct=SigPageFactory(parent=board, title="CT SIG", slug="ct"),
    )


def run_send(send):
    """Do what the worker does: start the send, then send every batch."""
    sending.start_send(send.pk)
    send.refresh_from_db()
    for batch in range(send.batch_count):
        sending.send_batch(send.pk, batch)
    send.refresh_from_db()
    return send
