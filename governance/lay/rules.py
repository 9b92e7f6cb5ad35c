"""Who may do what with patient volunteers' things: review a paper, read or answer feedback,
see or decide expense claims, invite volunteers. Predicates and permissions only."""

import re

import rules

from governance.models import Membership
from governance.rules import can_view_paper
from governance.visibility import may_view
from portal.rules import is_network_office

ANSWERING_ROLES = (Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR)
HONORIFICS = re.compile(r"^(dr|mr|mrs|ms|miss|mx|prof|professor|sir|dame)\.?\s+", re.IGNORECASE)


def _is_admin(user):
    return user.is_authenticated and (user.is_superuser or is_network_office(user))


# Who is a volunteer, and where ---------------------------------------------------------------


def is_volunteer_in(user, group):
    membership = group.current_membership_of(user)
    return membership is not None and membership.is_lay


def is_volunteer(user):
    """Anyone who is a patient volunteer in at least one group, or flagged as one."""
    if not user.is_authenticated:
        return False
    return (
        user.is_lay_member
        or Membership.objects.current()
        .filter(person=user, role=Membership.Role.PATIENT_VOLUNTEER)
        .exists()
    )


def may_invite_volunteers(user):
    return user.is_authenticated and (user.is_superuser or is_network_office(user))


# Lay review ----------------------------------------------------------------------------------


def may_view_item(user, item):
    return may_view(user, item.meeting.group, item.visibility)


def may_review(user, paper):
    """A volunteer of the paper's group who may open the paper and its agenda item."""
    group = paper.agenda_item.meeting.group
    return (
        is_volunteer_in(user, group)
        and may_view_item(user, paper.agenda_item)
        and can_view_paper(user, paper)
    )


def _normalised_name(text):
    text = re.split(r"[,(]", text or "", maxsplit=1)[0]
    text = HONORIFICS.sub("", text.strip())
    return " ".join(text.split()).casefold()


def is_presenter(user, agenda_item):
    """Whether `user` presents the item. The presenter is free text on the agenda, so a person
    matches when it names them: their full name (titles such as "Dr" and anything after a
    comma or bracket ignored) or their email address."""
    if not user.is_authenticated or not agenda_item.presenter:
        return False
    presenter = agenda_item.presenter.strip()
    if presenter.casefold() == user.email.casefold():
        return True
    name = " ".join(user.get_full_name().split()).casefold()
    return bool(name) and _normalised_name(presenter) == name


def may_answer_feedback(user, feedback):
    """The chair (or deputy chair) of the group, the paper's presenter and the network office."""
    if _is_admin(user):
        return True
    item = feedback.paper.agenda_item
    membership = item.meeting.group.current_membership_of(user)
    if membership is not None and membership.role in ANSWERING_ROLES:
        return True
    return is_presenter(user, item)


def may_see_feedback(user, feedback):
    """The one rule for who reads a piece of feedback.

    Its author; the chair, deputy chair and secretary; the paper's presenter; the network
    office. Other volunteers of the group only if the author shared it, and group members who
    may see the item once it is raised at the meeting. Nobody who may not open the paper,
    except its author (who may have lost access since) and those who answer it.
    """
    if not user.is_authenticated:
        return False
    if user.pk == feedback.author_id or _is_admin(user):
        return True
    paper = feedback.paper
    group = paper.agenda_item.meeting.group
    membership = group.current_membership_of(user)
    if membership is not None and membership.is_leading:
        return True
    if is_presenter(user, paper.agenda_item):
        return True
    if membership is None or not (
        may_view_item(user, paper.agenda_item) and can_view_paper(user, paper)
    ):
        return False
    if feedback.raise_at_meeting:
        return True
    return feedback.shared_with_volunteers and membership.is_lay


# Expense claims ------------------------------------------------------------------------------


def may_manage_claims(user):
    """The network office approves, rejects and exports claims."""
    return user.is_authenticated and (user.is_superuser or is_network_office(user))


def may_see_claim(user, claim):
    """Only the claimant and the network office."""
    return user.is_authenticated and (user.pk == claim.claimant_id or may_manage_claims(user))


# Permissions, for views and templates ---------------------------------------------------------

rules.add_perm("governance.see_lay_feedback", rules.predicate(may_see_feedback))
rules.add_perm("governance.answer_lay_feedback", rules.predicate(may_answer_feedback))
rules.add_perm("governance.review_paper", rules.predicate(may_review))
rules.add_perm("governance.see_expense_claim", rules.predicate(may_see_claim))
rules.add_perm("governance.manage_expense_claims", rules.predicate(may_manage_claims))

# The network office keeps the glossary (a snippet, whose admin asks for the model's app label)
# without needing Django model permissions.
for _action in ("add", "change", "delete", "view"):
    rules.add_perm(f"lay.{_action}_glossaryterm", rules.is_superuser | is_network_office)
