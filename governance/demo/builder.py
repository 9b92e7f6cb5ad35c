"""Building the demo's groups: their pages and terms of reference, who sits on them, and
their registers of interests. Meetings are left to `history`."""

import random
from contextlib import contextmanager
from datetime import timedelta
from html import escape

from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Page, Revision

from portal.models import HomePage, User

from ..models import GovernanceIndexPage, GroupPage, Interest, Membership
from ..services.interests import add_interest
from ..services.memberships import add_membership, end_membership
from .history import ensure_meetings
from .specs import VOLUNTEERS, Role, Seat, find_seat

# A member who joined after the year's first meeting, and one who left after it.
LATE_JOINER_DAYS_AGO = 200
FORMER_MEMBER_LEFT_DAYS_AGO = 190
FIRST_TOR_DAYS_AGO = 420


@contextmanager
def emails_discarded():
    """The services email members as a secretary works (minutes circulated, and so on);
    the demo's people are fictional, so while it loads those emails go nowhere. Wrap the
    transaction, not the inside of it: the emails are sent when it commits."""
    dummy = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
    with override_settings(MAILERS=dummy):
        yield


def governance_index():
    home = HomePage.objects.first()
    index = GovernanceIndexPage.objects.first()
    if index is None:
        index = GovernanceIndexPage(
            title="How we are governed",
            slug="how-we-are-governed",
            introduction=(
                "<p>The Executive Board sets the network's direction. The Operational Board "
                "runs its programme of work; the forums and special interest groups, chaired "
                "by our members, are accountable to it.</p>"
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def group_by_slug(slug):
    return GroupPage.objects.get(slug=slug)


def _powers_html(powers):
    return "<ul>" + "".join(f"<li>{escape(p)}</li>" for p in powers) + "</ul>"


def ensure_group(parent, spec, page_class=GroupPage):
    """The group's page under `parent`, created and published with its terms of reference."""
    existing = Page.objects.child_of(parent).filter(slug=spec.slug).first()
    if existing is not None:
        return existing.specific
    voting, chair, trusts = spec.quorum
    page = page_class(
        title=spec.title,
        slug=spec.slug,
        kind=spec.kind,
        short_name=spec.short_name,
        purpose=spec.purpose,
        meeting_frequency=spec.frequency,
        delegated_powers=_powers_html(spec.first_powers or spec.powers),
        tor_review_date=timezone.localdate() + timedelta(days=spec.tor_review_days),
        risk_escalation_threshold=15,
        lay_members_see_confidential=spec.lay_confidential,
        quorum_voting_members=voting,
        quorum_requires_chair=chair,
        quorum_trusts=trusts,
    )
    parent.add_child(instance=page)
    first = page.save_revision()
    first.publish()
    if spec.first_powers:
        # The terms of reference were revised since the first version, so the history has
        # something to show.
        Revision.objects.filter(pk=first.pk).update(
            created_at=timezone.now() - timedelta(days=FIRST_TOR_DAYS_AGO)
        )
        page.delegated_powers = _powers_html(spec.powers)
        page.save_revision().publish()
    return page


def ensure_volunteers():
    for email, first, last in VOLUNTEERS:
        person, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_lay_member": True,
                "network_status": User.NetworkStatus.MEMBER,
            },
        )
        if created:
            person.set_unusable_password()
            person.save(update_fields=["password"])


def _pool():
    return list(
        User.objects.filter(email__endswith="@members.demo.example")
        .select_related("organisation")
        .order_by("email")
    )


def plan_rosters(specs):
    """Who sits on each group, as a pure function of the demo members and the specs.

    Every caller plans all groups in the same order, so the boards come out the same whether
    planned alone or with the SIGs, and a second run plans exactly the first run's seats.
    """
    pool = _pool()
    named = {u.email: u for u in User.objects.filter(email__in=_fixed_emails(specs))}
    rng = random.Random(2026)
    groups_of = {}  # person pk -> number of groups
    leaders = set()
    plans = {}
    for spec in specs:
        plans[spec.slug] = _plan_group(spec, pool, named, rng, groups_of, leaders)
    return plans


