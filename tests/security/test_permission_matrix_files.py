"""The permission matrix beyond meeting papers: for every download and detail view that serves
something confidential, and each kind of person, what they can open over HTTP (a 200, or the
thing shown on its page) is exactly what the one rule owning it grants, asked of that rule.

Each kind of thing below names how to build a few of them in the small world (two groups,
public and confidential things), how a person opens them, and the rule. Refusals may be a 404,
a 403 or a sign-in redirect: anything but opening. The papers' own matrix is in
test_permission_matrix.py.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events.cpd.models import EventRecording
from events.cpd.rules import can_watch_recording
from events.models import EventPage
from events.rules import can_organise
from governance.lay import rules as lay_rules
from governance.lay.services import expenses
from governance.lay.services import feedback as lay_feedback
from governance.models import Attendance, MinuteEntry, Minutes
from governance.risks.models import Risk
from governance.risks.rules import can_view_risk, can_view_risk_register
from governance.rules import can_browse_library, can_read_minutes, can_view_item
from governance.services import library
from governance.services.meetings import record_attendance
from governance.visibility import Visibility
from sigs.services.workspace import add_attachment
from tests.events.cpd_fixtures import private_file
from tests.events.factories import EventPageFactory
from tests.governance.factories import AgendaItemFactory, MeetingPageFactory, pdf_upload
from tests.governance.fixtures_meetings import upload
from tests.governance.fixtures_risks import RiskFactory
from tests.security.roles import as_user, client_for, papers_of_every_kind, people_by_role

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Kind:
    """One kind of confidential thing: `build(fixture)` makes a few, by name (`fixture` is
    pytest's getfixturevalue); `opens(client, things)` is the names a client can open; `rule`
    is the one rule, asked as `rule(user, thing)`; `hidden(user, thing)`, where set, marks
    things under an agenda item the person may not see (never to be opened)."""

    build: Callable
    opens: Callable
    rule: Callable
    hidden: Callable | None = None


# How a person opens things -------------------------------------------------------------------


def each_url(url, *, redirects_to=None):
    """Open each thing at its own address: a 200, or (for a page that hands over to the
    download) a redirect to `redirects_to(thing)`."""

    def opens(client, things):
        opened = set()
        for name, thing in things.items():
            response = client.get(url(thing))
            if redirects_to is None:
                ok = response.status_code == 200
            else:
                ok = response.status_code == 302 and response["Location"] == redirects_to(thing)
            if ok:
                opened.add(name)
        return opened

    return opens


def shown_on_page(page_url, marker):
    """Things shown within a page (agenda items, minutes): the page opens and shows the
    thing's `marker` text. Each page is asked for once."""

    def opens(client, things):
        pages = {}
        opened = set()
        for name, thing in things.items():
            address = page_url(thing)
            if address not in pages:
                response = client.get(address)
                pages[address] = response.content.decode() if response.status_code == 200 else ""
            if marker(thing) in pages[address]:
                opened.add(name)
        return opened

    return opens


def export_rows(response):
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
    return [[str(cell) if cell is not None else "" for cell in row] for row in sheet.values]


def listed_in_export(url):
    """Risks listed (by reference, the first column) in one export the client downloads."""

    def opens(client, things):
        response = client.get(url)
        if response.status_code != 200:
            return set()
        references = {row[0] for row in export_rows(response)[1:] if row}
        return {name for name, risk in things.items() if risk.reference in references}

    return opens


# Agenda items and minutes, on the meeting page -----------------------------------------------


@dataclass
class Shown:
    """Something shown inside a meeting page, with the text that gives it away."""

    meeting: object
    marker: str
    item: object
    minutes: object = None


def _item(meeting, visibility, marker):
    return AgendaItemFactory(meeting=meeting, visibility=visibility, title=marker)


def agenda_items(fixture):
    world = fixture("world")
    other = MeetingPageFactory(parent=world.other_group, title="Digital Board, June")
    things = {}
    for group, meeting in (("board", world.meeting), ("other group", other)):
        for visibility in (Visibility.PUBLIC, Visibility.NETWORK, Visibility.GROUP):
            marker = f"Agenda item mx-{group[:3]}-{visibility}"
            item = _item(meeting, visibility, marker)
            things[f"{group}: {visibility} item"] = Shown(meeting, marker, item)
        marker = f"Agenda item mx-{group[:3]}-confidential"
        item = _item(meeting, Visibility.CONFIDENTIAL, marker)
        things[f"{group}: confidential item"] = Shown(meeting, marker, item)
    return things


def minute_entries(fixture):
    """A minute under a public, a group and a confidential item, for minutes at each status;
    and the other group's approved minute of a group item."""
    world = fixture("world")
    things = {}
    worlds = [(world.board, status) for status in Minutes.Status] + [
        (world.other_group, Minutes.Status.APPROVED)
    ]
    for group, status in worlds:
        prefix = "board" if group == world.board else "other group"
        meeting = MeetingPageFactory(parent=group, title=f"{prefix} meeting, {status} minutes")
        minutes = Minutes.objects.create(meeting=meeting, status=status)
        for visibility in (Visibility.PUBLIC, Visibility.GROUP, Visibility.CONFIDENTIAL):
            item = _item(meeting, visibility, f"Item {visibility}")
            marker = f"Minute text mn-{prefix[:3]}-{status}-{visibility}"
            MinuteEntry.objects.create(minutes=minutes, agenda_item=item, text=marker)
            things[f"{prefix}: {status} minute of a {visibility} item"] = Shown(
                meeting, marker, item, minutes
            )
    return things


def may_read_minute(user, shown):
    """Minutes are read item by item: the minutes rule, then the item's own visibility (as
    `can_read_minutes` says)."""
    return can_read_minutes(user, shown.minutes) and can_view_item(user, shown.item)


# Lay review and feedback ---------------------------------------------------------------------


def lay_review_papers(fixture):
    return papers_of_every_kind(fixture("world"), fixture("agenda"))


def paper_under_hidden_item(user, paper):
    return not can_view_item(user, paper.agenda_item)


def feedback_on_papers(fixture):
    """The volunteer's feedback on the board's group paper: kept between them and those who
    answer it, shared with other volunteers, raised at the meeting; and another volunteer's."""
    world, agenda = fixture("world"), fixture("agenda")
    other_volunteer = fixture("second_volunteer")
    paper = agenda.papers[Visibility.GROUP]
    public_paper = agenda.papers[Visibility.PUBLIC]

    def feedback(author, on=paper, **flags):
        return lay_feedback.give_feedback(
            on, by=author, kind="question", text="What does this mean?", ease=2, **flags
        )

    return {
        "own, not shared": feedback(world.lay_member),
        "own, shared with volunteers": feedback(world.lay_member, shared_with_volunteers=True),
        "own, raised at the meeting": feedback(
            world.lay_member, on=public_paper, raise_at_meeting=True
        ),
        "another volunteer's, not shared": feedback(other_volunteer),
        "another volunteer's, shared": feedback(other_volunteer, shared_with_volunteers=True),
    }


# Expense claims ------------------------------------------------------------------------------

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def expense_claims(fixture):
    """A claim by the volunteer, and one by another volunteer of the board."""
    world = fixture("world")
    other_volunteer = fixture("second_volunteer")
    meeting = world.meeting
    meeting.start = timezone.now() - dt.timedelta(days=1)
    meeting.end = meeting.start + dt.timedelta(hours=2)
    meeting.save()
    claims = {}
    for name, claimant in (("the volunteer's", world.lay_member), ("another's", other_volunteer)):
        record_attendance(meeting, claimant, Attendance.Status.PRESENT, recorded_by=world.chair)
        claims[f"{name} claim"] = expenses.submit_claim(
            meeting,
            by=claimant,
            travel_mode="car",
            miles=Decimal("10"),
            parking=Decimal("3"),
            receipt=SimpleUploadedFile("parking.png", PNG),
        )
    return claims


def approved_claims_export(fixture):
    return {"approved claims CSV": None}


def may_export_claims(user, _export):
    return lay_rules.may_manage_claims(user)


# Group libraries ----------------------------------------------------------------------------


@dataclass
class LibraryFile:
    group: object
    file: object
    version: object


def library_files(fixture):
    """One file, replaced once (so it has an earlier version), in each group's library."""
    world = fixture("world")
    files = {}
    for name, group in (
        ("board", world.board),
        ("sub-group", world.subgroup),
        ("other group", world.other_group),
    ):
        (stored,) = library.upload_files(
            group, None, [upload(f"{name}.pdf", f"{name} terms")], uploaded_by=world.admin
        )
        library.replace_file(
            group, stored.pk, upload(f"{name}.pdf", f"{name} terms v2"), replaced_by=world.admin
        )
        version = library.versions_of(stored).get()
        files[f"{name}'s library file"] = LibraryFile(group, stored, version)
    return files


def may_browse_library_of(user, found):
    return can_browse_library(user, found.group)


# Recordings ---------------------------------------------------------------------------------


def recordings(fixture):
    """Recordings of finished events of both groups and the network office; of an event still
    to come; of a cancelled one; and of one that is not published."""
    world, index = fixture("world"), fixture("events_index")
    past = timezone.now() - dt.timedelta(days=2)

    def recording_of(title, **event):
        event = EventPageFactory(parent=index, title=title, webinar=True, **event)
        return EventRecording.objects.create(
            event=event,
            title=f"Recording of {title}",
            recording_file=private_file(f"{event.slug}.mp4", b"\x00\x00\x00\x18ftypmp42"),
            slides=private_file(f"{event.slug}.pdf", b"%PDF-1.4 slides"),
            visibility=Visibility.NETWORK,
        )

    finished = {"start": past, "end": past + dt.timedelta(hours=2)}
    return {
        "board's finished webinar": recording_of("Board", organising_group=world.board, **finished),
        "other group's finished webinar": recording_of(
            "Other", organising_group=world.other_group, **finished
        ),
        "network office's finished webinar": recording_of("Office", **finished),
        "webinar still to come": recording_of("Upcoming", organising_group=world.board),
        "cancelled webinar": recording_of(
            "Cancelled", organising_group=world.board, status=EventPage.Status.CANCELLED, **finished
        ),
        "unpublished webinar": recording_of(
            "Unpublished", organising_group=world.board, live=False, **finished
        ),
    }


# Risks ---------------------------------------------------------------------------------------


def risks(fixture):
    """Risks up and down the tree (Executive Board → Operational Board → MRI SIG) and in the
    other group; one escalated from the SIG, a closed one that would have been, and one of the
    other group owned by a board member."""
    people = fixture("risk_world")
    world = people.world
    return {
        "executive's risk": RiskFactory(group=people.executive),
        "board's risk": RiskFactory(group=world.board),
        "SIG's risk": RiskFactory(group=world.subgroup),
        "SIG's risk escalated to the board": RiskFactory(
            group=world.subgroup, current_consequence=5, current_likelihood=4
        ),
        "SIG's closed risk that scored high": RiskFactory(
            group=world.subgroup,
            current_consequence=5,
            current_likelihood=4,
            status=Risk.Status.CLOSED,
            closure_reason="Mitigated: agency staff in post.",
        ),
        "other group's risk": RiskFactory(group=world.other_group),
        "other group's risk owned by the member": RiskFactory(
            group=world.other_group, owner=world.member
        ),
    }


@dataclass
class RegisterExport:
    group: object
    export: str


def register_exports(fixture):
    people = fixture("risk_world")
    world = people.world
    groups = {
        "executive": people.executive,
        "board": world.board,
        "SIG": world.subgroup,
        "other group": world.other_group,
    }
    return {
        f"{name}'s register as {export}": RegisterExport(group, export)
        for name, group in groups.items()
        for export in ("csv", "xlsx")
    }


def may_export_register(user, register):
    return can_view_risk_register(user, register.group)


def network_export(export):
    return f"{reverse('governance:risk_network')}?status=all&export={export}"


# Events' attendee lists ----------------------------------------------------------------------


def organised_events(fixture):
    world, index = fixture("world"), fixture("events_index")
    return {
        "board's event": EventPageFactory(parent=index, organising_group=world.board),
        "sub-group's event": EventPageFactory(parent=index, organising_group=world.subgroup),
        "other group's event": EventPageFactory(parent=index, organising_group=world.other_group),
        "network office's event": EventPageFactory(parent=index),
    }


def url(name, *attributes):
    """The address of `name` for a thing, its arguments read from the thing's attributes."""

    def address(thing):
        args = []
        for attribute in attributes:
            value = thing
            for part in attribute.split("."):
                value = getattr(value, part)
            args.append(value)
        return reverse(name, args=args)

    return address


KINDS = {
    "agenda item on the meeting page": Kind(
        build=agenda_items,
        opens=shown_on_page(lambda shown: shown.meeting.url, lambda shown: shown.marker),
        rule=lambda user, shown: can_view_item(user, shown.item),
    ),
    "minute on the meeting page": Kind(
        build=minute_entries,
        opens=shown_on_page(lambda shown: shown.meeting.url, lambda shown: shown.marker),
        rule=may_read_minute,
    ),
    "lay review page of a paper": Kind(
        build=lay_review_papers,
        opens=each_url(url("governance:lay_review_paper", "pk")),
        rule=lay_rules.may_review,
        hidden=paper_under_hidden_item,
    ),
    "paper opened from lay review": Kind(
        build=lay_review_papers,
        opens=each_url(
            url("governance:lay_open_paper", "pk"),
            redirects_to=url("governance:paper_download", "pk"),
        ),
        rule=lay_rules.may_review,
        hidden=paper_under_hidden_item,
    ),
    "paper feedback": Kind(
        build=feedback_on_papers,
        opens=each_url(url("governance:lay_feedback", "pk")),
        rule=lay_rules.may_see_feedback,
    ),
    "expense claim": Kind(
        build=expense_claims,
        opens=each_url(url("governance:expense_detail", "pk")),
        rule=lay_rules.may_see_claim,
    ),
    "expense claim receipt": Kind(
        build=expense_claims,
        opens=each_url(url("governance:expense_receipt", "pk")),
        rule=lay_rules.may_see_claim,
    ),
    "approved expenses CSV": Kind(
        build=approved_claims_export,
        opens=each_url(lambda _export: reverse("governance:expense_export")),
        rule=may_export_claims,
    ),
    "library file page": Kind(
        build=library_files,
        opens=each_url(url("governance:library_file", "group.pk", "file.pk")),
        rule=may_browse_library_of,
    ),
    "library file download": Kind(
        build=library_files,
        opens=each_url(url("governance:library_download", "group.pk", "file.pk")),
        rule=may_browse_library_of,
    ),
    "library earlier version download": Kind(
        build=library_files,
        opens=each_url(
            url("governance:library_version_download", "group.pk", "file.pk", "version.pk")
        ),
        rule=may_browse_library_of,
    ),
    "recording page": Kind(
        build=recordings,
        opens=each_url(url("cpd:recording", "pk")),
        rule=can_watch_recording,
    ),
    "recording video": Kind(
        build=recordings,
        opens=each_url(url("cpd:recording_file", "pk")),
        rule=can_watch_recording,
    ),
    "recording slides": Kind(
        build=recordings,
        opens=each_url(url("cpd:recording_slides", "pk")),
        rule=can_watch_recording,
    ),
    "risk detail": Kind(
        build=risks,
        opens=each_url(url("governance:risk_detail", "reference")),
        rule=can_view_risk,
    ),
    "risk in the network register CSV": Kind(
        build=risks, opens=listed_in_export(network_export("csv")), rule=can_view_risk
    ),
    "risk in the network register XLSX": Kind(
        build=risks, opens=listed_in_export(network_export("xlsx")), rule=can_view_risk
    ),
    "group risk register export": Kind(
        build=register_exports,
        opens=each_url(
            lambda register: (
                reverse("governance:risk_register", args=[register.group.pk])
                + f"?export={register.export}"
            )
        ),
        rule=may_export_register,
    ),
    "attendee list": Kind(
        build=organised_events,
        opens=each_url(url("events:attendees", "pk")),
        rule=can_organise,
    ),
    "attendee CSV": Kind(
        build=organised_events,
        opens=each_url(url("events:attendees_csv", "pk")),
        rule=can_organise,
    ),
}


@pytest.fixture
def roles(world):
    return people_by_role(world)


@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS.keys())
def test_what_each_role_opens_is_exactly_what_the_one_rule_grants(kind, request, roles):
    things = kind.build(request.getfixturevalue)
    wrong, granted_sets = {}, set()
    for role, person in roles.items():
        user = as_user(person)
        opened = kind.opens(client_for(person), things)
        granted = {name for name, thing in things.items() if kind.rule(user, thing)}
        granted_sets.add(frozenset(granted))
        if opened != granted:
            wrong[role] = {
                "opens though the rule refuses": sorted(opened - granted),
                "refused though the rule grants": sorted(granted - opened),
            }
        if kind.hidden is not None:
            under_hidden = {name for name in opened if kind.hidden(user, things[name])}
            if under_hidden:
                wrong.setdefault(role, {})["opens under an item they cannot see"] = sorted(
                    under_hidden
                )
    assert wrong == {}
    # The roles are told apart: someone is refused something another may open.
    assert len(granted_sets) >= 2, "every role may open the same things: the world is too small"


