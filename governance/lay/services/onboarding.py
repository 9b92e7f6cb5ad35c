"""Onboarding patient volunteers: the network office's invitation (naming the boards they
join), the signed single-use link that lets a volunteer set a password and takes them onto
those boards, and accepting the current Patient Volunteer Policy."""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from governance.errors import AlreadyAMember
from governance.models import GroupPage, Membership
from governance.services.memberships import add_membership
from portal.email import send_templated_email
from portal.models import User
from portal.rules import is_volunteer

from ..errors import InvitationInvalid, VolunteerError
from ..models import (
    PolicyAcceptance,
    PublicNameConsent,
    VolunteerInvitation,
    VolunteerPolicySettings,
)
from ..rules import may_invite_volunteers

# Kept from when onboarding lived in portal, so links already sent still work.
INVITATION_SALT = "portal.volunteer-invitation"
INVITATION_DAYS = 14


def invitation_token(invitation):
    """The link's token: the invitation and its current nonce, signed. Re-issuing changes the
    nonce, so only the latest link works; accepting uses it up."""
    data = {"invitation": invitation.pk}
    if invitation.nonce:
        data["nonce"] = invitation.nonce
    return signing.dumps(data, salt=INVITATION_SALT, compress=True)


def invitable_groups():
    """The boards a volunteer may be invited onto: every live group, those that already have
    patient volunteers first."""
    from .review import lay_membership_q

    with_volunteers = set(
        Membership.objects.current()
        .filter(lay_membership_q())
        .values_list("group", flat=True)
        .distinct()
    )
    groups = list(GroupPage.objects.live().order_by("title"))
    return sorted(groups, key=lambda group: group.pk not in with_volunteers), with_volunteers


def invitation_url(invitation):
    return settings.WAGTAILADMIN_BASE_URL + reverse(
        "volunteer_accept_invitation", kwargs={"token": invitation_token(invitation)}
    )


@transaction.atomic
def invite_volunteer(*, email, first_name, last_name, by, message="", groups=()):
    """Create the volunteer's account (no password yet) and email them a signed link.

    A volunteer needs no NHS address. Inviting someone already invited, who has not yet set a
    password, sends a fresh link and the earlier one stops working. `groups` are the boards
    they join as a patient volunteer when they accept.
    """
    if not may_invite_volunteers(by):
        raise VolunteerError("Only the network office can invite patient volunteers.")
    email = User.objects.normalize_email(email).lower()
    person = User.objects.select_for_update().filter(email__iexact=email).first()
    if person is not None and person.has_usable_password():
        raise VolunteerError(
            f"{email} already has an account. Add them to a group as a patient volunteer in "
            "the admin instead."
        )
    if person is None:
        person = User(email=email)
        person.set_unusable_password()
    person.first_name = first_name.strip()
    person.last_name = last_name.strip()
    person.is_lay_member = True
    person.network_status = User.NetworkStatus.MEMBER
    person.network_status_changed_at = timezone.now()
    person.save()
    invitation, created = VolunteerInvitation.objects.update_or_create(
        person=person,
        defaults={
            "invited_by": by,
            "invited_at": timezone.now(),
            "accepted_at": None,
            "message": message.strip(),
            "nonce": secrets.token_hex(16),
        },
    )
    invitation.groups.set(groups)
    log(
        instance=invitation,
        action="lay.invitation.issue" if created else "lay.invitation.reissue",
        user=by,
        data={"person": person.pk, "groups": [group.pk for group in groups]},
    )
    url = invitation_url(invitation)
    transaction.on_commit(
        lambda: send_templated_email(
            "portal/volunteer/email/invitation",
            person.email,
            {
                "person": person,
                "invitation": invitation,
                "url": url,
                "days": INVITATION_DAYS,
            },
        )
    )
    return invitation


def invitation_from_token(token):
    """The open invitation a link stands for, or InvitationInvalid saying what to do."""
    data = _token_data(token)
    invitation = (
        VolunteerInvitation.objects.select_related("person").filter(pk=data["invitation"]).first()
    )
    _check_open(invitation, data)
    return invitation


def _token_data(token):
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_DAYS * 24 * 3600)
    except signing.SignatureExpired as error:
        raise InvitationInvalid(
            "This invitation link has expired. Ask the network office to send a new one."
        ) from error
    except signing.BadSignature as error:
        raise InvitationInvalid(
            "This invitation link is not valid. Check you copied all of it from the email."
        ) from error
    if not isinstance(data, dict) or not isinstance(data.get("invitation"), int):
        raise InvitationInvalid(
            "This invitation link is not valid. Check you copied all of it from the email."
        )
    return data


def _check_open(invitation, data):
    if invitation is None:
        raise InvitationInvalid("This invitation has been withdrawn.")
    if invitation.is_accepted:
        raise InvitationInvalid(
            "You have already set your password with this link. Sign in with your email "
            "address and password."
        )
    if data.get("nonce", "") != invitation.nonce:
        raise InvitationInvalid(
            "This invitation link has been replaced by a newer one. Use the link in the most "
            "recent email from the network office."
        )


@transaction.atomic
def accept_invitation(token, password):
    """Set the volunteer's password through their link; the link works once."""
    data = _token_data(token)
    invitation = (
        VolunteerInvitation.objects.select_for_update()
        .select_related("person")
        .filter(pk=data["invitation"])
        .first()
    )
    _check_open(invitation, data)  # again, under the lock: two tabs cannot both use the link
    person = invitation.person
    person.set_password(password)
    person.is_active = True
    person.save()
    invitation.accepted_at = timezone.now()
    invitation.nonce = secrets.token_hex(16)  # used up: this link never works again
    invitation.save(update_fields=["accepted_at", "nonce"])
    # The link went to this address, so following it confirms it.
    EmailAddress.objects.update_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    joined = _join_invited_groups(invitation, person)
    log(
        instance=invitation,
        action="lay.invitation.accept",
        user=person,
        data={"person": person.pk, "groups": [group.pk for group in joined]},
    )
    return person


def _join_invited_groups(invitation, person):
    """Make the volunteer a patient volunteer of each board the invitation names (through the
    membership service, which keeps edit rights in step). A board they are already on, or one
    no longer live, is passed over."""
    joined = []
    for group in invitation.groups.live().order_by("title"):
        try:
            add_membership(
                group, person, role=Membership.Role.PATIENT_VOLUNTEER, trust=None, voting=False
            )
        except AlreadyAMember:
            continue
        joined.append(group)
    return joined


def current_policy(request=None, site=None):
    if request is not None:
        return VolunteerPolicySettings.for_request(request)
    return VolunteerPolicySettings.for_site(site)


def needs_policy_acceptance(user, policy):
    """A volunteer must accept the current policy version before using the portal."""
    if not (policy.is_set and is_volunteer(user)):
        return False
    return not PolicyAcceptance.objects.filter(
        person=user, policy_version=policy.policy_version
    ).exists()


@transaction.atomic
def accept_policy(user, policy):
    if not policy.is_set:
        raise VolunteerError("There is no policy to accept yet.")
    acceptance, _ = PolicyAcceptance.objects.get_or_create(
        person=user,
        policy_version=policy.policy_version,
        defaults={"policy_page_id": policy.policy_page_id},
    )
    return acceptance


@transaction.atomic
def set_public_name_consent(person, *, consent):
    """Record whether a volunteer agrees to be named on public pages; they may change it."""
    if consent:
        PublicNameConsent.objects.get_or_create(person=person)
    else:
        PublicNameConsent.objects.filter(person=person).delete()
    return consent
