"""Who may do what with patient volunteers' things: review a paper, read or answer feedback,
see or decide expense claims, invite volunteers. Predicates and permissions only."""

import rules

from governance.models import Membership
from governance.rules import can_view_paper, may_view
from portal.rules import is_network_admin, is_volunteer  # noqa: F401 (lay callers ask it here too)

from .models import PublicNameConsent

ANSWERING_ROLES = (Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR)


# Who is a volunteer, and where ---------------------------------------------------------------


def is_volunteer_in(user, group):
    membership = group.current_membership_of(user)
    return membership is not None and membership.is_lay


def may_invite_volunteers(user):
    return is_network_admin(user)


# Lay review ----------------------------------------------------------------------------------


def may_view_item(user, item):
    return may_view(user, item.meeting.group, item.visibility)


def may_review(user, paper):
    """A volunteer of the paper's group who may open the paper and its agenda item."""
    group = paper.agenda_item.meeting.group
    return is_volunteer_in(user, group) and can_view_paper(user, paper)


def is_presenter(user, agenda_item):
    """Whether `user` is the person chosen as the item's presenter. The free-text presenter on
    the agenda is for display only and grants nothing: anyone can call themselves anything."""
    return (
        user.is_authenticated
        and agenda_item.presenter_person_id is not None
        and agenda_item.presenter_person_id == user.pk
    )


def may_open_paper_of(user, paper):
    """May open the paper and its agenda item (the one paper rule, as governance defines it)."""
    return can_view_paper(user, paper)


def may_answer_feedback(user, feedback):
    """The network office; the chair (or deputy chair) of the group and the paper's presenter,
    if they may open the paper."""
    if is_network_admin(user):
        return True
    if not user.is_authenticated:
        return False
    paper = feedback.paper
    item = paper.agenda_item
    membership = item.meeting.group.current_membership_of(user)
    answers = (membership is not None and membership.role in ANSWERING_ROLES) or is_presenter(
        user, item
    )
    return answers and may_open_paper_of(user, paper)


def may_see_feedback(user, feedback):
    """The one rule for who reads a piece of feedback.

    Its author (who may have lost access to the paper since) and the network office; anyone
    else only if they may open the paper: then the chair, deputy chair and secretary, the
    paper's presenter, other volunteers of the group if the author shared it, and group
    members once it is raised at the meeting.
    """
    if not user.is_authenticated:
        return False
    if user.pk == feedback.author_id or is_network_admin(user):
        return True
    paper = feedback.paper
    if not may_open_paper_of(user, paper):
        return False
    group = paper.agenda_item.meeting.group
    membership = group.current_membership_of(user)
    if membership is not None and membership.is_leading:
        return True
    if is_presenter(user, paper.agenda_item):
        return True
    if membership is None:
        return False
    if feedback.raise_at_meeting:
        return True
    return feedback.shared_with_volunteers and membership.is_lay


# Volunteers' names ---------------------------------------------------------------------------


def may_see_name_of(user, person, group, *, is_lay, consents):
    """Whether `user` sees `person`'s name on `group`'s pages (members list, attendance).

    Staff are named as before. A patient volunteer (`is_lay`) is named only to themselves, the
    network office and the group's current members, or to anyone if they agreed to be named
    on public pages (`consents`: whether they did); others see "Patient volunteer"."""
    if not is_lay or consents:
        return True
    if not user.is_authenticated:
        return False
    if user.pk == person.pk or is_network_admin(user):
        return True
    return group.current_membership_of(user) is not None


def may_see_name(user, person, group, facts):
    """`may_see_name_of`, with whether `person` is a volunteer and consented taken from the
    group's `queries.naming_facts` (asked once per page), or from their own consent for a
    volunteer from outside the group."""
    is_lay = person.is_lay_member or person.pk in facts.lay
    if is_lay and person.pk not in facts.lay:  # a volunteer from outside the group (invited)
        consents = PublicNameConsent.objects.filter(person=person).exists()
    else:
        consents = person.pk in facts.consenting
    return may_see_name_of(user, person, group, is_lay=is_lay, consents=consents)


# Expense claims ------------------------------------------------------------------------------


def may_manage_claims(user):
    """The network office approves, rejects and exports claims."""
    return is_network_admin(user)


def may_see_claim(user, claim):
    """Only the claimant and the network office."""
    return user.is_authenticated and (user.pk == claim.claimant_id or may_manage_claims(user))


def may_replace_receipt(user, claim):
    """Only the claimant, and only while the claim waits for a decision."""
    return (
        user.is_authenticated
        and user.pk == claim.claimant_id
        and claim.status == claim.Status.SUBMITTED
    )


# Permissions, for views and templates ---------------------------------------------------------

rules.add_perm("governance.see_lay_feedback", rules.predicate(may_see_feedback))
rules.add_perm("governance.answer_lay_feedback", rules.predicate(may_answer_feedback))
rules.add_perm("governance.review_paper", rules.predicate(may_review))
rules.add_perm("governance.see_expense_claim", rules.predicate(may_see_claim))
rules.add_perm("governance.manage_expense_claims", rules.predicate(may_manage_claims))
rules.add_perm("governance.replace_expense_receipt", rules.predicate(may_replace_receipt))

# The network office keeps the glossary (a snippet, whose admin asks for the model's app label)
# without needing Django model permissions.
for _action in ("add", "change", "delete", "view"):
    rules.add_perm(f"lay.{_action}_glossaryterm", is_network_admin)
