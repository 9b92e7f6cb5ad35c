"""Checks of the demo SIGs' workspaces and protocols.
Run by tests/test_demo_network.py against the one whole-demo load."""

from sigs.models import (
    Adoption,
    ProtocolPage,
    ProtocolStatus,
    ProtocolVersion,
    SigPage,
    TrustLead,
    WorkItem,
)
from sigs.services.adoption import adoption_matrix
from sigs.services.protocols import current_task_state

COUNTED = [WorkItem, ProtocolPage, ProtocolVersion, Adoption, TrustLead]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def check(client):
    mri = SigPage.objects.get(slug="mri-sig")
    assert mri.category == SigPage.Category.MODALITY
    assert mri.meeting_cadence
    assert mri.work_items.filter(
        kind=WorkItem.Kind.DELIVERABLE, title__contains="58 scanners"
    ).exists()
    assert mri.work_items.filter(kind=WorkItem.Kind.BENEFIT, title__contains="MR safety").exists()
    assert SigPage.objects.get(slug="paediatric-sig").category == SigPage.Category.PATHWAY
    for sig in SigPage.objects.all():
        assert {item.kind for item in sig.work_items.all()} == set(WorkItem.Kind.values), sig

    spine = ProtocolPage.objects.select_related("current_version").get(slug="mri-lumbar-spine")
    assert spine.live and spine.version == "2.0"
    assert [v.status for v in spine.versions.order_by("major")] == [
        ProtocolStatus.SUPERSEDED,
        ProtocolStatus.APPROVED,
    ]
    cells = [cell for _, cell in adoption_matrix([spine]).rows[0].cells]
    assert len(cells) == 15
    assert {cell.status for cell in cells} >= {
        "adopted",
        "adopting",
        "local_variation",
        "not_applicable",
        "not_started",
        "behind",
    }
    questionnaire = ProtocolPage.objects.get(slug="mr-safety-questionnaire")
    assert questionnaire.visibility == "public" and questionnaire.attachments.count() == 1
    brain = ProtocolPage.objects.get(slug="paediatric-mri-brain")
    assert brain.status == ProtocolStatus.IN_REVIEW and not brain.live
    assert current_task_state(brain).task.name == "SIG review"
    assert TrustLead.objects.filter(sig=mri, person__email="member@demo.example").exists()
