"""Lay review fixtures (a plugin) on the governance test world: the glossary, and a second
patient volunteer on the board."""

import pytest

from governance.lay.models import GlossaryTerm
from governance.models import Membership
from tests.governance.factories import MembershipFactory
from tests.portal.factories import UserFactory

GLOSSARY = [
    ("PACS", "Picture archiving and communication system", "The system that stores scans."),
    ("RIS", "Radiology information system", "The system that books scans and holds reports."),
    ("ICB", "Integrated care board", "The NHS body that plans and pays for local health care."),
]


@pytest.fixture
def glossary(db):
    return [
        GlossaryTerm.objects.create(term=term, meaning=meaning, definition=definition)
        for term, meaning, definition in GLOSSARY
    ]


@pytest.fixture
def second_volunteer(world):
    person = UserFactory(is_lay_member=True, email="derek.volunteer2@example.org")
    MembershipFactory(
        group=world.board, person=person, role=Membership.Role.PATIENT_VOLUNTEER, trust=None
    )
    return person
