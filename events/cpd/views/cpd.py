"""CPD for attendees: evaluations, certificates and their public verification, the personal CPD
log with its HCPC-shaped exports, and recordings of past events."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.log_actions import log

from events.services.listing import published_events
from portal.downloads import private, stream_file
from portal.exports import csv_streaming_response
from portal.idempotency import claim_submission

from .. import queries
from ..certificates import certificate_pdf, cpd_log_pdf, verify_url
from ..errors import CpdError, EvaluationOutstanding
from ..forms import (
    CpdEntryForm,
    EvaluationForm,
    ReflectionForm,
    VerifyForm,
    WatchedRecordingForm,
)
from ..models import CpdEntry, EventRecording
from ..rules import can_watch_recording
from ..services import log as log_service
from ..services.certificates import (
    CertificateStep,
    certificate_step,
    issue_certificate,
    verified_certificate,
)
from ..services.evaluation import submit_evaluation
from ..services.recordings import log_watched_recording

LOG_PAGE_SIZE = 20


def _base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def _attendee_booking_or_404(request, event_id):
    event = get_object_or_404(published_events(), pk=event_id)
    booking = queries.attendee_booking(event, request.user)
    if booking is None:
        raise Http404("You did not have a place at this event.")
    return event, booking


# Evaluation and certificate ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request, event_id):
    event, booking = _attendee_booking_or_404(request, event_id)
    step = certificate_step(booking)
    if step in (CertificateStep.READY, CertificateStep.ISSUED):
        messages.info(request, "You have already evaluated this event. Thank you.")
        return redirect("cpd:log")
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit_evaluation(booking, form.cleaned_data)
        except CpdError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Thank you for your evaluation of {event.title}. Your certificate is ready.",
            )
            return redirect(event.url + "#cpd")
    return render(
        request,
        "events/cpd/evaluation.html",
        {"event": event, "booking": booking, "form": form, "step": step},
    )


@login_required
@require_GET
def certificate_download(request, event_id):
    """Issue (the first time) and download the attendee's certificate."""
    event, booking = _attendee_booking_or_404(request, event_id)
    try:
        certificate = issue_certificate(booking)
    except EvaluationOutstanding as error:
        messages.info(request, str(error))
        return redirect("cpd:evaluation", event_id=event.pk)
    except CpdError as error:
        messages.error(request, str(error))
        return redirect(event.url)
    response = HttpResponse(
        certificate_pdf(certificate, _base_url(request)), content_type="application/pdf"
    )
    filename = f"certificate-{slugify(event.title)[:60]}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private(response)


@require_GET
def verify_start(request):
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("cpd:verify", code=form.cleaned_data["code"])
    return render(request, "events/cpd/verify_start.html", {"form": form})