def _fixed_emails(specs):
    return {email for spec in specs for email, _ in spec.fixed}


def _plan_group(spec, pool, named, rng, groups_of, leaders):
    seats = [Seat(named[email], role) for email, role in spec.fixed if email in named]
    taken = {seat.person.pk for seat in seats}
    trusts = [seat.person.organisation_id for seat in seats if seat.person.organisation_id]
    preferred = [p for p in pool if p.staff_group in spec.staff_groups]
    others = [p for p in pool if p.staff_group not in spec.staff_groups]
    rng.shuffle(preferred)
    rng.shuffle(others)
    candidates = preferred + others

    def pick(leading=False):
        limit = 1 if spec.one_per_trust else 2
        for strict in (True, False):
            for person in candidates:
                if person.pk in taken or groups_of.get(person.pk, 0) >= (2 if strict else 3):
                    continue
                if leading and person.pk in leaders:
                    continue
                if strict and trusts.count(person.organisation_id) >= limit:
                    continue
                taken.add(person.pk)
                trusts.append(person.organisation_id)
                groups_of[person.pk] = groups_of.get(person.pk, 0) + 1
                if leading:
                    leaders.add(person.pk)
                return person
        raise RuntimeError(f"Not enough demo members to fill {spec.title}.")

    present_roles = {seat.role for seat in seats}
    for role in (Role.CHAIR, Role.DEPUTY_CHAIR, Role.SECRETARY):
        if role not in present_roles:
            seats.append(
                Seat(
                    pick(leading=True),
                    role,
                    voting=spec.secretary_votes or role != Role.SECRETARY,
                )
            )
    while len([s for s in seats if s.role != Role.PATIENT_VOLUNTEER]) < spec.size:
        seats.append(Seat(pick(), Role.MEMBER))
    if spec.history:
        # Someone who joined after the first meeting of the year, and (if asked) people who
        # left: their rows stay as history and they appear only in the meetings they sat in.
        seats[-1].start_days_ago = LATE_JOINER_DAYS_AGO
        for _ in range(spec.former_members):
            seats.append(
                Seat(pick(), Role.MEMBER, left_days_ago=FORMER_MEMBER_LEFT_DAYS_AGO + spec.order)
            )
    for _ in range(spec.observers):
        seats.append(Seat(pick(), Role.OBSERVER, voting=False))
    return seats


def ensure_memberships(group, seats):
    today = timezone.localdate()
    have = set(Membership.objects.filter(group=group).values_list("person_id", flat=True))
    for seat in seats:
        if seat.person.pk in have:
            continue
        membership = add_membership(
            group,
            seat.person,
            role=seat.role,
            voting=seat.voting,
            start=today - timedelta(days=seat.start_days_ago),
        )
        if seat.left_days_ago is not None:
            end_membership(membership, on=today - timedelta(days=seat.left_days_ago))


def ensure_interests(spec, seats):
    for selector, kind, description, organisation in spec.interests:
        role, number = selector.split(":")
        person = find_seat(seats, role, int(number)).person
        if not Interest.objects.filter(person=person, organisation=organisation).exists():
            add_interest(
                person,
                kind=kind,
                description=description,
                organisation=organisation,
                start=timezone.localdate() - timedelta(days=400),
            )


def load_groups(parent_for, specs, all_specs, page_class=GroupPage):
    """Create each group in `specs` under `parent_for(spec)` and fill it in; return how many
    meetings were made. Seats are planned across `all_specs` so every caller agrees."""
    plans = plan_rosters(all_specs)
    made = 0
    for spec in specs:
        group = ensure_group(parent_for(spec), spec, page_class)
        ensure_memberships(group, plans[spec.slug])
        ensure_interests(spec, plans[spec.slug])
        made += ensure_meetings(group, spec, plans[spec.slug])
    return made
