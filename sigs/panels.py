"""What SIGs add to the portal's navigation and to My network: the SIGs and their protocols,
and a panel of the protocols awaiting this person's review (a version in review in a SIG they
belong to) or their trust's adoption (for trust leads)."""

from django.db.models import Q
from django.urls import reverse
from wagtail import hooks

from governance.models import Membership
from portal.my_network import Panel
from portal.navigation import NavLink

from .models import Adoption, ProtocolPage, ProtocolVersion, SigPage, TrustLead

AWAITING_ADOPTION = {None, Adoption.Status.NOT_STARTED, Adoption.Status.ADOPTING}
SHOWN = 5


@hooks.register("site_navigation")
def sigs_links():
    return [
        NavLink(
            "SIGs and protocols",
            url_name="sigs:index",
            order=20,
            description="the special interest groups, their work and shared protocols",
        ),
    ]


def _under(sigs):
    under = Q()
    for sig in sigs:
        under |= ProtocolPage.objects.child_of_q(sig)
    return under


@hooks.register("my_network_panels")
def protocols_panel(request):
    """Five queries however many SIGs, protocols and trusts; None for people in no SIG."""
    user = request.user
    current = Membership.objects.current().filter(person=user).values("group_id")
    sigs = list(SigPage.objects.filter(pk__in=current).only("id", "path", "depth", "title"))
    if not sigs:
        return None
    in_review = list(
        ProtocolPage.objects.live()
        .filter(_under(sigs))
        .with_review_state()
        .filter(in_review=True)
        .order_by("title")[:SHOWN]
    )
    leads = list(TrustLead.objects.filter(person=user, sig__in=sigs).select_related("trust"))
    to_adopt = []
    if leads:
        trusts_by_sig = {}
        for lead in leads:
            trusts_by_sig.setdefault(lead.sig_id, []).append(lead.trust)
        led_sigs = [sig for sig in sigs if sig.pk in trusts_by_sig]
        by_path = {sig.path: sig for sig in led_sigs}
        versions = list(
            ProtocolVersion.objects.current()
            .filter(protocol__live=True)
            .filter(protocol__in=ProtocolPage.objects.filter(_under(led_sigs)))
            .select_related("protocol")
        )
        statuses = dict(
            (((a.version_id, a.trust_id), a.status))
            for a in Adoption.objects.filter(
                version__in=versions, trust__in=[lead.trust for lead in leads]
            )
        )
        for version in versions:
            sig = by_path[version.protocol.path[: -ProtocolPage.steplen]]
            for trust in trusts_by_sig[sig.pk]:
                status = statuses.get((version.pk, trust.pk))
                if status in AWAITING_ADOPTION:
                    to_adopt.append(
                        {
                            "protocol": version.protocol,
                            "version": version,
                            "trust": trust,
                            "status": Adoption.Status(status or Adoption.Status.NOT_STARTED),
                        }
                    )
    return Panel(
        title="Protocols awaiting you",
        template="sigs/panels/protocols.html",
        context={
            "in_review": in_review,
            "to_adopt": to_adopt[:SHOWN],
            "is_trust_lead": bool(leads),
        },
        order=40,
        more_url=reverse("sigs:index"),
        more_label="Your SIGs' protocols",
    )
