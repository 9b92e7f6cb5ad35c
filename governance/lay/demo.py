"""Demo lay review on the Operational Board: the glossary, the Patient Volunteer Policy setting,
lay summaries on the next meeting's papers (one left without, so it is flagged), earlier
feedback with answers, a "you said, we did" log and one pending expense claim.

Runs after governance.demo and publications.demo; idempotent (rows are found by natural keys).
"""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from filer.models import File
from wagtail.models import Page, Site

from governance.demo.boards import OPERATIONAL_BOARD
from governance.demo.specs import VOLUNTEERS
from governance.models import AgendaItem, Attendance, GroupPage, MeetingPage, Paper
from governance.services.meetings import add_paper
from governance.visibility import Visibility
from portal.models import User

from .models import (
    ExpenseClaim,
    GlossaryTerm,
    LayFeedback,
    PaperReview,
    PapersIssue,
    PolicyAcceptance,
    VolunteerPolicySettings,
    YouSaidWeDid,
)
from .services.expenses import mileage_rate, receipts_folder

POLICY_SLUG = "patient-volunteer-policy"
POLICY_VERSION = "2024.1"
VOLUNTEER = "volunteer@demo.example"

GLOSSARY = [
    (
        "CDC",
        "Community diagnostic centre",
        "A place outside the main hospital, often in a "
        "shopping centre or health centre, where people can have scans and tests.",
    ),
    (
        "CDIP",
        "Community Diagnostics and Imaging Programme",
        "The national programme that "
        "pays for new scanners and digital systems in diagnostic services.",
    ),
    (
        "DID",
        "Diagnostic Imaging Dataset",
        "Figures every hospital sends to NHS England about "
        "the scans it does and how long people waited for them.",
    ),
    (
        "ICB",
        "Integrated care board",
        "The NHS body that plans and pays for health services "
        "in an area such as Birmingham and Solihull.",
    ),
    (
        "ICS",
        "Integrated care system",
        "The NHS, councils and other organisations in one area "
        "working together on health and care.",
    ),
    (
        "Imaging network",
        "",
        "Hospitals in a region that share scanners, staff and systems so "
        "that patients get scans and results sooner.",
    ),
    (
        "OBC",
        "Outline business case",
        "A document that sets out why something is needed, the "
        "options and their costs, before money is agreed.",
    ),
    (
        "PACS",
        "Picture archiving and communication system",
        "The computer system that stores scans and lets doctors look at them from anywhere.",
    ),
    (
        "Part B",
        "",
        "The confidential part of a meeting, for example when contracts or named "
        "staff are discussed.",
    ),
    (
        "QSI",
        "Quality Standard for Imaging",
        "A standard that imaging departments are checked "
        "against to show their service is safe and good quality.",
    ),
    (
        "RIS",
        "Radiology information system",
        "The system that books scans and holds the written reports of what they show.",
    ),
    (
        "SIG",
        "Special interest group",
        "A group of staff from different hospitals who share "
        "ideas about one kind of scan, such as MRI.",
    ),
    ("Reporting", "", "A specialist looking at a scan and writing down what it shows."),
    (
        "WTE",
        "Whole-time equivalent",
        "A way of counting staff: two people working half time are one whole-time equivalent.",
    ),
]

GENERIC_SUMMARY = (
    "This paper is about {title}. It tells the board what has happened so far, what the "
    "choices are and what the board is asked to do. Ask the presenter if any words are unclear."
)

FEEDBACK = [
    # (volunteer email, kind, text, ease, shared, raised, named, answer)
    (
        VOLUNTEER,
        LayFeedback.Kind.QUESTION,
        "The paper says waiting times are 'within the DID standard'. What does that mean for "
        "a patient waiting for an MRI scan?",
        2,
        True,
        True,
        True,
        "It means 95 in every 100 people had their scan within six weeks of being referred. "
        "We will say this in plain words in future papers.",
    ),
    (
        "jean.whitfield@volunteers.demo.example",
        LayFeedback.Kind.SUGGESTION,
        "Please add a map showing where the community diagnostic centres are. It is hard to "
        "tell how far patients would have to travel.",
        3,
        True,
        False,
        True,
        "Thank you. Future capacity papers will include a map of every site.",
    ),
    (
        "derek.amoah@volunteers.demo.example",
        LayFeedback.Kind.CONCERN,
        "I am worried that patients will not know their scans are being reported at another "
        "hospital. Will they be told?",
        4,
        False,
        False,
        False,
        "Yes. The patient letter now says that a specialist at another network hospital may "
        "report the scan.",
    ),
]

