"""Who belongs to the network: its member trusts, admitting NHS staff, and the approval queue
for everyone else."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .email import send_templated_email
from .errors import MembershipDecisionError
from .models import Trust, User


def member_trusts():
    """The trusts that are members of the network (full or associate), with their ICS."""
    return Trust.objects.network_members().select_related("ics")


def is_nhs_email(address):
    """True for addresses at an NHS domain (nhs.net, nhs.uk) or any of their subdomains."""
    domain = address.rsplit("@", 1)[-1].strip().lower().rstrip(".")
    return any(domain == nhs or domain.endswith("." + nhs) for nhs in settings.NHS_EMAIL_DOMAINS)


def _set_status(user, status):
    user.network_status = status
    user.network_status_changed_at = timezone.now()
    user.save(update_fields=["network_status", "network_status_changed_at"])


@transaction.atomic
def admit_after_confirmation(user, email):
    """Called once a person confirms an email address.

    Confirming an NHS address makes anyone not yet a member a member at once (a person
    declined or waiting with another address included: the decline email invites this).
    A first confirmed address from elsewhere joins the approval queue and the network office
    is told. Members are untouched.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.network_status == User.NetworkStatus.MEMBER:
        return user
    if is_nhs_email(email):
        _set_status(user, User.NetworkStatus.MEMBER)
        return user
    if user.network_status != User.NetworkStatus.UNCONFIRMED:
        return user
    _set_status(user, User.NetworkStatus.AWAITING_APPROVAL)
    review_url = settings.WAGTAILADMIN_BASE_URL + reverse("portal_applicants:index")
    transaction.on_commit(
        lambda: send_templated_email(
            "portal/email/applicant_waiting",
            settings.NETWORK_OFFICE_EMAIL,
            {"applicant": user, "review_url": review_url},
        )
    )
    return user


@transaction.atomic
def decide_application(applicant, *, approve, decided_by, reason=""):
    """Approve or decline someone in the approval queue, and tell them by email."""
    applicant = User.objects.select_for_update().get(pk=applicant.pk)
    if applicant.network_status != User.NetworkStatus.AWAITING_APPROVAL:
        raise MembershipDecisionError(f"{applicant} is not waiting for approval.")
    _set_status(applicant, User.NetworkStatus.MEMBER if approve else User.NetworkStatus.DECLINED)
    outcome = "approved" if approve else "declined"
    template = f"portal/email/application_{outcome}"
    transaction.on_commit(
        lambda: send_templated_email(
            template,
            applicant.email,
            {"applicant": applicant, "reason": reason, "decided_by": decided_by},
        )
    )
    return applicant
