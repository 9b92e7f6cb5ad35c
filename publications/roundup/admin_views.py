"""Wagtail admin pages for the round-up: the sending dashboard of an issue (progress, pause,
resume, cancel, failed messages and retry), previews, test sends and the suppression list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.suppression import suppression_list

from .errors import ImportRejected, SendNotAllowed
from .forms import ScheduleForm, SuppressionImportForm
from .models import Delivery, IssueSend, RoundupPage
from .services import audience, deliverability, drafting, sending
from .services.composing import freeze_content, links_for, render_issue
from .services.subscriptions import subscription_of

FAILED_PAGE_SIZE = 50
SUPPRESSIONS_PAGE_SIZE = 50


def _require_manager(request):
    if not request.user.has_perm("roundup.manage_roundup"):
        raise PermissionDenied


def issue_index(request):
    _require_manager(request)
    issues = RoundupPage.objects.select_related("send").order_by("-number")
    page_obj = Paginator(issues, 25).get_page(request.GET.get("p"))
    return TemplateResponse(request, "roundup/admin/issue_index.html", {"page_obj": page_obj})


def dashboard(request, page_id):
    _require_manager(request)
    issue = get_object_or_404(RoundupPage, pk=page_id)
    send = IssueSend.objects.filter(issue=issue).first()
    failed = None
    if send is not None:
        failed = Paginator(
            send.deliveries.filter(status=Delivery.Status.FAILED).order_by("pk"), FAILED_PAGE_SIZE
        ).get_page(request.GET.get("p"))
    content = send.content if send else freeze_content(issue)
    by_topic, receiving = audience.recipients_by_topic(content)
    return TemplateResponse(
        request,
        "roundup/admin/dashboard.html",
        {
            "issue": issue,
            "recipients_by_topic": by_topic,
            "receiving": receiving,
            "send": send,
            "progress": sending.progress(send) if send else None,
            "failed": failed,
            "schedule_form": ScheduleForm(),
            "statuses": IssueSend.Status,
        },
    )


@require_POST
def act(request, page_id):
    """Every button on the dashboard posts here with `action`; errors come back as messages."""
    _require_manager(request)
    issue = get_object_or_404(RoundupPage, pk=page_id)
    send = IssueSend.objects.filter(issue=issue).first()
    action = request.POST.get("action")
    try:
        if action == "send_now":
            sending.request_send(issue, by=request.user)
            messages.success(request, "The issue is frozen and sending has started.")
        elif action == "schedule":
            form = ScheduleForm(request.POST)
            if not form.is_valid():
                messages.error(request, "Enter the date and time to send, like 5/12/2026 09:00.")
                return redirect("roundup_admin:dashboard", page_id)
            when = form.cleaned_data["when"]
            sending.request_send(issue, by=request.user, when=when)
            local = timezone.localtime(when).strftime("%-d %B %Y at %H:%M")
            messages.success(request, f"The issue is frozen and will be sent on {local}.")
        elif send is None:
            raise SendNotAllowed("This issue has not been sent.")
        elif action == "pause":
            sending.pause(send)
            messages.success(request, "Sending is paused. Nothing more goes out until you resume.")
        elif action == "resume":
            sending.resume(send)
            messages.success(request, "Sending has resumed.")
        elif action == "cancel":
            was_scheduled = send.status == IssueSend.Status.SCHEDULED
            sending.cancel(send)
            messages.success(
                request,
                "The scheduled send is withdrawn; the issue is a draft again."
                if was_scheduled
                else "Sending is cancelled. Messages already sent stay sent.",
            )
        elif action == "retry":
            chosen = request.POST.getlist("delivery")
            count = sending.retry_failed(send, [int(pk) for pk in chosen] if chosen else None)
            messages.success(
                request, f"{count} failed message{'s' if count != 1 else ''} queued again."
            )
        else:
            messages.error(request, "That action is not known.")
    except SendNotAllowed as error:
        messages.error(request, str(error))
    return redirect("roundup_admin:dashboard", page_id)


@require_POST
def redraft(request, page_id):
    """Draft the issue again from what is new; items pinned in the editor stay, first."""
    _require_manager(request)
    issue = get_object_or_404(RoundupPage, pk=page_id)
    try:
        drafting.redraft_issue(issue, by=request.user)
    except SendNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The issue is drafted again. Pinned items were kept, first.")
    return redirect("roundup_admin:dashboard", page_id)


@require_POST
def send_test(request, page_id):
    _require_manager(request)
    issue = get_object_or_404(RoundupPage, pk=page_id)
    try:
        sending.send_test(issue, request.user)
    except SendNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"A test copy has been sent to {request.user.email}.")
    return redirect("roundup_admin:dashboard", page_id)


def _preview_parts(request, issue):
    content = freeze_content(issue)
    subscriber = subscription_of(request.user)
    links = (
        links_for(subscriber)
        if subscriber
        else {"token": "", "preferences_url": "#", "unsubscribe_url": "#"}
    )
    return render_issue(
        content,
        content["sections"],
        greeting_name=request.user.first_name,
        links=links,
    )


def preview_html(request, page_id):
    _require_manager(request)
    issue = get_object_or_404(RoundupPage, pk=page_id)
    _, html = _preview_parts(request, issue)
    return HttpResponse(html, content_type="text/html; charset=utf-8")


def preview_text(request, page_id):
    _require_manager(request)
    issue = get_object_or_404(RoundupPage, pk=page_id)
    text, _ = _preview_parts(request, issue)
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


def suppressions(request):
    _require_manager(request)
    form = SuppressionImportForm()
    if request.method == "POST":
        form = SuppressionImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = deliverability.import_suppressions(
                    form.cleaned_data["file"], source=f"CSV import by {request.user.email}"
                )
            except ImportRejected as error:
                form.add_error("file", str(error))
            else:
                note = (
                    f" Rows {', '.join(map(str, result.invalid_rows[:20]))} had no valid address."
                    if result.invalid_rows
                    else ""
                )
                messages.success(
                    request,
                    f"{result.added} address{'es' if result.added != 1 else ''} added; "
                    f"{result.already} already on the list.{note}",
                )
                return redirect("roundup_admin:suppressions")
    query = request.GET.get("q", "").strip()
    listing = suppression_list(query)
    page_obj = Paginator(listing, SUPPRESSIONS_PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "roundup/admin/suppressions.html",
        {"form": form, "page_obj": page_obj, "query": query},
    )
