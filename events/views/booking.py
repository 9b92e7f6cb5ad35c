"""A person's bookings: My bookings, cancelling a place, and calendar files and feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from portal import links

from .. import calendar
from ..models import Booking, CalendarFeed, EventPage
from ..rules import can_cancel_booking, can_organise, can_see_join_link, may_cancel_own_place
from ..services.booking import (
    EventsError,
    cancel_booking,
    cancellation_deadline,
    waiting_positions,
)

PAST_PER_PAGE = 20


def _base_url(request):
    """Links in calendar files start with the configured address, whatever host was asked."""
    return links.base_url()


def _ics_response(body, filename, *, private):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def my_bookings(request):
    now = timezone.now()
    bookings = (
        Booking.objects.active()
        .filter(person=request.user, event__live=True)
        .select_related("event")
    )
    upcoming = list(bookings.filter(event__end__gte=now).order_by("event__start"))
    positions = waiting_positions(upcoming)
    for booking in upcoming:
        booking.position = positions.get(booking.pk)
        booking.may_cancel = may_cancel_own_place(booking, now)
    past = Paginator(
        bookings.filter(event__end__lt=now).order_by("-event__start"), PAST_PER_PAGE
    ).get_page(request.GET.get("page"))
    feed, _ = CalendarFeed.objects.get_or_create(person=request.user)
    return render(
        request,
        "events/my_bookings.html",
        {
            "upcoming": upcoming,
            "page_obj": past,
            "feed_url": request.build_absolute_uri(
                reverse("events:personal_feed", args=[feed.token])
            ),
        },
    )


@login_required
@require_POST
def reset_calendar_feed(request):
    feed, _ = CalendarFeed.objects.get_or_create(person=request.user)
    feed.reset()
    messages.success(
        request,
        "Your calendar address has been changed. The old address no longer works: add the new "
        "one to your calendar app.",
    )
    return redirect("events:my_bookings")


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def cancel_place(request, booking_id):
    """Confirm, then cancel a place (or leave the waiting list). Others' bookings are 404."""
    booking = get_object_or_404(
        Booking.objects.active().select_related("event", "person"), pk=booking_id
    )
    if not can_cancel_booking(request.user, booking):
        raise Http404("No such booking.")
    event = booking.event
    own = booking.person_id == request.user.pk
    organiser = can_organise(request.user, event)
    back = _safe_next(request, reverse("events:my_bookings") if own else event.url)
    allowed = organiser or may_cancel_own_place(booking)
    if request.method == "POST" and allowed:
        try:
            cancel_booking(booking, request.user)
        except EventsError as error:
            messages.error(request, str(error))
        else:
            if not own:
                done = f"{booking.person}’s place has been cancelled."
            elif booking.status == Booking.Status.WAITING:
                done = "You have left the waiting list."
            else:
                done = "Your place has been cancelled. We have emailed you to confirm."
            messages.success(request, done)
            return redirect(back)
    return render(
        request,
        "events/cancel_booking.html",
        {
            "booking": booking,
            "event": event,
            "own": own,
            "allowed": allowed,
            "deadline": cancellation_deadline(event),
            "back": back,
        },
    )


@require_GET
def event_calendar(request, event_id):
    """The event's .ics; it carries the join link only for people with a confirmed place."""
    event = get_object_or_404(EventPage.objects.live(), pk=event_id)
    with_link = can_see_join_link(request.user, event)
    body = calendar.event_file(event, base_url=_base_url(request), include_join_link=with_link)
    return _ics_response(body, f"{event.slug}.ics", private=request.user.is_authenticated)


@require_GET
def public_feed(request):
    return _ics_response(
        calendar.public_feed(base_url=_base_url(request)), "network-events.ics", private=False
    )


@require_GET
def personal_feed(request, token):
    """Calendar apps fetch this without signing in: the secret address is the key."""
    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None or not feed.person.is_active:
        raise Http404("No such calendar.")
    body = calendar.personal_feed(feed.person, base_url=_base_url(request))
    return _ics_response(body, "my-events.ics", private=True)


urlpatterns = [
    path("mine/", my_bookings, name="my_bookings"),
    path("mine/calendar/reset/", reset_calendar_feed, name="reset_calendar_feed"),
    path("booking/<id:booking_id>/cancel/", cancel_place, name="cancel_booking"),
    path("<id:event_id>/calendar.ics", event_calendar, name="event_calendar"),
    path("calendar.ics", public_feed, name="public_feed"),
    path("calendar/<str:token>.ics", personal_feed, name="personal_feed"),
]
