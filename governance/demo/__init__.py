"""The demo network's governance: the boards and forums of the annual report, who sits on
them, and a year of their meetings (agendas, papers, attendance, minutes, decisions, actions).

`sigs.demo` uses the same machinery for the special interest groups under the Operational
Board. Everything is idempotent: pages are found by slug, memberships by (group, person) and
interests by (person, organisation); a group's meetings are made once, when it has none.
People are chosen deterministically from the ~200 demo members, and dates are placed
relative to today so that the year always looks current.
"""

from django.db import transaction

from ..models import Action, Decision, GroupPage, Membership, Paper
from .boards import DIGITAL_BOARD, EXECUTIVE_BOARD, OPERATIONAL_BOARD
from .builder import (
    emails_discarded,
    ensure_volunteers,
    governance_index,
    group_by_slug,
    load_groups,
)
from .forums import CLINICAL_DIRECTORS_FORUM, QUALITY_FORUM

BOARDS_AND_FORUMS = [
    EXECUTIVE_BOARD,
    OPERATIONAL_BOARD,
    DIGITAL_BOARD,
    CLINICAL_DIRECTORS_FORUM,
    QUALITY_FORUM,
]
# The Executive Board is at the top and the Operational Board under it. The report makes
# the SIGs accountable to the Operational Board and has it receive the digital programme's
# updates, and the forums are groups of its clinical and quality leads: so the Digital
# (Directors) Board and both forums sit under the Operational Board too.
PARENTS = {
    EXECUTIVE_BOARD.slug: None,
    OPERATIONAL_BOARD.slug: EXECUTIVE_BOARD.slug,
    DIGITAL_BOARD.slug: OPERATIONAL_BOARD.slug,
    CLINICAL_DIRECTORS_FORUM.slug: OPERATIONAL_BOARD.slug,
    QUALITY_FORUM.slug: OPERATIONAL_BOARD.slug,
}


def operational_board():
    return group_by_slug(OPERATIONAL_BOARD.slug)


def load(stdout):
    with emails_discarded():
        _load(stdout)


@transaction.atomic
def _load(stdout):
    index = governance_index()
    ensure_volunteers()

    def parent_for(spec):
        parent = PARENTS[spec.slug]
        return index if parent is None else group_by_slug(parent)

    made = load_groups(parent_for, BOARDS_AND_FORUMS, BOARDS_AND_FORUMS)
    stdout.write(
        f"Governance: {GroupPage.objects.count()} groups, "
        f"{Membership.objects.count()} memberships, {made} new meetings, "
        f"{Paper.objects.count()} papers, {Decision.objects.count()} decisions, "
        f"{Action.objects.count()} actions."
    )
