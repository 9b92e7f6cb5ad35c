"""What an event page shows about CPD for the viewer: check-in, evaluation, certificate and
recordings (and, for organisers, the attendance tools)."""

from django import template
from django.utils import timezone

from ..queries import attendee_booking, recordings_open_to
from ..rules import can_record_attendance
from ..services import attendance
from ..services.certificates import CertificateStep, certificate_step

register = template.Library()


@register.inclusion_tag("events/cpd/panel.html", takes_context=True)
def event_cpd_panel(context, event):
    """Usage: `{% load cpd_tags %}{% event_cpd_panel page %}` on the event page."""
    request = context["request"]
    user = request.user
    now = timezone.now()
    booking = attendee_booking(event, user)
    is_organiser = can_record_attendance(user, event)
    recordings = recordings_open_to(user, event, now)
    has_recordings = bool(recordings) or (
        not user.is_authenticated and event.is_past and event.recordings.exists()
    )
    return {
        "request": request,
        "event": event,
        "booking": booking,
        "step": certificate_step(booking, now).value if booking else None,
        "check_in_open": bool(booking) and attendance.check_in_is_open(event, now),
        "is_organiser": is_organiser,
        "attendance_counts": attendance.attendance_counts(event) if is_organiser else None,
        "recordings": recordings,
        "sign_in_for_recordings": has_recordings and not recordings,
        "steps": {step.name: step.value for step in CertificateStep},
    }
