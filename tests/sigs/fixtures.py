"""A SIG in the governance test world: people in each role, trust leads, a meeting, and
helpers that take a protocol version through the approval workflow. A plugin."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from governance.models import Membership
from governance.services.memberships import sync_group_editors
from sigs.services import protocols as protocol_services
from tests.governance.factories import MeetingPageFactory, MembershipFactory
from tests.governance.fixtures_world import World
from tests.portal.factories import TrustFactory, UserFactory

from .factories import ProtocolPageFactory, SigPageFactory


@dataclass
class SigWorld:
    world: World
    sig: object
    chair: object
    deputy: object
    secretary: object
    member: object
    lay_member: object
    lead: object
    non_member: object
    office: object
    trusts: list
    meeting: object

    def people(self):
        return {
            "anonymous": None,
            "non_member": self.non_member,
            "member": self.member,
            "lay_member": self.lay_member,
            "lead": self.lead,
            "chair": self.chair,
            "office": self.office,
        }


@pytest.fixture
def sig_world(world):
    sig = SigPageFactory(parent=world.board, title="MRI SIG", slug="mri-sig-space")
    trusts = world.trusts + [TrustFactory() for _ in range(2)]

    def member(role, trust, **user):
        person = UserFactory(**user)
        MembershipFactory(group=sig, person=person, role=role, trust=trusts[trust])
        return person

    sig_world = SigWorld(
        world=world,
        sig=sig,
        chair=member(Membership.Role.CHAIR, 0),
        deputy=member(Membership.Role.DEPUTY_CHAIR, 1),
        secretary=member(Membership.Role.SECRETARY, 2),
        member=member(Membership.Role.MEMBER, 3),
        lay_member=member(Membership.Role.PATIENT_VOLUNTEER, 4, is_lay_member=True),
        lead=member(Membership.Role.MEMBER, 1),
        non_member=world.non_member,
        office=UserFactory(network_office=True),
        trusts=trusts,
        meeting=MeetingPageFactory(
            parent=sig,
            title="MRI SIG, March",
            start=timezone.now() - timezone.timedelta(days=7),
        ),
    )
    from sigs.models import TrustLead

    TrustLead.objects.create(sig=sig, person=sig_world.lead, trust=trusts[1])
    sync_group_editors(sig)
    sig.refresh_from_db()
    return sig_world


def new_draft(protocol, user, *, summary, kind="minor", **changes):
    """Save a new draft revision of `protocol` as its editor would."""
    draft = protocol.get_latest_revision_as_object()
    draft.change_summary = summary
    draft.change_kind = kind
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft.save_revision(user=user)


def approve_through_workflow(protocol, chair, *, reviewer=None, decision=None):
    """SIG review (ended by `reviewer`, the chair by default), then the chair's approval."""
    protocol_services.submit_for_review(protocol, chair)
    protocol_services.end_sig_review(protocol, reviewer or chair)
    return protocol_services.approve(protocol, chair, decision=decision)


@pytest.fixture
def approved_protocol(sig_world):
    """An MRI protocol with version 1.0 approved."""
    protocol = ProtocolPageFactory(parent=sig_world.sig, title="MRI lumbar spine")
    protocol.save_revision(user=sig_world.chair)
    approve_through_workflow(protocol, sig_world.chair)
    protocol.refresh_from_db()
    return protocol