CHANGES = [
    (
        "Waiting-time papers used terms such as 'DID standard' without explaining them.",
        "Every performance paper now starts with a plain-English summary of what the figures "
        "mean for patients.",
        0,
    ),
    (
        "It was hard to tell how far patients would travel to a community diagnostic centre.",
        "Capacity papers now include a map of every site and the public transport to it.",
        1,
    ),
    (
        "Patients may not know their scans are reported at another hospital.",
        "The standard patient letter now explains that a specialist at another network "
        "hospital may report the scan.",
        2,
    ),
]


def load(stdout):
    with transaction.atomic():
        terms = load_glossary()
        policy = load_policy_setting()
        board = GroupPage.objects.filter(slug=OPERATIONAL_BOARD.slug).first()
        if board is None:
            stdout.write("Lay review: no Operational Board (run governance.demo first).")
            return
        meetings = MeetingPage.objects.child_of(board).order_by("start")
        upcoming = meetings.filter(start__gt=timezone.now()).first()
        held = meetings.filter(start__lt=timezone.now(), status=MeetingPage.Status.HELD).last()
        summarised = 0
        if upcoming is not None:
            summarised = add_briefing_papers(upcoming, _chair(board)) + summarise_papers(upcoming)
        feedback = load_feedback(board, held, upcoming)
        changes = load_changes(board, feedback)
        claim = load_expense_claim(held) if held else None
    stdout.write(
        f"Lay review: {terms} glossary terms, policy {policy or 'not found'}, "
        f"{summarised} lay summaries added, {len(feedback)} feedback, {changes} changes logged, "
        f"{'a pending expense claim' if claim else 'no expense claim'}."
    )


def load_glossary():
    for term, meaning, definition in GLOSSARY:
        GlossaryTerm.objects.update_or_create(
            term=term, defaults={"meaning": meaning, "definition": definition}
        )
    return GlossaryTerm.objects.count()


def load_policy_setting():
    """Point the site's volunteer policy setting at the publication, once."""
    page = Page.objects.filter(slug=POLICY_SLUG).first()
    site = Site.objects.filter(is_default_site=True).first()
    if page is None or site is None:
        return None
    setting = VolunteerPolicySettings.for_site(site)
    if not setting.is_set:
        setting.policy_page = page
        setting.policy_version = POLICY_VERSION
        setting.save()
    # The other volunteers have accepted it already; volunteer@ is asked at first sign-in.
    for email, _, _ in VOLUNTEERS:
        person = User.objects.filter(email=email).first()
        if person is not None:
            PolicyAcceptance.objects.get_or_create(
                person=person,
                policy_version=setting.policy_version,
                defaults={"policy_page": page},
            )
    return setting.policy_version


BRIEFING_SUMMARY = (
    "This short note brings the board up to date on {title}. It says what has changed since "
    "the last meeting and what will happen next. The board does not need to decide anything."
)


def add_briefing_papers(meeting, chair, limit=2):
    """Short briefing notes, with lay summaries, for open items of the meeting that have none."""
    items = [
        item
        for item in meeting.agenda_items.filter(kind=AgendaItem.Kind.STANDARD)
        .exclude(visibility=Visibility.CONFIDENTIAL)
        .order_by("sort_order")
        if not item.papers.exists()
    ]
    added = 0
    for item in items[:limit]:
        add_paper(
            item,
            SimpleUploadedFile(
                f"briefing-{item.pk}.pdf",
                _briefing_pdf(meeting, item),
                content_type="application/pdf",
            ),
            title=f"Briefing note: {item.title}",
            visibility=item.visibility,
            uploaded_by=chair,
            lay_summary=BRIEFING_SUMMARY.format(title=item.title[0].lower() + item.title[1:]),
        )
        added += 1
    return added


def summarise_papers(meeting):
    """Give every current paper a lay summary but the last, which stays flagged."""
    missing = list(
        Paper.objects.current()
        .filter(agenda_item__meeting=meeting, lay_summary="")
        .order_by("agenda_item__sort_order", "title")
    )
    for paper in missing[:-1]:
        paper.lay_summary = GENERIC_SUMMARY.format(title=paper.title[0].lower() + paper.title[1:])
        paper.save(update_fields=["lay_summary"])
    PapersIssue.objects.get_or_create(
        meeting=meeting, defaults={"papers_without_lay_summary": min(len(missing), 1)}
    )
    return max(len(missing) - 1, 0)


