"""Onboarding patient volunteers: the network office's invitations, setting a password through
the invitation link, accepting the Patient Volunteer Policy, and the induction page."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from portal.middleware import privileged

from ..errors import InvitationInvalid, VolunteerError
from ..forms import AcceptPolicyForm, InviteVolunteerForm, PublicNameForm, SetPasswordForm
from ..models import PublicNameConsent, VolunteerInvitation
from ..rules import is_volunteer, may_invite_volunteers
from ..services.onboarding import (
    accept_invitation,
    accept_policy,
    current_policy,
    invitable_groups,
    invitation_from_token,
    invite_volunteer,
    needs_policy_acceptance,
    set_public_name_consent,
)

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@privileged
@login_required
def invite(request):
    if not may_invite_volunteers(request.user):
        raise Http404("No such page.")
    groups, with_volunteers = invitable_groups()
    form = InviteVolunteerForm(
        request.POST if request.method == "POST" else None,
        groups=groups,
        with_volunteers=with_volunteers,
    )
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invite_volunteer(by=request.user, **form.cleaned_data)
        except VolunteerError as error:
            form.add_error("email", str(error))
        else:
            boards = ", ".join(group.title for group in form.cleaned_data["groups"])
            joins = (
                f"They join {boards} when they accept."
                if boards
                else "Add them to their board as a patient volunteer in the admin."
            )
            messages.success(
                request,
                f"{invitation.person} was invited. The link in their email works for "
                f"14 days; any earlier link no longer works. {joins}",
            )
            return redirect("volunteer_invite")
    invitations = Paginator(
        VolunteerInvitation.objects.select_related("person", "invited_by").prefetch_related(
            "groups"
        ),
        20,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/volunteer/invite.html",
        {"form": form, "page_obj": invitations},
    )


def accept(request, token):
    """The invitation link: the volunteer chooses a password and is signed in."""
    try:
        invitation = invitation_from_token(token)
    except InvitationInvalid as error:
        return render(
            request, "portal/volunteer/invitation_invalid.html", {"reason": str(error)}, status=400
        )
    form = SetPasswordForm(
        request.POST if request.method == "POST" else None, person=invitation.person
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = accept_invitation(token, form.cleaned_data["password1"])
        except InvitationInvalid as error:
            return render(
                request,
                "portal/volunteer/invitation_invalid.html",
                {"reason": str(error)},
                status=400,
            )
        login(request, person, backend=LOGIN_BACKEND)
        messages.success(request, "Your password is set and you are signed in.")
        return redirect("volunteer_policy")
    return render(
        request,
        "portal/volunteer/accept_invitation.html",
        {"form": form, "invitation": invitation},
    )


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


@login_required
def policy(request):
    """Accept the current Patient Volunteer Policy (volunteers are sent here until they do)."""
    current = current_policy(request)
    if not is_volunteer(request.user):
        raise Http404("No such page.")
    needed = needs_policy_acceptance(request.user, current)
    form = AcceptPolicyForm(request.POST if request.method == "POST" and needed else None)
    if needed and form.is_bound and form.is_valid():
        try:
            accept_policy(request.user, current)
        except VolunteerError as error:
            form.add_error(None, str(error))
        else:
            request.session["volunteer_policy_accepted"] = current.policy_version
            messages.success(
                request, f"Thank you for accepting the policy (version {current.policy_version})."
            )
            first_time = request.user.policy_acceptances.count() == 1
            return redirect(
                "volunteer_induction" if first_time else _safe_next(request, "volunteer_induction")
            )
    accepted = request.user.policy_acceptances.filter(policy_version=current.policy_version).first()
    return render(
        request,
        "portal/volunteer/policy.html",
        {
            "policy": current,
            "form": form,
            "needed": needed,
            "accepted": accepted,
            "next": _safe_next(request, ""),
        },
    )


@login_required
def induction(request):
    if not is_volunteer(request.user):
        raise Http404("No such page.")
    consents = PublicNameConsent.objects.filter(person=request.user).exists()
    return render(
        request,
        "portal/volunteer/induction.html",
        {
            "policy": current_policy(request),
            "name_form": PublicNameForm(initial={"public": consents}),
        },
    )


@require_POST
@login_required
def name_consent(request):
    """A volunteer says whether their name may be shown on public pages."""
    if not is_volunteer(request.user):
        raise Http404("No such page.")
    form = PublicNameForm(request.POST)
    consent = form.is_valid() and form.cleaned_data["public"]
    set_public_name_consent(request.user, consent=consent)
    messages.success(
        request,
        "Your name will be shown on your boards’ public pages."
        if consent
        else "Your name will be shown only to members of your boards.",
    )
    return redirect(reverse("volunteer_induction") + "#your-name")
