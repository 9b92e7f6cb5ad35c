"""CPD in the demo network: every attended place in the CPD log, member@demo.example's
evaluations, certificates and reflections, an activity of their own, and recordings (with
slides) of the past CPD webinars. Idempotent: rows are found by booking, person and title."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from filer.models import File, Folder
from weasyprint import HTML

from events.models import Booking, EventPage
from portal.models import User

from .models import CpdEntry, EvaluationRequest, EventEvaluation, EventRecording
from .services.certificates import CertificateStep, certificate_step, issue_certificate
from .services.evaluation import submit_evaluation
from .services.log import add_attended_event_to_log, add_external_activity

MEMBER = "member@demo.example"

# member@demo.example's evaluations and reflections, by event slug. The latest webinar is
# left unevaluated, so the demo shows the step before a certificate.
EVALUATED = {
    "network-conference-2023": (
        "The breakout on sharing reporting radiographers across trusts.",
        "I took the network's protocol for MSK reporting back to our department. We now "
        "share reporting lists with a neighbouring trust, and patients wait less for results.",
    ),
    "network-and-learn-lgbtq-history-month": (
        "Hearing from patients about how our forms and changing rooms feel.",
        "We changed the pregnancy-check wording on our request form so that it asks every "
        "patient who could be pregnant, not only women, which is safer and more inclusive.",
    ),
    "cpd-webinar-ai-in-chest-x-ray-triage": (
        "How other trusts measured the software before it went live.",
        "",
    ),
}
RECORDINGS = {
    "cpd-webinar-ai-in-chest-x-ray-triage": 58,
    "cpd-webinar-msk-ultrasound-reporting": 62,
}
OWN_ACTIVITY = {
    "title": "Read: IR(ME)R 2017 guidance update",
    "activity_type": CpdEntry.ActivityType.SELF_DIRECTED,
    "provider": "Care Quality Commission",
    "hours": Decimal("1.5"),
    "outcomes": "Apply the updated employer's procedures on justification",
    "reflection": "I checked our justification procedure against the guidance and raised "
    "two gaps at our department meeting; both are now fixed, which protects patients from "
    "unnecessary exposure.",
}


def load(stdout):
    with transaction.atomic():
        logged = _log_attended_places()
        member = User.objects.filter(email=MEMBER).first()
        certificates = _member_cpd(member) if member else 0
        recordings = _recordings()
    stdout.write(
        f"CPD: {logged} new CPD log entries, {certificates} new certificates for {MEMBER}, "
        f"{recordings} new recordings."
    )


def _log_attended_places():
    """Attendance in the demo was set directly, so give each attended place its log entry and
    mark the evaluation request as sent (the demo must not email hundreds of people)."""
    attended = Booking.objects.filter(
        status=Booking.Status.CONFIRMED, attended=True, event__end__lt=timezone.now()
    ).select_related("event__organising_group")
    made = 0
    for booking in attended.filter(cpd_entry__isnull=True):
        add_attended_event_to_log(booking)
        made += 1
    for booking in attended.filter(evaluation_request__isnull=True):
        EvaluationRequest.objects.create(booking=booking, sent_at=booking.event.end)
    return made


def _member_cpd(member):
    made = 0
    for slug, (most_useful, reflection) in EVALUATED.items():
        booking = Booking.objects.filter(event__slug=slug, person=member, attended=True).first()
        if booking is None:
            continue
        if not EventEvaluation.objects.filter(booking=booking).exists():
            submit_evaluation(
                booking,
                {
                    "overall": EventEvaluation.Rating.EXCELLENT,
                    "outcomes_met": EventEvaluation.OutcomesMet.FULLY,
                    "most_useful": most_useful,
                    "improvements": "More time for questions.",
                    "would_recommend": True,
                },
            )
        booking.refresh_from_db()
        if certificate_step(booking) == CertificateStep.READY:
            issue_certificate(booking)
            made += 1
        if reflection:
            CpdEntry.objects.filter(booking=booking, reflection="").update(reflection=reflection)
    if not CpdEntry.objects.filter(person=member, title=OWN_ACTIVITY["title"]).exists():
        add_external_activity(
            member,
            {**OWN_ACTIVITY, "start_date": timezone.localdate() - dt.timedelta(days=20)},
        )
    return made


def _slides_pdf(event):
    outcomes = "".join(f"<li>{line}</li>" for line in event.learning_outcomes.splitlines())
    return HTML(
        string=f"<h1>{event.title}</h1><p>West Midlands Imaging Network</p>"
        f"<h2>Learning outcomes</h2><ul>{outcomes}</ul>"
    ).write_pdf()


def _recordings():
    folder, _ = Folder.objects.get_or_create(name="Event recordings", parent=None)
    made = 0
    for slug, minutes in RECORDINGS.items():
        event = EventPage.objects.filter(slug=slug).first()
        if event is None or EventRecording.objects.filter(event=event).exists():
            continue
        slides = File.objects.create(
            file=ContentFile(_slides_pdf(event), name=f"{slug}-slides.pdf"),
            original_filename=f"{slug}-slides.pdf",
            name=f"{event.title}: slides",
            folder=folder,
            is_public=False,
        )
        # Through a revision, as an organiser would: publishing an older revision later must
        # not drop the recording.
        event.recordings.add(
            EventRecording(
                title="Recording of the webinar",
                video_url=f"https://video.demo.example/wmin/{slug}",
                slides=slides,
                duration_minutes=minutes,
            )
        )
        event.save_revision().publish()
        made += 1
    return made
