"""Who may see and do what in the site core, and the shared roles every app asks.

The roles are defined here once (`is_network_admin`, `is_network_member`, `is_volunteer`) and
every other app's rules are built on them: nothing else tests `is_superuser`, `office_team`
or the volunteer flag to decide access.
"""

import rules
from allauth.mfa.models import Authenticator

# The volunteer role a membership can carry (governance.Membership.Role.PATIENT_VOLUNTEER),
# named here so the core need not import governance.
VOLUNTEER_ROLE = "patient_volunteer"


@rules.predicate
def is_network_member(user):
    return user.is_authenticated and user.is_network_member


@rules.predicate
def is_network_office(user):
    return user.is_authenticated and user.office_team == user.OfficeTeam.NETWORK_OFFICE


@rules.predicate
def is_comms_team(user):
    return user.is_authenticated and user.office_team == user.OfficeTeam.COMMS


@rules.predicate
def is_network_admin(user):
    """Superusers and the network office: they run the network and may open everything."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or is_network_office(user)


@rules.predicate
def is_volunteer(user):
    """A patient volunteer: flagged as one, or holding the volunteer role in a current
    membership. The policy gate, lay review and expenses all ask this."""
    if not user.is_authenticated:
        return False
    if user.is_lay_member:
        return True
    # Asked by the policy gate and the navigation on every page: once per request's user.
    if "_is_volunteer" not in user.__dict__:
        has_role = user.memberships.current().filter(role=VOLUNTEER_ROLE).exists()
        user.__dict__["_is_volunteer"] = has_role
    return user.__dict__["_is_volunteer"]


@rules.predicate
def holds_privileged_role(user):
    """Someone whose account opens what others may not: the network office, superusers, and
    anyone with the page editor (comms, chairs and secretaries editing their pages)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_network_admin(user) or user.has_perm("wagtailadmin.access_admin")


@rules.predicate
def has_second_factor(user):
    """An authenticator app (TOTP) or a security key; recovery codes alone are not one."""
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


needs_second_factor = holds_privileged_role & ~has_second_factor


@rules.predicate
def can_read_metrics(user):
    """Staff with the Django admin read the metrics page (a token also opens it)."""
    return user.is_authenticated and user.is_active and user.is_staff


can_review_applicants = is_network_admin

rules.add_perm("portal.review_applicants", can_review_applicants)
rules.add_perm("portal.network_admin", is_network_admin)
rules.add_perm("portal.network_member", is_network_member)
rules.add_perm("portal.volunteer", is_volunteer)
# The approval queue lives in the Wagtail admin, so the network office must be able to open it
# (and, like everyone with admin access, set up MFA first).
rules.add_perm("wagtailadmin.access_admin", is_network_office)
