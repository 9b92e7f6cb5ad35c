"""A protocol's page costs the same number of queries however many versions, attachments and
trusts' adoptions it has, for a member and for the chair."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from sigs.services.adoption import set_adoption
from sigs.services.workspace import add_attachment
from tests.governance.factories import blank_pdf_bytes

from .fixtures import approve_through_workflow, new_draft

pytestmark = pytest.mark.django_db

# The chair's page adds the Wagtail user bar and the chair's own checks.
PROTOCOL_PAGE_QUERIES = {"member": 19, "chair": 22}


def grow(protocol, sig_world, versions, attachments):
    chair = sig_world.chair
    for _ in range(versions):
        new_draft(protocol, chair, summary=f"Clearer wording, after {protocol.versions.count()}.")
        version = approve_through_workflow(protocol, chair)
        for trust in sig_world.trusts:
            set_adoption(version, trust, chair, "adopted", adopted_on=timezone.localdate())
    for n in range(attachments):
        add_attachment(
            protocol,
            ContentFile(blank_pdf_bytes(1), name=f"poster-{n}.pdf"),
            title=f"Poster {n}",
            uploaded_by=chair,
        )
    protocol.refresh_from_db()


@pytest.mark.parametrize("who", ["member", "chair"])
def test_the_protocol_page_costs_the_same_with_more_versions(
    client, sig_world, approved_protocol, who, django_assert_num_queries
):
    protocol = approved_protocol
    grow(protocol, sig_world, versions=1, attachments=1)
    client.force_login(getattr(sig_world, who))
    assert client.get(protocol.url).status_code == 200  # warms Wagtail's site root paths
    with django_assert_num_queries(PROTOCOL_PAGE_QUERIES[who]):
        client.get(protocol.url)

    grow(protocol, sig_world, versions=4, attachments=3)
    client.get(protocol.url)  # publishing emptied Wagtail's cache of site root paths
    with django_assert_num_queries(PROTOCOL_PAGE_QUERIES[who]):
        response = client.get(protocol.url)
    assert response.status_code == 200
    assert response.text.count("Poster ") >= 4
    assert "Version 1.5" in response.text and "Version 1.0" in response.text
