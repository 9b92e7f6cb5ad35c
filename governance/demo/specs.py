"""How a demo group is described: its terms of reference, who sits on it, and its topics."""

from dataclasses import dataclass

from portal.models import User

from ..models import AgendaItem, GroupPage, Membership
from ..visibility import Visibility

Role = Membership.Role
Purpose = AgendaItem.Purpose
StaffGroup = User.StaffGroup
Kind = GroupPage.Kind
Frequency = GroupPage.Frequency
PUBLIC = Visibility.PUBLIC
NETWORK = Visibility.NETWORK
GROUP = Visibility.GROUP
CONFIDENTIAL = Visibility.CONFIDENTIAL

MEMBERS_FROM_DAYS_AGO = 540

# Fictional patient volunteers who sit beside volunteer@ on the Operational Board.
VOLUNTEERS = [
    ("jean.whitfield@volunteers.demo.example", "Jean", "Whitfield"),
    ("derek.amoah@volunteers.demo.example", "Derek", "Amoah"),
]
VOLUNTEER_EMAILS = ["volunteer@demo.example"] + [email for email, _, _ in VOLUNTEERS]


@dataclass(frozen=True)
class Topic:
    """An agenda item a group returns to: its paper, what was said, decided and done."""

    title: str
    purpose: str
    visibility: str
    presenter: str
    minute: str = ""
    paper: str = ""
    lay_summary: str = ""
    organisations: str = ""
    decision: str = ""
    vote: bool = False
    action: str = ""
    reissue: str = ""  # why version 2 of the paper was issued, if one was


@dataclass(frozen=True)
class GroupSpec:
    slug: str
    title: str
    short_name: str
    kind: str
    purpose: str
    frequency: str
    powers: tuple
    topics: tuple
    tor_review_days: int  # from today; negative means the review is overdue
    quorum: tuple  # (voting members, chair or deputy required, different trusts)
    size: int  # seats besides patient volunteers and observers
    staff_groups: tuple = ()  # whom to seat first
    order: int = 0  # staggers meeting dates between groups
    one_per_trust: bool = False
    fixed: tuple = ()  # (email, role) seats that must be there
    lay_confidential: bool = False
    secretary_votes: bool = True
    observers: int = 0
    former_members: int = 0
    history: bool = True  # a year of meetings; otherwise only the next one
    hour: int = 14
    minutes_long: int = 90
    location: str = ""
    first_powers: tuple = ()  # an earlier published version of the delegated powers
    interests: tuple = ()  # (seat, kind, description, organisation); seat like "member:0"
    last_minutes_draft: bool = False

    @property
    def noun(self):
        return {Kind.BOARD: "Board", Kind.FORUM: "Forum"}.get(self.kind, "Group")


@dataclass
class Seat:
    person: User
    role: str
    voting: bool = True
    start_days_ago: int = MEMBERS_FROM_DAYS_AGO
    left_days_ago: int | None = None


def find_seat(seats, role, number=0):
    """The `number`th current seat with `role` (for example the chair, or the first member)."""
    return [s for s in seats if s.role == role and s.left_days_ago is None][number]
