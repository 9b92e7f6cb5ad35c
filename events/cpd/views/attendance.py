"""Attendance: the organisers' check-in page, the code (and QR code) shown in the room, the
Teams or Zoom import, and self check-in for attendees."""

import io
import re

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from events.models import EventPage

from ..errors import AttendanceImportRejected, CpdError
from ..forms import AttendanceForm, AttendanceImportForm, CheckInForm
from ..rules import can_record_attendance
from ..services import attendance

CHECK_IN_PAGE_SIZE = 50


def _organised_event(request, event_id):
    event = get_object_or_404(EventPage, pk=event_id)
    if not can_record_attendance(request.user, event):
        raise PermissionDenied("Only the event's organisers and the network office can do this.")
    return event


@login_required
@require_http_methods(["GET", "POST"])
def check_in_list(request, event_id):
    """Organisers tick who came, a page of the list at a time (surname order, searchable)."""
    event = _organised_event(request, event_id)
    bookings = attendance.attendance_list(event)
    query = request.GET.get("q", "").strip()
    if query:
        bookings = bookings.filter(
            Q(person__first_name__icontains=query)
            | Q(person__last_name__icontains=query)
            | Q(person__email__icontains=query)
        )
    page_obj = Paginator(bookings, CHECK_IN_PAGE_SIZE).get_page(request.GET.get("page"))
    form = AttendanceForm(request.POST or None, bookings=page_obj.object_list)
    if request.method == "POST" and form.is_valid():
        try:
            changed = attendance.record_attendance(event, form.marks(), recorded_by=request.user)
        except CpdError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Attendance saved: {changed} change{'s' if changed != 1 else ''}."
                if changed
                else "Attendance saved. Nothing had changed.",
            )
            return redirect(request.get_full_path())
    return render(
        request,
        "events/attendance/check_in_list.html",
        {
            "event": event,
            "form": form,
            "page_obj": page_obj,
            "query": query,
            "counts": attendance.attendance_counts(event),
            "check_in_open": attendance.check_in_is_open(event),
        },
    )


def _qr_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    svg = svg[svg.index("<svg") :]
    # Scale with the column (the file gives a fixed size in millimetres).
    svg = re.sub(r'\s(width|height)="[^"]*"', "", svg, count=2)
    return svg.replace("<svg", '<svg width="100%" focusable="false" aria-hidden="true"', 1)


@login_required
def check_in_code_view(request, event_id):
    """The code and QR code to show on the screen in the room or in the webinar."""
    event = _organised_event(request, event_id)
    try:
        check_in = attendance.check_in_code(event)
    except CpdError as error:
        messages.error(request, str(error))
        return redirect("cpd:check_in_list", event_id=event.pk)
    link = request.build_absolute_uri(reverse("cpd:check_in_with_code", args=[check_in.code]))
    opens, closes = attendance.check_in_window(event)
    return render(
        request,
        "events/attendance/check_in_code.html",
        {
            "event": event,
            "check_in": check_in,
            "link": link,
            "check_in_url": request.build_absolute_uri(reverse("cpd:check_in")),
            "qr_svg": mark_safe(_qr_svg(link)),  # noqa: S308 (made by qrcode, no user input)
            "opens": opens,
            "closes": closes,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_report(request, event_id):
    event = _organised_event(request, event_id)
    form = AttendanceImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = attendance.import_attendance(
                event, form.cleaned_data["report"], recorded_by=request.user
            )
        except AttendanceImportRejected as error:
            form.add_error("report", str(error))
        except CpdError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Attendance imported: {len(report.marked)} "
                f"{'person' if len(report.marked) == 1 else 'people'} marked as attended.",
            )
    return render(
        request,
        "events/attendance/import.html",
        {
            "event": event,
            "form": form,
            "report": report,
            "minutes_needed": attendance.minutes_needed(event),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request):
    """Attendees type the code shown in the room."""
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = attendance.self_check_in(form.cleaned_data["code"], request.user)
        except CpdError as error:
            form.add_error("code", str(error))
        else:
            return _checked_in(request, booking)
    return render(request, "events/attendance/check_in.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def check_in_with_code(request, code):
    """Where the QR code leads: the attendee confirms with one button."""
    try:
        event = attendance.event_for_code(code)
    except CpdError as error:
        messages.error(request, str(error))
        return redirect("cpd:check_in")
    error = None
    if request.method == "POST":
        try:
            booking = attendance.self_check_in(code, request.user)
        except CpdError as refused:
            error = str(refused)
        else:
            return _checked_in(request, booking)
    return render(
        request,
        "events/attendance/check_in_confirm.html",
        {"event": event, "code": code, "error": error},
    )


def _checked_in(request, booking):
    messages.success(request, f"You are checked in to {booking.event.title}. Enjoy the event.")
    return redirect(booking.event.url)


urlpatterns = [
    path("check-in/", check_in, name="check_in"),
    path("check-in/<str:code>/", check_in_with_code, name="check_in_with_code"),
    path("events/<id:event_id>/attendance/", check_in_list, name="check_in_list"),
    path("events/<id:event_id>/attendance/code/", check_in_code_view, name="check_in_code"),
    path("events/<id:event_id>/attendance/import/", import_report, name="import_attendance"),
]
