"""Factories for SIG workspaces and protocols."""

import factory
import wagtail_factories

from sigs.models import ChangeKind, Modality, ProtocolPage, SigPage, WorkItem


class SigPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = SigPage

    title = factory.Sequence(lambda n: f"Test SIG {n}")
    kind = SigPage.Kind.SIG
    category = SigPage.Category.MODALITY
    purpose = "Shares practice and agrees protocols."
    meeting_cadence = "Every other Tuesday afternoon, on Teams"
    quorum_voting_members = 3


class ProtocolPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProtocolPage

    title = factory.Sequence(lambda n: f"Protocol {n}")
    modality = Modality.MRI
    body_area = "Lumbar spine"
    clinical_indication = "Low back pain with red flags"
    visibility = "network"
    change_kind = ChangeKind.MAJOR
    change_summary = "First network version."
    live = False
    body = wagtail_factories.StreamFieldFactory({})


class WorkItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkItem

    kind = WorkItem.Kind.DELIVERABLE
    title = factory.Sequence(lambda n: f"Deliver thing {n}")