@pytest.mark.parametrize(
    "outside",
    [
        "board's confidential paper",
        "an expense receipt",
        "other group's library file",
        "SIG protocol's attachment",
    ],
)
def test_nothing_outside_a_library_opens_through_it(outside, request, roles):
    """A library's address opens only that library's own files: never a paper, an expense
    receipt, a protocol's attachment or another group's file, though they sit in filer too
    (papers and attachments even in the group's own folder), whoever asks."""
    fixture = request.getfixturevalue
    world, sig_world = fixture("world"), fixture("sig_world")
    if outside == "board's confidential paper":
        group, stored = world.board, fixture("agenda").papers[Visibility.CONFIDENTIAL].file
    elif outside == "an expense receipt":
        group, stored = world.board, next(iter(expense_claims(fixture).values())).receipt
    elif outside == "other group's library file":
        group, stored = world.board, library_files(fixture)["other group's library file"].file
    else:
        attachment = add_attachment(
            fixture("approved_protocol"),
            pdf_upload("form.pdf"),
            title="MR safety form",
            uploaded_by=sig_world.chair,
        )
        group, stored = sig_world.sig, attachment.file
    opened = []
    for role, person in {**roles, "SIG chair": sig_world.chair}.items():
        client = client_for(person)
        for view in ("governance:library_file", "governance:library_download"):
            if client.get(reverse(view, args=[group.pk, stored.pk])).status_code == 200:
                opened.append(f"{role} ({view})")
    assert opened == []
