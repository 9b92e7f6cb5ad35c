"""The network office's approval queue in the Wagtail admin (/admin/applicants/)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import User

from .factories import TrustFactory, UserFactory
from .flows import link_in, only_message_to
from .html import soup, text

pytestmark = pytest.mark.django_db

QUEUE = "/admin/applicants/"


@pytest.fixture
def decide(client, django_capture_on_commit_callbacks):
    """Press Approve or Decline in the queue; emails go when the decision commits."""

    def press(applicant, decision, reason=""):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"{QUEUE}{applicant.pk}/decide/",
                {"decision": decision, "reason": reason},
                follow=True,
            )

    return press


@pytest.fixture
def applicant():
    return UserFactory(
        applicant=True,
        email="alex.jordan@example.com",
        first_name="Alex",
        last_name="Jordan",
        job_title="Imaging sales specialist",
        organisation=TrustFactory(name="Wye Valley NHS Trust"),
    )


@pytest.fixture(params=["superuser", "network_office"])
def reviewer(request):
    return UserFactory(**{request.param: True})


def test_reviewer_sees_who_is_waiting(client, reviewer, applicant):
    UserFactory(email="already.member@nhs.net")
    client.force_login(reviewer)

    response = client.get(QUEUE)

    assert response.status_code == 200
    page = text(response)
    assert "Sign-ups to approve" in page
    assert "Alex Jordan" in page
    assert "alex.jordan@example.com" in page
    assert "Imaging sales specialist" in page
    assert "Wye Valley NHS Trust" in page
    assert "already.member@nhs.net" not in page


def test_empty_queue_says_so(client):
    client.force_login(UserFactory(superuser=True))
    assert "Nobody is waiting for approval." in text(client.get(QUEUE))


def test_admin_menu_counts_who_is_waiting(client, reviewer, applicant):
    UserFactory(applicant=True)
    client.force_login(reviewer)
    # Wagtail draws its sidebar from JSON, so look in the page source rather than its text.
    assert "Sign-ups to approve (2)" in client.get("/admin/").content.decode()


def test_approving_makes_a_member_and_tells_them(client, reviewer, applicant, smtp_inbox, decide):
    client.force_login(reviewer)

    response = decide(applicant, "approve")

    assert response.redirect_chain[-1] == (QUEUE, 302)
    assert "Alex Jordan has been approved and told by email." in text(response)
    applicant.refresh_from_db()
    assert applicant.network_status == User.NetworkStatus.MEMBER
    assert applicant.is_network_member
    email = only_message_to(smtp_inbox, "alex.jordan@example.com")
    assert email["Subject"] == f"You are now a member of the {settings.WAGTAIL_SITE_NAME}"
    assert "Dear Alex" in smtp_inbox.text(email)
    assert link_in(smtp_inbox, email, "/accounts/login/")


def test_declining_records_it_and_tells_them_why(client, reviewer, applicant, smtp_inbox, decide):
    client.force_login(reviewer)

    response = decide(applicant, "decline", reason="The network is for NHS imaging staff.")

    assert "Alex Jordan has been declined and told by email." in text(response)
    applicant.refresh_from_db()
    assert applicant.network_status == User.NetworkStatus.DECLINED
    assert not applicant.is_network_member
    email = only_message_to(smtp_inbox, "alex.jordan@example.com")
    assert email["Subject"] == f"Your request to join the {settings.WAGTAIL_SITE_NAME}"
    assert "Their reason: The network is for NHS imaging staff." in smtp_inbox.text(email)
    assert "Alex Jordan" not in text(client.get(QUEUE))


@pytest.mark.parametrize("first, second", [("approve", "decline"), ("decline", "approve")])
def test_deciding_twice_says_so_and_changes_nothing(
    client, applicant, smtp_inbox, decide, first, second
):
    client.force_login(UserFactory(superuser=True))
    decide(applicant, first)
    applicant.refresh_from_db()
    decided = (applicant.network_status, applicant.network_status_changed_at)

    response = decide(applicant, second)

    assert response.status_code == 200
    assert "Alex Jordan is not waiting for approval." in text(response)
    applicant.refresh_from_db()
    assert (applicant.network_status, applicant.network_status_changed_at) == decided
    assert len(smtp_inbox.to("alex.jordan@example.com")) == 1


def test_a_member_is_refused_with_a_message_not_a_redirect_loop(client, applicant):
    client.force_login(UserFactory())

    response = client.get(QUEUE, follow=True)

    assert response.redirect_chain == [(f"/accounts/login/?next={QUEUE}", 302)]
    assert response.status_code == 200
    assert "You do not have permission to access the admin." in text(response)
    assert "Alex Jordan" not in text(response)


def test_an_editor_without_the_review_permission_is_refused(client, applicant):
    editor = UserFactory(office_team=User.OfficeTeam.COMMS)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)

    response = client.get(QUEUE, follow=True)

    assert response.redirect_chain == [("/admin/", 302)]
    assert "Sorry, you do not have permission to access this area." in text(response)
    assert "Alex Jordan" not in text(response)
    assert "Sign-ups to approve" not in response.content.decode()


@pytest.mark.parametrize("who", ["member", "editor", "anonymous"])
def test_only_reviewers_can_decide(
    client, applicant, smtp_inbox, django_capture_on_commit_callbacks, who
):
    if who != "anonymous":
        person = UserFactory()
        if who == "editor":
            person.groups.add(Group.objects.get(name="Editors"))
        client.force_login(person)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{QUEUE}{applicant.pk}/decide/", {"decision": "approve"})

    # Wagtail turns them away: to sign in (no admin access) or to the dashboard (no permission).
    assert response.status_code == 302
    assert (
        response["Location"]
        == {
            "member": f"/accounts/login/?next={QUEUE}{applicant.pk}/decide/",
            "editor": "/admin/",
            "anonymous": f"/accounts/login/?next={QUEUE}{applicant.pk}/decide/",
        }[who]
    )
    applicant.refresh_from_db()
    assert applicant.network_status == User.NetworkStatus.AWAITING_APPROVAL
    assert smtp_inbox.messages == []


def test_deciding_needs_a_post(client, applicant):
    client.force_login(UserFactory(superuser=True))
    assert client.get(f"{QUEUE}{applicant.pk}/decide/?decision=approve").status_code == 405
    applicant.refresh_from_db()
    assert applicant.network_status == User.NetworkStatus.AWAITING_APPROVAL


# Wagtail's own reads vary by version, so pin against two applicants: twenty more add none.
def test_queue_query_count_does_not_grow_with_applicants(client, django_assert_num_queries):
    client.force_login(UserFactory(superuser=True))
    UserFactory.create_batch(2, applicant=True, organisation=TrustFactory())
    client.get(QUEUE)  # warm per-process caches (content types, site) before counting

    with CaptureQueriesContext(connection) as two_waiting:
        client.get(QUEUE)
    UserFactory.create_batch(20, applicant=True, organisation=TrustFactory())

    with django_assert_num_queries(len(two_waiting)):
        response = client.get(QUEUE)
    assert len(soup(response).select("button[value=approve]")) == 22
