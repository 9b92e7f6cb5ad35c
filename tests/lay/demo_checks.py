"""Checks of the demo's lay review on the Operational Board.
Run by tests/test_demo_network.py against the one whole-demo load."""

from wagtail.models import Site

from governance.lay import queries as lay_queries
from governance.lay import rules as lay_rules
from governance.lay.models import (
    ExpenseClaim,
    GlossaryTerm,
    LayFeedback,
    PapersIssue,
    PolicyAcceptance,
    VolunteerPolicySettings,
    YouSaidWeDid,
)
from governance.lay.services import summaries as lay_summaries
from governance.models import GroupPage, MeetingPage
from portal.models import User

COUNTED = [GlossaryTerm, LayFeedback, YouSaidWeDid, ExpenseClaim, PapersIssue, PolicyAcceptance]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def check(client):
    volunteer = User.objects.get(email="volunteer@demo.example")
    board = GroupPage.objects.get(slug="operational-board")
    assert lay_rules.is_volunteer_in(volunteer, board)
    assert {"PACS", "RIS", "QSI", "CDC", "ICB", "ICS", "OBC", "SIG", "WTE", "DID"} <= set(
        GlossaryTerm.objects.values_list("term", flat=True)
    )

    policy = VolunteerPolicySettings.for_site(Site.objects.get(is_default_site=True))
    assert policy.is_set and policy.policy_page.slug == "patient-volunteer-policy"
    assert not PolicyAcceptance.objects.filter(person=volunteer).exists()  # asked at sign-in

    [upcoming, *_] = lay_queries.papers_to_review(volunteer)
    assert upcoming.group == board and upcoming.issued
    summaries = [entry.paper.lay_summary for entry in upcoming.papers]
    assert summaries.count("") == 1 and len(summaries) > 2
    assert len(lay_summaries.papers_missing_lay_summary(upcoming.meeting)) == 1

    assert LayFeedback.objects.filter(answered_at__isnull=False).count() >= 3
    assert YouSaidWeDid.objects.filter(group=board, is_public=True).count() >= 3
    claim = ExpenseClaim.objects.get(claimant=volunteer)
    assert claim.status == ExpenseClaim.Status.SUBMITTED and claim.receipt is not None
    assert MeetingPage.objects.get(pk=claim.meeting_id).start < upcoming.meeting.start

    client.force_login(volunteer)
    assert client.get("/governance/volunteers/papers/")["Location"].startswith(
        "/accounts/volunteers/policy/"
    )
