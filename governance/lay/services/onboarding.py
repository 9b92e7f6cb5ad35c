"""Onboarding patient volunteers: the network office's invitation, the signed link that lets a
volunteer set a password, and accepting the current Patient Volunteer Policy."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.email import send_templated_email
from portal.models import User

from ..errors import InvitationInvalid, VolunteerError
from ..models import PolicyAcceptance, VolunteerInvitation, VolunteerPolicySettings
from ..rules import may_invite_volunteers

# Kept from when onboarding lived in portal, so links already sent still work.
INVITATION_SALT = "portal.volunteer-invitation"
INVITATION_DAYS = 14


def invitation_token(invitation):
    return signing.dumps({"invitation": invitation.pk}, salt=INVITATION_SALT, compress=True)


def invitation_url(invitation):
    return settings.WAGTAILADMIN_BASE_URL + reverse(
        "volunteer_accept_invitation", kwargs={"token": invitation_token(invitation)}
    )


@transaction.atomic
def invite_volunteer(*, email, first_name, last_name, by, message=""):
    """Create the volunteer's account (no password yet) and email them a signed link.

    A volunteer needs no NHS address. Inviting someone already invited, who has not yet set a
    password, sends a fresh link.
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
    invitation, _ = VolunteerInvitation.objects.update_or_create(
        person=person,
        defaults={
            "invited_by": by,
            "invited_at": timezone.now(),
            "accepted_at": None,
            "message": message.strip(),
        },
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
    invitation = (
        VolunteerInvitation.objects.select_related("person").filter(pk=data["invitation"]).first()
    )
    if invitation is None:
        raise InvitationInvalid("This invitation has been withdrawn.")
    if invitation.is_accepted:
        raise InvitationInvalid(
            "You have already set your password with this link. Sign in with your email "
            "address and password."
        )
    return invitation


@transaction.atomic
def accept_invitation(token, password):
    """Set the volunteer's password through their link; the link works once."""
    invitation = invitation_from_token(token)
    invitation = VolunteerInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_accepted:
        raise InvitationInvalid("This invitation has already been used.")
    person = invitation.person
    person.set_password(password)
    person.is_active = True
    person.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    # The link went to this address, so following it confirms it.
    EmailAddress.objects.update_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    return person


def current_policy(request=None, site=None):
    if request is not None:
        return VolunteerPolicySettings.for_request(request)
    return VolunteerPolicySettings.for_site(site)


def needs_policy_acceptance(user, policy):
    """A volunteer must accept the current policy version before using the portal."""
    if not (user.is_authenticated and user.is_lay_member and policy.is_set):
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
