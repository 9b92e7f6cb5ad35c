"""Protocols: each version at its own stable URL, comparing two versions, the review page
(comments, ending the review, the chair's approval) and attachments. The page's own context
is built in pages.py."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from governance.errors import GovernanceError
from governance.visibility import asks_to_sign_in
from portal.downloads import stream_file

from ..diff import compare_protocols
from ..forms import AttachmentForm, ChairApprovalForm, RequestChangesForm, ReviewCommentForm
from ..models import ChairApprovalTask, ProtocolAttachment, ProtocolPage, ProtocolVersion
from ..rules import (
    can_approve_protocol,
    can_comment_on_protocol,
    can_end_sig_review,
    can_view_protocol,
)
from ..services import protocols as services
from ..services.adoption import what_happens_to_adoption
from ..services.workspace import add_attachment, record_attachment_download

VERSION_NUMBER = re.compile(r"^(\d+)\.(\d+)$")


def _viewable_protocol(request, protocol_id):
    """A protocol page this person may read, or 404 (a sign-in for someone signed out)."""
    protocol = get_object_or_404(ProtocolPage.objects.live(), pk=protocol_id)
    if not can_view_protocol(request.user, protocol):
        if asks_to_sign_in(request.user, protocol.visibility):
            raise _SignInFirst
        raise Http404
    return protocol


class _SignInFirst(Http404):
    pass


def _sign_in_or_404(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _SignInFirst:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _version_by_number(protocol, number):
    match = VERSION_NUMBER.match(number)
    if not match:
        raise Http404
    return get_object_or_404(
        ProtocolVersion.objects.select_related("approved_by", "decision", "revision"),
        protocol=protocol,
        major=int(match.group(1)),
        minor=int(match.group(2)),
    )


@_sign_in_or_404
def protocol_version(request, protocol_id, number):
    """One approved version as it was approved, at a URL that never changes."""
    protocol = _viewable_protocol(request, protocol_id)
    version = _version_by_number(protocol, number)
    current = protocol.current_version
    return TemplateResponse(
        request,
        "sigs/protocol_version.html",
        {
            "protocol": protocol,
            "version": version,
            "content": version.revision.as_object(),
            "current": current,
            "sig": protocol.sig,
            "today": timezone.localdate(),
        },
    )


@_sign_in_or_404
def protocol_compare(request, protocol_id):
    """What changed between any two approved versions: fields word by word, the body block by
    block and each sequence table row by row (sigs.diff)."""
    protocol = _viewable_protocol(request, protocol_id)
    versions = list(services.versions_of(protocol))
    if len(versions) < 2:
        return TemplateResponse(
            request,
            "sigs/protocol_compare.html",
            {"protocol": protocol, "versions": versions, "sig": protocol.sig},
        )
    by_number = {version.number: version for version in versions}
    older = by_number.get(request.GET.get("from"), versions[1])
    newer = by_number.get(request.GET.get("to"), versions[0])
    if older.sort_key > newer.sort_key:
        older, newer = newer, older
    comparison = compare_protocols(older.revision.as_object(), newer.revision.as_object())
    return TemplateResponse(
        request,
        "sigs/protocol_compare.html",
        {
            "protocol": protocol,
            "sig": protocol.sig,
            "versions": versions,
            "older": older,
            "newer": newer,
            "comparison": comparison,
        },
    )


# Review ------------------------------------------------------------------------------------


def _reviewable_protocol(request, protocol_id):
    protocol = get_object_or_404(ProtocolPage, pk=protocol_id)
    if not can_comment_on_protocol(request.user, protocol):
        raise Http404
    return protocol


def _review_context(request, protocol, **forms):
    task_state = services.current_task_state(protocol)
    user = request.user
    at_chair = task_state is not None and task_state.task.specific_class is ChairApprovalTask
    context = {
        "protocol": protocol,
        "sig": protocol.sig,
        "task_state": task_state,
        "at_chair": at_chair,
        "draft": task_state.revision.as_object() if task_state else None,
        "comments": protocol.review_comments.select_related("author").order_by("created_at"),
        "next_number": None,
        "may_end_review": task_state is not None
        and not at_chair
        and can_end_sig_review(user, protocol),
        "may_approve": at_chair and can_approve_protocol(user, protocol),
        "comment_form": ReviewCommentForm(),
        "approve_form": ChairApprovalForm(),
        "changes_form": RequestChangesForm(),
    }
    if task_state is not None:
        draft = context["draft"]
        context["next_number"] = "{}.{}".format(
            *services.next_version_number(protocol, draft.change_kind)
        )
        context["summary_problem"] = services.change_summary_problem(protocol, draft.change_summary)
        live = protocol.current_version if protocol.current_version_id else None
        if live is not None:
            # Members review the draft against what trusts use today: the live version.
            context["live_version"] = live
            context["comparison"] = compare_protocols(live.revision.as_object(), draft)
            context["adoption_effect"] = what_happens_to_adoption(draft.change_kind, live.number)
    context.update(forms)
    return context


@login_required
def protocol_review(request, protocol_id):
    """The version in review, members' comments and what this person may do next."""
    protocol = _reviewable_protocol(request, protocol_id)
    if request.method == "POST":
        form = ReviewCommentForm(request.POST)
        if form.is_valid():
            try:
                services.add_review_comment(protocol, request.user, form.cleaned_data["text"])
            except GovernanceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your comment has been added.")
                return redirect("sigs:protocol_review", protocol_id=protocol.pk)
        return TemplateResponse(
            request,
            "sigs/protocol_review.html",
            _review_context(request, protocol, comment_form=form),
        )
    return TemplateResponse(
        request, "sigs/protocol_review.html", _review_context(request, protocol)
    )


