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
    assert spine.live and spine.version == "2.1"
    assert [
        (v.number, v.change_kind, v.status) for v in spine.versions.order_by("major", "minor")
    ] == [
        ("1.0", "major", ProtocolStatus.SUPERSEDED),
        ("2.0", "major", ProtocolStatus.SUPERSEDED),
        ("2.1", "minor", ProtocolStatus.APPROVED),
    ]
    # The minor version carried every trust's status on 2.0 forward.
    on_2_0 = {
        a.trust_id: a.status
        for a in Adoption.objects.filter(
            version__protocol=spine, version__minor=0, version__major=2
        )
    }
    carried = Adoption.objects.filter(version=spine.current_version)
    assert on_2_0 and {a.trust_id: a.status for a in carried} == on_2_0
    assert all(
        a.carried_forward_note == "Carried forward from version 2.0 (minor change)" for a in carried
    )
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
