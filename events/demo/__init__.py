"""The demo network's events, from the annual report: the Network Conference, the Medical
Physics Regional Scientific Meeting, the Paediatric SIG study days, "Network and Learn"
sessions (the first for LGBTQ+ history month) and CPD webinars.

Upcoming events show each state a member meets (full with a waiting list, open, closed);
past events have attended places for member@demo.example. Dates are placed relative to
today. Idempotent: events are found by slug, bookings by (event, person).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from governance.demo import emails_discarded
from portal.models import HomePage, User

from ..models import Booking, BookingQuestion, EventIndexPage, EventPage, Speaker

T = EventPage.Type
MEMBER = "member@demo.example"


@dataclass
class EventSpec:
    slug: str
    title: str
    event_type: str
    group: str | None
    days_from_today: int
    hours: tuple  # (start hour, length in hours)
    summary: str
    about: str
    venue: tuple = ("", "")
    online: bool = False
    audience: str = EventPage.Audience.NETWORK
    staff_groups: list = field(default_factory=list)
    capacity: int | None = None
    booked: int = 0  # confirmed places besides the demo logins'
    waiting: int = 0
    closed: bool = False
    member: str = ""  # member@demo.example's booking: confirmed, waiting or attended
    speakers: tuple = ()
    questions: tuple = ()
    cpd_hours: str | None = None
    rcr_credits: int | None = None
    cor_outcomes: str = ""
    learning_outcomes: str = ""


WEBINAR_LINK = "https://teams.microsoft.com/l/meetup-join/wmin-demo-"

EVENTS = [
    EventSpec(
        "network-conference-2023",
        "WMIN Network Conference {year}",
        T.CONFERENCE,
        "operational-board",
        -190,
        (9, 7),
        "The network's first conference: workforce, quality, research and innovation, and the "
        "benefits of working together.",
        "<p>Special interest breakout sessions and presentations by network members, with "
        "keynotes from the Society and College of Radiographers and NHS England.</p>",
        venue=("Edgbaston Stadium", "Edgbaston Road\nBirmingham B5 7QU"),
        capacity=150,
        booked=40,
        member="attended",
        speakers=(
            ("Dr Kath Halliday", "President, Society and College of Radiographers"),
            ("Kim Robertson", "NHS England"),
        ),
        cpd_hours="6.0",
        rcr_credits=5,
        cor_outcomes="CPD Now 1.2\nCPD Now 3.1",
        learning_outcomes="Describe the network's priorities for 2023/24\n"
        "Share one improvement from another trust with your own department",
    ),
    EventSpec(
        "medical-physics-regional-scientific-meeting-2023",
        "Medical Physics Regional Scientific Meeting {year}",
        T.SCIENTIFIC_MEETING,
        "medical-physics-sig",
        -75,
        (10, 6),
        "Relaunched after seven years: trainees present their work to physics colleagues "
        "from across the network.",
        "<p>Presentations from trainees on a range of subjects, for everyone from trainees to "
        "heads of physics services.</p>",
        venue=("University Hospitals Birmingham", "Mindelsohn Way\nBirmingham B15 2GW"),
        audience=EventPage.Audience.STAFF_GROUPS,
        staff_groups=["medical_physicist"],
        capacity=60,
        booked=45,
        cpd_hours="5.0",
        learning_outcomes="Appraise trainees' research in imaging physics",
    ),
    EventSpec(
        "network-and-learn-lgbtq-history-month",
        "Network and Learn: LGBTQ+ history month",
        T.NETWORK_AND_LEARN,
        "workforce-sig",
        -280,
        (12, 1),
        "Our first Network and Learn session, celebrating LGBTQ+ history month.",
        "<p>A lunchtime session on inclusive imaging services for LGBTQ+ patients and staff.</p>",
        online=True,
        capacity=100,
        booked=30,
        member="attended",
        cpd_hours="1.0",
        learning_outcomes="Describe ways to make imaging services more inclusive",
    ),
    EventSpec(
        "cpd-webinar-ai-in-chest-x-ray-triage",
        "CPD webinar: AI in chest X-ray triage",
        T.CPD_WEBINAR,
        "research-and-innovation-sig",
        -40,
        (13, 1),
        "How trusts in the network are evaluating AI triage, and what they have learnt.",
        "<p>Recorded for members to watch in their own time.</p>",
        online=True,
        booked=25,
        member="attended",
        cpd_hours="1.0",
        rcr_credits=1,
        learning_outcomes="Explain how AI triage software is evaluated before use",
    ),
    EventSpec(
        "cpd-webinar-msk-ultrasound-reporting",
        "CPD webinar: MSK ultrasound reporting",
        T.CPD_WEBINAR,
        "musculoskeletal-sig",
        -12,
        (18, 1),
        "Structured reporting of shoulder ultrasound, with worked cases.",
        "<p>Recorded for members to watch in their own time.</p>",
        online=True,
        booked=18,
        member="attended",
        cpd_hours="1.5",
        cor_outcomes="CPD Now 2.4",
        learning_outcomes="Use a structured template to report shoulder ultrasound",
    ),
    EventSpec(
        "paediatric-study-day-suspected-physical-abuse",
        "Paediatric SIG study day: imaging in suspected physical abuse",
        T.STUDY_DAY,
        "paediatric-sig",
        21,
        (9, 7),
        "Consent, patient information and skeletal surveys in suspected physical abuse.",
        "<p>Led by the Paediatric SIG, with specialists from Birmingham Women's and "
        "Children's.</p>",
        venue=("Birmingham Children's Hospital", "Steelhouse Lane\nBirmingham B4 6NH"),
        capacity=30,
        booked=30,
        waiting=3,
        member="waiting",
        questions=(
            (
                "Which afternoon workshop would you like?",
                True,
                "Skeletal survey technique\nConsent and safeguarding\nReporting and second reads",
            ),
        ),
        cpd_hours="6.0",
        rcr_credits=5,
        learning_outcomes="Perform a skeletal survey to the national standard\n"
        "Explain the consent process to a family",
    ),
    EventSpec(
        "paediatric-study-day-mri-protocols",
        "Paediatric SIG study day: standardising paediatric MRI protocols",
        T.STUDY_DAY,
        "paediatric-sig",
        56,
        (9, 7),
        "Working towards one set of paediatric MRI protocols across the network.",
        "<p>So that children can move between trusts without repeat imaging.</p>",
        venue=(
            "University Hospitals Coventry and Warwickshire",
            "Clifford Bridge Road\nCoventry CV2 2DX",
        ),
        capacity=40,
        booked=12,
        member="confirmed",
        cpd_hours="6.0",
        learning_outcomes="Compare your trust's paediatric MRI protocols with the network's",
    ),
    EventSpec(
        "cpd-webinar-cardiac-ct",
        "CPD webinar: getting started in cardiac CT",
        T.CPD_WEBINAR,
        "research-and-innovation-sig",
        9,
        (13, 1),
        "Lessons from trusts that have started a cardiac CT service.",
        "<p>Live on Teams, and recorded for members who cannot join.</p>",
        online=True,
        audience=EventPage.Audience.PUBLIC,
        booked=20,
        member="confirmed",
        cpd_hours="1.0",
        learning_outcomes="List what a new cardiac CT service needs in its first year",
    ),
    EventSpec(
        "network-and-learn-imaging-in-the-community",
        "Network and Learn: imaging in community diagnostic centres",
        T.NETWORK_AND_LEARN,
        "workforce-sig",
        4,
        (12, 1),
        "How the network's community diagnostic centres are staffed and run.",
        "<p>A lunchtime session.</p>",
        online=True,
        capacity=80,
        booked=35,
        closed=True,
        cpd_hours="1.0",
    ),
    EventSpec(
        "network-conference-2025",
        "WMIN Network Conference {year}",
        T.CONFERENCE,
        "operational-board",
        120,
        (9, 7),
        "The network's annual conference: a year of working together.",
        "<p>Breakout sessions by special interest group, and the network's awards.</p>",
        venue=("Edgbaston Stadium", "Edgbaston Road\nBirmingham B5 7QU"),
        capacity=200,
        booked=15,
        questions=(("Which breakout session would you like to join?", False),),
        cpd_hours="6.0",
        rcr_credits=5,
    ),
    EventSpec(
        "medical-physics-regional-scientific-meeting",
        "Medical Physics Regional Scientific Meeting {year}",
        T.SCIENTIFIC_MEETING,
        "medical-physics-sig",
        290,
        (10, 6),
        "Next year's meeting, hosted by UHCW.",
        "<p>Trainees present their work; sponsorship opportunities are being explored.</p>",
        venue=(
            "University Hospitals Coventry and Warwickshire",
            "Clifford Bridge Road\nCoventry CV2 2DX",
        ),
        audience=EventPage.Audience.STAFF_GROUPS,
        staff_groups=["medical_physicist"],
        capacity=60,
        cpd_hours="5.0",
    ),
]


def events_index():
    index = EventIndexPage.objects.filter(slug="events").first()
    if index is None:
        home = HomePage.objects.first()
        index = home.add_child(
            instance=EventIndexPage(
                title="Events",
                slug="events",
                intro="Conferences, study days, Network and Learn sessions and CPD webinars "
                "for everyone working in imaging across the West Midlands.",
            )
        )
    return index


def _at(days, hour):
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _event(index, spec):
    existing = EventPage.objects.filter(slug=spec.slug).first()
    if existing:
        return existing
    group = Page.objects.filter(slug=spec.group).first() if spec.group else None
    start = _at(spec.days_from_today, spec.hours[0])
    event = EventPage(
        title=spec.title.format(year=start.year),
        slug=spec.slug,
        event_type=spec.event_type,
        organising_group=group.specific if group else None,
        summary=spec.summary,
        start=start,
        end=start + dt.timedelta(hours=spec.hours[1]),
        venue_name=spec.venue[0],
        venue_address=spec.venue[1],
        online=spec.online,
        join_url=f"{WEBINAR_LINK}{spec.slug}" if spec.online else "",
        description=[{"type": "paragraph", "value": spec.about}],
        audience=spec.audience,
        staff_groups=spec.staff_groups,
        capacity=spec.capacity,
        # Past events opened three months ahead; upcoming ones are open now.
        booking_opens=min(start - dt.timedelta(days=90), timezone.now() - dt.timedelta(days=30)),
        booking_closes=timezone.now() - dt.timedelta(hours=1) if spec.closed else None,
        cancellation_deadline=start - dt.timedelta(days=2),
        ask_dietary_needs=not spec.online,
        cpd_hours=spec.cpd_hours,
        rcr_credits=spec.rcr_credits,
        cor_outcomes=spec.cor_outcomes,
        learning_outcomes=spec.learning_outcomes,
    )
    event.speakers = [Speaker(name=name, role=role) for name, role in spec.speakers]
    event.questions = [
        BookingQuestion(text=text, required=req, options=options[0] if options else "")
        for text, req, *options in spec.questions
    ]
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def _book(event, person, status, when, *, attended=None):
    booking, created = Booking.objects.get_or_create(
        event=event,
        person=person,
        defaults={
            "status": status,
            "created_at": when,
            "confirmed_at": when if status == Booking.Status.CONFIRMED else None,
            "waiting_since": when if status == Booking.Status.WAITING else None,
            "attended": attended,
            "minutes_attended": (
                int((event.end - event.start).total_seconds() // 60) if attended else None
            ),
        },
    )
    return created


def _people(spec):
    people = User.objects.network_members().filter(email__endswith="@members.demo.example")
    if spec.staff_groups:
        people = people.filter(staff_group__in=spec.staff_groups)
    return list(people.order_by("email")[: spec.booked + spec.waiting])


def _bookings(event, spec):
    made = 0
    past = spec.days_from_today < 0
    booked_on = event.start - dt.timedelta(days=30)
    people = _people(spec)
    for number, person in enumerate(people):
        confirmed = number < spec.booked
        status = Booking.Status.CONFIRMED if confirmed else Booking.Status.WAITING
        when = booked_on + dt.timedelta(minutes=number)
        made += _book(event, person, status, when, attended=(number % 10 != 0) if past else None)
    member = User.objects.filter(email=MEMBER).first()
    if member and spec.member:
        status = Booking.Status.WAITING if spec.member == "waiting" else Booking.Status.CONFIRMED
        when = booked_on + dt.timedelta(hours=2)
        made += _book(event, member, status, when, attended=True if past else None)
    return made


def load(stdout):
    with emails_discarded():
        _load(stdout)


@transaction.atomic
def _load(stdout):
    index = events_index()
    made = 0
    for spec in EVENTS:
        made += _bookings(_event(index, spec), spec)
    stdout.write(
        f"Events: {EventPage.objects.count()} events, {made} new bookings "
        f"({Booking.objects.filter(status=Booking.Status.WAITING).count()} waiting)."
    )