@login_required
@require_POST
def protocol_end_review(request, protocol_id):
    protocol = _reviewable_protocol(request, protocol_id)
    try:
        services.end_sig_review(protocol, request.user)
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The review has ended. The chair has been asked to approve.")
    return redirect("sigs:protocol_review", protocol_id=protocol.pk)


@login_required
@require_POST
def protocol_approve(request, protocol_id):
    protocol = _reviewable_protocol(request, protocol_id)
    form = ChairApprovalForm(request.POST)
    if form.is_valid():
        try:
            version = services.approve(
                protocol,
                request.user,
                comment=form.cleaned_data["comment"],
                decision=form.cleaned_data["decision_reference"],
            )
        except GovernanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Version {version.number} is approved and published."
                + (
                    f" It is recorded as decision {version.decision.reference}."
                    if version.decision
                    else ""
                )
                + (
                    " It is a minor version: every trust's adoption was carried forward."
                    if version.change_kind == "minor" and version.minor
                    else ""
                ),
            )
            return redirect(protocol.url)
    return TemplateResponse(
        request, "sigs/protocol_review.html", _review_context(request, protocol, approve_form=form)
    )


@login_required
@require_POST
def protocol_request_changes(request, protocol_id):
    protocol = _reviewable_protocol(request, protocol_id)
    form = RequestChangesForm(request.POST)
    if form.is_valid():
        try:
            services.request_changes(protocol, request.user, form.cleaned_data["comment"])
        except GovernanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The version has gone back to its editors for changes.")
            return redirect("sigs:protocol_review", protocol_id=protocol.pk)
    return TemplateResponse(
        request, "sigs/protocol_review.html", _review_context(request, protocol, changes_form=form)
    )


@login_required
@require_POST
def protocol_retire(request, protocol_id):
    protocol = get_object_or_404(ProtocolPage.objects.live(), pk=protocol_id)
    try:
        services.retire(protocol, request.user)
    except GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{protocol.title} is retired. It stays readable, marked retired."
        )
    return redirect(protocol.url)


# Attachments -------------------------------------------------------------------------------


@login_required
@require_POST
def attachment_add(request, protocol_id):
    protocol = get_object_or_404(ProtocolPage, pk=protocol_id)
    if not can_end_sig_review(request.user, protocol):
        raise Http404
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_attachment(
                protocol,
                form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                uploaded_by=request.user,
            )
        except GovernanceError as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, f"Added “{form.cleaned_data['title']}”.")
            return redirect(f"{protocol.url}#attachments")
    context = protocol.get_context(request)
    context["attachment_form"] = context["form"] = form
    return TemplateResponse(request, protocol.get_template(request), context)


@_sign_in_or_404
def attachment_download(request, attachment_id):
    attachment = get_object_or_404(
        ProtocolAttachment.objects.select_related("file", "protocol"), pk=attachment_id
    )
    _viewable_protocol(request, attachment.protocol_id)
    record_attachment_download(attachment, request.user)
    # Kept cacheable as it always was; whether attachments should be no-store is still open.
    return stream_file(attachment.file, is_private=False)


urlpatterns = [
    path("protocols/<id:protocol_id>/v/<str:number>/", protocol_version, name="protocol_version"),
    path("protocols/<id:protocol_id>/compare/", protocol_compare, name="protocol_compare"),
    path("protocols/<id:protocol_id>/review/", protocol_review, name="protocol_review"),
    path("protocols/<id:protocol_id>/review/end/", protocol_end_review, name="protocol_end_review"),
    path("protocols/<id:protocol_id>/review/approve/", protocol_approve, name="protocol_approve"),
    path(
        "protocols/<id:protocol_id>/review/changes/",
        protocol_request_changes,
        name="protocol_request_changes",
    ),
    path("protocols/<id:protocol_id>/retire/", protocol_retire, name="protocol_retire"),
    path("protocols/<id:protocol_id>/attachments/", attachment_add, name="attachment_add"),
    path("attachments/<id:attachment_id>/", attachment_download, name="attachment_download"),
]