@require_GET
def verify(request, code):
    """Public: what a certificate states, for anyone checking it."""
    certificate = verified_certificate(code)
    response = render(
        request,
        "events/cpd/verify.html",
        {"certificate": certificate, "code": code},
        status=200 if certificate else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


# The CPD log -------------------------------------------------------------------------------


@login_required
@require_GET
def cpd_log(request):
    entries = queries.cpd_log(request.user)
    page_obj = Paginator(entries, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    total = entries.aggregate(hours=Sum("hours"))["hours"]
    return private(
        render(
            request,
            "events/cpd/log.html",
            {"page_obj": page_obj, "total_hours": total, "since": log_service.audit_period_start()},
        )
    )


def _own_entry(request, pk):
    return get_object_or_404(
        CpdEntry.objects.select_related("booking__certificate"), pk=pk, person=request.user
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_activity(request):
    form = CpdEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not claim_submission(request, form, "cpd.add_activity"):
            # A double click or a resent post: the first one added it.
            messages.info(request, "That activity is already in your CPD log.")
            return redirect("cpd:log")
        entry = log_service.add_external_activity(request.user, form.cleaned_data)
        messages.success(request, f"“{entry.title}” was added to your CPD log.")
        return redirect("cpd:log")
    return render(request, "events/cpd/entry_form.html", {"form": form, "entry": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit_entry(request, pk):
    entry = _own_entry(request, pk)
    form_class = CpdEntryForm if entry.source == CpdEntry.Source.EXTERNAL else ReflectionForm
    form = form_class(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            log_service.update_entry(entry, request.user, form.cleaned_data)
        except CpdError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Your entry for “{entry.title}” was saved.")
            return redirect("cpd:log")
    return render(request, "events/cpd/entry_form.html", {"form": form, "entry": entry})


@login_required
@require_http_methods(["GET", "POST"])
def delete_entry(request, pk):
    entry = _own_entry(request, pk)
    if request.method == "POST":
        try:
            log_service.delete_entry(entry, request.user)
        except CpdError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"“{entry.title}” was removed from your CPD log.")
        return redirect("cpd:log")
    return render(request, "events/cpd/entry_delete.html", {"entry": entry})


def _export_name(extension):
    return f"cpd-record-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_required
@require_GET
def export_csv(request):
    entries = queries.cpd_log(request.user)
    base_url = _base_url(request)

    def rows():
        for entry in entries.iterator(chunk_size=200):
            yield log_service.hcpc_row(entry, lambda c: verify_url(base_url, c))

    return csv_streaming_response(_export_name("csv"), log_service.HCPC_COLUMNS, rows())


@login_required
@require_GET
def export_pdf(request):
    since = log_service.audit_period_start()
    entries = list(queries.cpd_log(request.user).filter(start_date__gte=since))
    response = HttpResponse(
        cpd_log_pdf(request.user, entries, _base_url(request), since=since),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name("pdf")}"'
    return private(response)


# Recordings ---------------------------------------------------------------------------------


def _watchable_recording(request, pk):
    """A recording the viewer may watch; to anyone else it does not exist."""
    recording = get_object_or_404(
        EventRecording.objects.select_related(
            "event__organising_group", "recording_file", "slides"
        ),
        pk=pk,
    )
    if not can_watch_recording(request.user, recording):
        raise Http404("No such recording.")
    return recording


@require_http_methods(["GET", "POST"])
def recording_detail(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    recording = _watchable_recording(request, pk)
    logged = CpdEntry.objects.filter(person=request.user, recording=recording).first()
    form = WatchedRecordingForm(
        request.POST or None,
        recording=recording,
        initial={"minutes": logged and int(logged.hours * 60)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry, created = log_watched_recording(
                request.user,
                recording,
                form.cleaned_data["minutes"],
                form.cleaned_data["reflection"],
            )
        except CpdError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"{'Added to' if created else 'Updated in'} your CPD log: {entry.title}, "
                f"{entry.hours.normalize():f} hours.",
            )
            return redirect("cpd:recording", pk=recording.pk)
    return private(
        render(
            request,
            "events/cpd/recording.html",
            {"recording": recording, "event": recording.event, "form": form, "logged": logged},
        )
    )


def _stream(request, recording, stored, what):
    if stored is None:
        raise Http404("No such file.")
    log(
        instance=recording.event,
        action="events.recording.download",
        user=request.user,
        data={"recording": recording.pk, "file": what, "title": recording.title},
    )
    return stream_file(stored, as_attachment=what == "slides")


@require_GET
def recording_file(request, pk):
    recording = _watchable_recording(request, pk)
    return _stream(request, recording, recording.recording_file, "recording")


@require_GET
def recording_slides(request, pk):
    recording = _watchable_recording(request, pk)
    return _stream(request, recording, recording.slides, "slides")


urlpatterns = [
    path("", cpd_log, name="log"),
    path("activities/add/", add_activity, name="add_activity"),
    path("activities/<id:pk>/", edit_entry, name="edit_entry"),
    path("activities/<id:pk>/remove/", delete_entry, name="delete_entry"),
    path("export.csv", export_csv, name="export_csv"),
    path("export.pdf", export_pdf, name="export_pdf"),
    path("events/<id:event_id>/evaluation/", evaluation, name="evaluation"),
    path("events/<id:event_id>/certificate.pdf", certificate_download, name="certificate"),
    path("verify/", verify_start, name="verify_start"),
    path("verify/<str:code>/", verify, name="verify"),
    path("recordings/<id:pk>/", recording_detail, name="recording"),
    path("recordings/<id:pk>/video/", recording_file, name="recording_file"),
    path("recordings/<id:pk>/slides/", recording_slides, name="recording_slides"),
]
