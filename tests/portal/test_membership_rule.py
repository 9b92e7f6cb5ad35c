"""The admission rule at its edges, called as the email-confirmation hook calls it."""

import pytest

from portal.models import User
from portal.services import admit_after_confirmation

from .factories import UserFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status",
    [
        User.NetworkStatus.UNCONFIRMED,
        User.NetworkStatus.AWAITING_APPROVAL,
        User.NetworkStatus.DECLINED,
    ],
)
def test_confirming_an_nhs_address_makes_anyone_not_yet_a_member_a_member(status):
    person = UserFactory(email="someone@example.com", network_status=status)

    admit_after_confirmation(person, "someone@wmin.nhs.uk")

    person.refresh_from_db()
    assert person.network_status == User.NetworkStatus.MEMBER


@pytest.mark.django_db
def test_a_declined_person_confirming_another_non_nhs_address_stays_declined():
    person = UserFactory(email="someone@example.com", network_status=User.NetworkStatus.DECLINED)

    admit_after_confirmation(person, "someone@another.example")

    person.refresh_from_db()
    assert person.network_status == User.NetworkStatus.DECLINED
