"""Who may run attendance, watch recordings and see CPD records. Views and services ask these."""

import rules
from django.utils import timezone

from events.rules import can_organise
from governance.rules import may_view
from portal.rules import is_network_admin, is_network_member


@rules.predicate
def can_record_attendance(user, event):
    """Organisers (the organising group's chair, deputy or secretary) and the network office."""
    return can_organise(user, event)


def may_watch_recordings(user, event, now=None):
    """Recordings are for network members once the event is over (never a cancelled one)."""
    if event.is_cancelled or event.end > (now or timezone.now()):
        return False
    return is_network_member(user) or is_network_admin(user)


@rules.predicate
def can_watch_recording(user, recording):
    """The one "may watch this recording" rule: the event is published and over, and the
    recording's visibility lets them (its page, video, slides and CPD log entry all ask it)."""
    event = recording.event
    return (
        event.live
        and may_watch_recordings(user, event)
        and may_view(user, event.organising_group, recording.visibility)
    )


@rules.predicate
def can_download_certificate(user, certificate):
    return user.is_authenticated and certificate.booking.person_id == user.pk


rules.add_perm("cpd.record_attendance", can_record_attendance)
rules.add_perm("cpd.watch_recording", can_watch_recording)
rules.add_perm("cpd.download_certificate", can_download_certificate)
