"""Who may see and do what with SIG workspaces, protocols and adoption. Views, services and
workflow tasks ask these, nothing else."""

import rules

from governance.models import Membership
from governance.rules import can_manage_group, is_group_member, may_view
from portal.rules import is_network_admin, is_network_member

from .models import ProtocolVisibility, SigPage, TrustLead


def protocol_visibilities_for(user):
    """The protocol audiences this person belongs to, by governance's one visibility rule."""
    # Public and network-member items do not depend on the group, so none is passed.
    return [value for value in ProtocolVisibility.values if may_view(user, None, value)]


@rules.predicate
def can_see_variation_dashboard(user):
    """The protocol-variation dashboard (and its CSV) is for network members."""
    return is_network_member(user)


@rules.predicate
def can_view_protocol(user, protocol):
    return may_view(user, None, protocol.visibility)


@rules.predicate
def is_sig_chair(user, sig):
    membership = sig.current_membership_of(user)
    return membership is not None and membership.role == Membership.Role.CHAIR


@rules.predicate
def can_approve_protocol(user, protocol):
    """Only the SIG's chair, from its memberships, approves a protocol version."""
    return user.is_authenticated and is_sig_chair(user, protocol.sig)


@rules.predicate
def can_end_sig_review(user, protocol):
    """The chair, deputy or secretary closes the members' review (the network office too)."""
    return user.is_authenticated and can_manage_group(user, protocol.sig)


@rules.predicate
def can_review_in_sig(user, sig):
    """Every current member of the SIG reads and comments on versions in review."""
    if not user.is_authenticated:
        return False
    return is_group_member(user, sig) or can_manage_group(user, sig)


@rules.predicate
def can_comment_on_protocol(user, protocol):
    return can_review_in_sig(user, protocol.sig)


@rules.predicate
def can_manage_work_programme(user, sig):
    return user.is_authenticated and can_manage_group(user, sig)


@rules.predicate
def can_appoint_trust_leads(user, sig):
    """The chair chooses the trust leads; the network office may put it right."""
    return user.is_authenticated and (is_sig_chair(user, sig) or is_network_admin(user))


def trusts_led_by(user, sig):
    """The trusts this person is trust lead for in the SIG (only while a current member)."""
    if not user.is_authenticated or sig.current_membership_of(user) is None:
        return set()
    return set(TrustLead.objects.filter(sig=sig, person=user).values_list("trust_id", flat=True))


def can_set_adoption(user, sig, trust):
    """Trust leads for that trust on the SIG, and the SIG's chair, set adoption statuses."""
    if not user.is_authenticated:
        return False
    return is_sig_chair(user, sig) or trust.pk in trusts_led_by(user, sig)


def sigs_run_by(user):
    """SIG pages this person runs (chair, deputy or secretary); every SIG for the office."""
    if is_network_admin(user):
        return list(SigPage.objects.all())
    ids = Membership.objects.current().leading().filter(person=user).values("group_id")
    return list(SigPage.objects.filter(pk__in=ids))


def sigs_chaired_by(user):
    ids = (
        Membership.objects.current()
        .filter(person=user, role=Membership.Role.CHAIR)
        .values("group_id")
    )
    return list(SigPage.objects.filter(pk__in=ids))


rules.add_perm("sigs.view_protocol", can_view_protocol)
rules.add_perm("sigs.see_variation_dashboard", can_see_variation_dashboard)
rules.add_perm("sigs.approve_protocol", can_approve_protocol)
rules.add_perm("sigs.comment_on_protocol", can_comment_on_protocol)
rules.add_perm("sigs.manage_work_programme", can_manage_work_programme)
rules.add_perm("sigs.appoint_trust_leads", can_appoint_trust_leads)
