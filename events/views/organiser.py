"""The organisers' tools: who is coming (and a CSV of it), emailing them, moving or cancelling
the event. Anyone else gets a 404: the attendee list is personal data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone

from portal.exports import csv_response
from portal.middleware import privileged

from ..errors import EventsError
from ..forms import AttendeeMessageForm, CancelEventForm, ChangeEventForm
from ..models import EventPage
from ..rules import can_organise
from ..services import organiser
from ..services.booking import places

ATTENDEES_PER_PAGE = 50


def _organised_event(request, event_id):
    event = get_object_or_404(
        EventPage.objects.live().select_related("organising_group"), pk=event_id
    )
    if not can_organise(request.user, event):
        raise Http404("No such event.")
    return event


@login_required
def attendees(request, event_id):
    event = _organised_event(request, event_id)
    everyone = organiser.attendees(event)
    page_obj = Paginator(everyone, ATTENDEES_PER_PAGE).get_page(request.GET.get("page"))
    columns = organiser.answer_columns(event)
    for booking in page_obj.object_list:
        booking.answer_list = [(heading, booking.answers.get(key, "")) for key, heading in columns]
    return render(
        request,
        "events/organiser/attendees.html",
        {
            "event": event,
            "page_obj": page_obj,
            "places": places(event),
            "columns": columns,
        },
    )


@privileged
@login_required
def attendees_csv(request, event_id):
    event = _organised_event(request, event_id)
    header, rows = organiser.export_attendees(event, by=request.user)
    stamp = timezone.localdate().isoformat()
    return csv_response(f"{event.slug}-attendees-{stamp}.csv", header, rows)


def _tool(request, event, form_class, template, act, *, initial=None):
    """A form that, once valid, calls the service `act`; its typed errors go beside the form."""
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            success = act(form.cleaned_data)
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect("events:attendees", event.pk)
    return render(request, template, {"event": event, "form": form})


@login_required
def email_attendees(request, event_id):
    event = _organised_event(request, event_id)

    def send(data):
        organiser.message_attendees(event, request.user, **data)
        return "Your message is being sent to everyone with a place."

    return _tool(request, event, AttendeeMessageForm, "events/organiser/email_attendees.html", send)


@login_required
def cancel_event(request, event_id):
    event = _organised_event(request, event_id)

    def cancel(data):
        organiser.cancel_event(event, request.user, reason=data["reason"])
        return "The event is cancelled. Everyone who booked is being emailed."

    return _tool(request, event, CancelEventForm, "events/organiser/cancel_event.html", cancel)


@login_required
def change_event(request, event_id):
    event = _organised_event(request, event_id)
    initial = {
        "start": timezone.localtime(event.start),
        "end": timezone.localtime(event.end),
        **{f: getattr(event, f) for f in ("venue_name", "venue_address", "online", "join_url")},
    }

    def change(data):
        organiser.change_time_or_place(event, request.user, **data)
        return "The event is updated. Everyone who booked is being sent the new details."

    return _tool(
        request,
        event,
        ChangeEventForm,
        "events/organiser/change_event.html",
        change,
        initial=initial,
    )


urlpatterns = [
    path("<id:event_id>/attendees/", attendees, name="attendees"),
    path("<id:event_id>/attendees.csv", attendees_csv, name="attendees_csv"),
    path("<id:event_id>/email/", email_attendees, name="email_attendees"),
    path("<id:event_id>/cancel/", cancel_event, name="cancel_event"),
    path("<id:event_id>/change/", change_event, name="change_event"),
]
