"""Declarations of interest: each person's register, what is declared at meetings, and the
check that flags an agenda item naming an organisation in a member's register."""

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ..errors import InterestError, MinutesLocked, NotAllowed
from ..models import Interest, InterestDeclaration, Minutes
from ..rules import can_manage_group


def meeting_day(meeting):
    return timezone.localtime(meeting.start).date()


def members_at(meeting):
    """The group's memberships current on the day of the meeting, with the people."""
    return (
        meeting.group.memberships.current(meeting_day(meeting))
        .select_related("person")
        .order_by("person__last_name", "person__first_name")
    )


def add_interest(person, *, kind, description, organisation, start, end=None):
    """A new entry in `person`'s own register."""
    if end is not None and end < start:
        raise InterestError("The end date must be on or after the start date.")
    return Interest.objects.create(
        person=person,
        kind=kind,
        description=description,
        organisation=organisation.strip(),
        start=start,
        end=end,
    )


@transaction.atomic
def end_interest(interest, *, by, on=None):
    """Close an interest in one's own register; it stays as history."""
    if by.pk != interest.person_id:
        raise NotAllowed("Only the person who holds an interest can end it.")
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    on = on or timezone.localdate()
    if interest.end is not None and interest.end <= on:
        raise InterestError("This interest has already ended.")
    if on < interest.start:
        raise InterestError("An interest cannot end before it started.")
    interest.end = on
    interest.save(update_fields=["end"])
    return interest


def group_register(group):
    """The current interests of the group's current members: (membership, [interests]) pairs."""
    members = list(group.current_memberships().order_by("person__last_name", "person__first_name"))
    interests = {}
    for interest in Interest.objects.current().filter(
        person__in=[membership.person_id for membership in members]
    ):
        interests.setdefault(interest.person_id, []).append(interest)
    return [(membership, interests.get(membership.person_id, [])) for membership in members]


def declarations_locked(meeting):
    """Declarations are part of the minutes, so they are fixed once the minutes are approved."""
    return Minutes.objects.filter(meeting=meeting, status=Minutes.Status.APPROVED).exists()


def _require_open_minutes(meeting):
    if declarations_locked(meeting):
        raise MinutesLocked(
            "The minutes of this meeting are approved, so its declarations can no longer change."
        )


@transaction.atomic
def record_declaration(agenda_item, person, *, by, interest=None, note=""):
    """Record that `person` declared an interest in `agenda_item`; it appears in the minutes."""
    meeting = agenda_item.meeting
    if not can_manage_group(by, meeting.group):
        raise NotAllowed("Only the chair, deputy or secretary can record declarations.")
    _require_open_minutes(meeting)
    if not members_at(meeting).filter(person=person).exists():
        raise InterestError(f"{person} was not a member of the group at this meeting.")
    if interest is not None and interest.person_id != person.pk:
        raise InterestError(f"That interest is not in {person}’s register.")
    if InterestDeclaration.objects.filter(
        agenda_item=agenda_item, person=person, interest=interest
    ).exists():
        raise InterestError(f"{person}’s declaration on this item is already recorded.")
    declaration = InterestDeclaration.objects.create(
        agenda_item=agenda_item, person=person, interest=interest, note=note
    )
    log(
        instance=meeting,
        action="governance.declaration.record",
        user=by,
        data={"declaration": declaration.pk, "item": agenda_item.pk, "person": person.pk},
    )
    return declaration


@transaction.atomic
def remove_declaration(declaration, *, by):
    """Take out a declaration recorded by mistake, while the minutes are still open."""
    meeting = declaration.agenda_item.meeting
    if not can_manage_group(by, meeting.group):
        raise NotAllowed("Only the chair, deputy or secretary can remove declarations.")
    _require_open_minutes(meeting)
    log(
        instance=meeting,
        action="governance.declaration.remove",
        user=by,
        data={"item": declaration.agenda_item_id, "person": declaration.person_id},
    )
    declaration.delete()


def organisation_key(name):
    return " ".join(name.split()).casefold()


def named_organisations(item):
    """The organisations an item names, as matching keys (comma-separated, any case)."""
    return {organisation_key(name) for name in item.organisations_named.split(",")} - {""}


def possible_conflicts(meeting, items=None):
    """(item, person, interest) for each item naming an organisation in the register of
    someone who is a member of the group on the day of the meeting.

    An interest counts if it is current on that day. Names match whole, ignoring case and
    spacing: "Acme PACS Ltd" matches " acme pacs ltd", not "Acme". `items`: the meeting's
    agenda items, when the caller has them already.
    """
    if items is None:
        items = meeting.agenda_items.all()
    items = [item for item in items if item.organisations_named.strip()]
    if not items:
        return []
    day = meeting_day(meeting)
    people = {membership.person_id: membership.person for membership in members_at(meeting)}
    interests = (
        Interest.objects.current(day).filter(person__in=list(people)).order_by("organisation", "pk")
    )
    by_organisation = {}
    for interest in interests:
        by_organisation.setdefault(organisation_key(interest.organisation), []).append(interest)
    conflicts = []
    for item in sorted(items, key=lambda item: item.sort_order or 0):
        found = [
            interest
            for name in sorted(named_organisations(item))
            for interest in by_organisation.get(name, [])
        ]
        found.sort(key=lambda interest: (people[interest.person_id].last_name, interest.pk))
        conflicts.extend((item, people[interest.person_id], interest) for interest in found)
    return conflicts
