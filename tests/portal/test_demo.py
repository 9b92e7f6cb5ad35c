"""The demo network loader: the right shape of network, demo logins that work, safe to re-run.

These run `load_demo_network` with only the site core's loader, which is what they check; the
whole command, with every app's demo, is tested once in tests/test_demo_network.py.
"""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from wagtail.models import Page, Site

from portal.demo import DEMO_LOGINS
from portal.models import IntegratedCareSystem, Trust, User

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "network-demo"


def load_demo_network():
    out = StringIO()
    call_command("load_demo_network", stdout=out)
    return out.getvalue()


def sizes():
    return {
        "users": User.objects.count(),
        "members": User.objects.network_members().count(),
        "email addresses": EmailAddress.objects.count(),
        "trusts": Trust.objects.count(),
        "ICSs": IntegratedCareSystem.objects.count(),
        "pages": Page.objects.count(),
        "sites": Site.objects.count(),
    }


@pytest.fixture(autouse=True)
def _demo_password_from_default(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


@pytest.fixture
def demo_network(settings):
    """`load_demo_network` with only the site core's loader: people, trusts and pages."""
    settings.DEMO_LOADERS = ["portal.demo"]
    return load_demo_network()


def test_the_site_core_loads_twice_without_duplicating_anything(demo_network):
    first = sizes()

    load_demo_network()

    assert sizes() == first


def test_six_integrated_care_systems_and_sixteen_trusts(demo_network):
    assert IntegratedCareSystem.objects.count() == 6
    assert Trust.objects.count() == 16
    assert Trust.objects.acute().count() == 15
    assert Trust.objects.filter(kind=Trust.Kind.COMMUNITY).count() == 1
    assert all(ics.trusts.exists() for ics in IntegratedCareSystem.objects.all())


def test_about_two_hundred_members_across_every_trust_and_several_staff_groups(demo_network):
    members = User.objects.network_members()
    assert 200 <= members.count() <= 210

    trusts_with_members = set(
        members.exclude(organisation=None).values_list("organisation", flat=True)
    )
    assert trusts_with_members == set(Trust.objects.values_list("pk", flat=True))

    staff_groups = set(members.exclude(staff_group="").values_list("staff_group", flat=True))
    assert len(staff_groups) >= 5
    assert {User.StaffGroup.RADIOGRAPHER, User.StaffGroup.RADIOLOGIST} <= staff_groups
    # Every member's address is confirmed, as a real member's would be.
    assert not members.exclude(emailaddress__verified=True).exists()


def test_the_demo_site_is_served(client, demo_network):
    for path in ["/", "/about/", "/contact/"]:
        assert client.get(path).status_code == 200, path


def test_each_demo_login_signs_in_with_the_demo_password(client, demo_network):
    for email, role, _fields in DEMO_LOGINS:
        assert email in demo_network  # the command lists the logins it made
        client.logout()

        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})

        assert response.status_code == 302, f"{role} ({email}) could not sign in"
        assert response["Location"] == "/my/"
        person = User.objects.get(pk=client.session["_auth_user_id"])
        assert person.email == email
        # Everyone is a member except the applicant, who can sign in but waits for approval.
        assert person.is_network_member is (email != "applicant@demo.example"), role


def test_the_applicant_is_waiting_in_the_queue(client, demo_network):
    applicant = User.objects.get(email="applicant@demo.example")
    assert applicant.network_status == User.NetworkStatus.AWAITING_APPROVAL

    client.force_login(User.objects.get(email="admin@demo.example"))
    assert "applicant@demo.example" in client.get("/admin/applicants/").content.decode()


def test_demo_roles(demo_network):
    admin = User.objects.get(email="admin@demo.example")
    assert admin.is_superuser and admin.office_team == User.OfficeTeam.NETWORK_OFFICE
    comms = User.objects.get(email="comms@demo.example")
    assert comms.groups.filter(name="Editors").exists()
    assert User.objects.get(email="volunteer@demo.example").is_lay_member


def test_a_changed_demo_password_is_put_back(client, demo_network):
    member = User.objects.get(email="member@demo.example")
    member.set_password("something-else-entirely")
    member.save()

    load_demo_network()

    client.post("/accounts/login/", {"login": "member@demo.example", "password": DEMO_PASSWORD})
    assert client.session.get("_auth_user_id") == str(member.pk)