def _chair(board):
    membership = board.memberships.current().filter(role="chair").select_related("person").first()
    return membership.person if membership else None


def load_feedback(board, held, upcoming):
    """Answered feedback on the last held meeting's papers; the volunteer has read some of
    the next meeting's papers and asked one question not yet answered."""
    chair = _chair(board)
    made = []
    if held is not None:
        papers = list(
            Paper.objects.current()
            .filter(agenda_item__meeting=held)
            .order_by("agenda_item__sort_order")
        )
        for paper, spec in zip(papers, FEEDBACK, strict=False):
            email, kind, text, ease, shared, raised, named, answer = spec
            author = User.objects.filter(email=email).first()
            if author is None:
                continue
            feedback, _ = LayFeedback.objects.get_or_create(
                paper=paper,
                author=author,
                kind=kind,
                defaults={
                    "text": text,
                    "ease": ease,
                    "shared_with_volunteers": shared,
                    "raise_at_meeting": raised,
                    "name_in_public_log": named,
                    "created_at": held.start - dt.timedelta(days=4),
                    "answer": answer,
                    "answered_by": chair,
                    "answered_at": held.start - dt.timedelta(days=2),
                },
            )
            PaperReview.objects.get_or_create(paper=paper, volunteer=author)
            made.append(feedback)
    volunteer = User.objects.filter(email=VOLUNTEER).first()
    if upcoming is not None and volunteer is not None:
        papers = list(
            Paper.objects.current()
            .filter(agenda_item__meeting=upcoming, visibility__in=["public", "network", "group"])
            .order_by("agenda_item__sort_order")
        )
        for paper in papers[:2]:
            PaperReview.objects.get_or_create(paper=paper, volunteer=volunteer)
        if papers:
            LayFeedback.objects.get_or_create(
                paper=papers[0],
                author=volunteer,
                kind=LayFeedback.Kind.QUESTION,
                defaults={
                    "text": "How will patients be told about this change?",
                    "ease": 3,
                    "raise_at_meeting": True,
                },
            )
    return made


def load_changes(board, feedback):
    chair = _chair(board)
    for you_said, we_did, index in CHANGES:
        YouSaidWeDid.objects.get_or_create(
            group=board,
            you_said=you_said,
            defaults={
                "we_did": we_did,
                "feedback": feedback[index] if index < len(feedback) else None,
                "recorded_by": chair,
            },
        )
    return YouSaidWeDid.objects.filter(group=board).count()


def load_expense_claim(held):
    """volunteer@ attended the last meeting and is waiting for a decision on their claim."""
    volunteer = User.objects.filter(email=VOLUNTEER).first()
    if volunteer is None:
        return None
    Attendance.objects.update_or_create(
        meeting=held, person=volunteer, defaults={"status": Attendance.Status.PRESENT}
    )
    existing = ExpenseClaim.objects.filter(claimant=volunteer, meeting=held).first()
    if existing is not None:
        return existing
    receipt = File.objects.create(
        file=ContentFile(_receipt_pdf(held), name="parking-receipt.pdf"),
        original_filename="parking-receipt.pdf",
        name=f"Receipt – {volunteer} – {held.title}",
        folder=receipts_folder(),
        is_public=False,
        owner=volunteer,
    )
    return ExpenseClaim.objects.create(
        claimant=volunteer,
        meeting=held,
        travel_mode=ExpenseClaim.TravelMode.CAR,
        miles=Decimal("32"),
        parking=Decimal("6.50"),
        mileage_rate=mileage_rate(),
        receipt=receipt,
        notes="Return trip from Solihull.",
        submitted_at=held.end + dt.timedelta(days=1),
    )


def _briefing_pdf(meeting, item):
    from weasyprint import HTML

    day = timezone.localtime(meeting.start).strftime("%-d %B %Y")
    return HTML(
        string=f"<h1>Briefing note: {escape(item.title)}</h1><p>{escape(meeting.title)}, "
        f"{day}</p><p>An update for the board on progress since its last meeting.</p>"
    ).write_pdf()


def _receipt_pdf(meeting):
    from weasyprint import HTML

    day = timezone.localtime(meeting.start).strftime("%d/%m/%Y")
    return HTML(
        string=f"<h1>Car park receipt</h1><p>Queen Elizabeth Hospital, multi-storey car park</p>"
        f"<p>Date: {day}</p><p>Stay: 4 hours</p><p>Paid: £6.50</p>"
    ).write_pdf()
