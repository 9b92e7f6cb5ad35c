"""Trust adoption of protocol versions: setting a status, the "behind" rule, the variation
matrix and the counts the network dashboard shows."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from portal.email import send_templated_email
from portal.models import Trust

from ..errors import AdoptionError, NotATrustLead
from ..models import (
    Adoption,
    NewVersionNotice,
    ProtocolPage,
    ProtocolStatus,
    ProtocolVersion,
    TrustLead,
)
from ..rules import can_set_adoption

Status = Adoption.Status
# Statuses that settle a trust's position on a version: it is not "behind" on a new version
# until it has said where it stands on that one.
SETTLED = (Status.ADOPTED, Status.LOCAL_VARIATION, Status.NOT_APPLICABLE)
BEHIND = "behind"
COLOURS = {
    Status.ADOPTED: "green",
    Status.ADOPTING: "blue",
    Status.LOCAL_VARIATION: "yellow",
    Status.NOT_APPLICABLE: "white",
    Status.NOT_STARTED: "grey",
    BEHIND: "orange",
}


def network_trusts():
    """The trusts protocols are adopted by: the network's acute trusts, full and associate
    (community trusts do not run the scanners protocols are written for)."""
    return Trust.objects.network_members().acute().order_by("name")


# Setting a status -------------------------------------------------------------------------


def set_adoption(
    version, trust, user, status, *, adopted_on=None, adopt_by=None, variation_reason=""
):
    """Record where `trust` stands on `version`; only its trust leads and the chair may."""
    sig = version.protocol.sig
    if not can_set_adoption(user, sig, trust):
        raise NotATrustLead(
            f"Only {trust}'s trust lead on the {sig.title} or its chair can set this status."
        )
    status = Status(status)
    variation_reason = (variation_reason or "").strip()
    if status == Status.ADOPTED and adopted_on is None:
        raise AdoptionError("Give the date the trust adopted this version.", "adopted_on")
    if status == Status.ADOPTED and adopted_on > timezone.localdate():
        raise AdoptionError(
            "The adoption date cannot be in the future. Choose adopting by.", "adopted_on"
        )
    if status == Status.ADOPTING and adopt_by is None:
        raise AdoptionError("Give the date the trust expects to adopt this version by.", "adopt_by")
    if status == Status.LOCAL_VARIATION and not variation_reason:
        raise AdoptionError("Say why the trust varies from this protocol.", "variation_reason")
    if version.status == ProtocolStatus.RETIRED:
        raise AdoptionError("This protocol has been retired.")
    with transaction.atomic():
        adoption, _ = Adoption.objects.select_for_update().update_or_create(
            version=version,
            trust=trust,
            defaults={
                "status": status,
                "adopted_on": adopted_on if status == Status.ADOPTED else None,
                "adopt_by": adopt_by if status == Status.ADOPTING else None,
                "variation_reason": variation_reason if status == Status.LOCAL_VARIATION else "",
                "set_by": user,
                "set_at": timezone.now(),
            },
        )
    return adoption


# Where a trust stands ---------------------------------------------------------------------


@dataclass
class Cell:
    """A trust's position on a protocol's current version, in words and a colour."""

    status: str
    label: str
    colour: str
    adoption: Adoption | None = None
    on_version: str = ""

    @property
    def is_behind(self):
        return self.status == BEHIND


def position(current_status, earlier_settled_number, adoption=None):
    """The one "behind" rule: a trust that adopted (or varied from) an earlier version and has
    not yet settled its position on the current one is behind."""
    if current_status in SETTLED or not earlier_settled_number:
        status = Status(current_status)
        return Cell(status.value, status.label, COLOURS[status], adoption)
    return Cell(
        BEHIND,
        f"Behind: on version {earlier_settled_number}",
        COLOURS[BEHIND],
        adoption,
        on_version=earlier_settled_number,
    )


@dataclass
class Row:
    protocol: ProtocolPage
    cells: list
    on_current: int = 0
    applicable: int = 0

    @property
    def share_on_current(self):
        return round(100 * self.on_current / self.applicable) if self.applicable else 0


@dataclass
class Matrix:
    trusts: list
    rows: list
    adopted_by_trust: dict = field(default_factory=dict)

    def trust_totals(self):
        return [(trust, self.adopted_by_trust.get(trust.pk, 0)) for trust in self.trusts]


def adoption_matrix(protocols):
    """Protocols × network trusts: each cell a trust's position on the current version, each
    row the share of trusts on it, and per trust how many of these protocols it has adopted.
    Three queries, however many protocols and trusts there are."""
    protocols = [p for p in protocols if p.current_version_id]
    trusts = list(network_trusts())
    rows_by_version = defaultdict(dict)  # version id -> trust id -> Adoption
    settled_earlier = defaultdict(dict)  # protocol id -> trust id -> (major, minor)
    current_ids = {p.current_version_id for p in protocols}
    adoptions = Adoption.objects.filter(
        version__protocol__in=[p.pk for p in protocols]
    ).select_related("version")
    for adoption in adoptions:
        version = adoption.version
        if version.pk in current_ids:
            rows_by_version[version.pk][adoption.trust_id] = adoption
        elif adoption.status in (Status.ADOPTED, Status.LOCAL_VARIATION):
            best = settled_earlier[version.protocol_id].get(adoption.trust_id)
            if best is None or version.sort_key > best:
                settled_earlier[version.protocol_id][adoption.trust_id] = version.sort_key
    rows = []
    adopted_by_trust = defaultdict(int)
    for protocol in protocols:
        current = rows_by_version[protocol.current_version_id]
        row = Row(protocol=protocol, cells=[])
        for trust in trusts:
            adoption = current.get(trust.pk)
            status = adoption.status if adoption else Status.NOT_STARTED
            earlier = settled_earlier[protocol.pk].get(trust.pk)
            cell = position(status, "{}.{}".format(*earlier) if earlier else "", adoption)
            row.cells.append((trust, cell))
            if status != Status.NOT_APPLICABLE:
                row.applicable += 1
            if status == Status.ADOPTED:
                row.on_current += 1
                adopted_by_trust[trust.pk] += 1
        rows.append(row)
    return Matrix(trusts=trusts, rows=rows, adopted_by_trust=dict(adopted_by_trust))


def adopted_count_by_trust():
    """{trust id: how many live, current network protocols the trust has adopted}."""
    return dict(
        Adoption.objects.filter(
            status=Status.ADOPTED,
            version__status=ProtocolStatus.APPROVED,
            version__protocol__live=True,
        )
        .order_by()
        .values("trust")
        .annotate(n=Count("pk"))
        .values_list("trust", "n")
    )


def trusts_behind(version):
    """Trusts behind on `version`: the rule above, applied to one protocol."""
    matrix = adoption_matrix([version.protocol])
    return [trust for trust, cell in matrix.rows[0].cells if cell.is_behind] if matrix.rows else []


# Telling trust leads ----------------------------------------------------------------------


def tell_trust_leads_of_new_version(version_id):
    """Email the leads of every trust now behind on a newly approved version, once each."""
    version = ProtocolVersion.objects.select_related("protocol").get(pk=version_id)
    if not version.is_current:
        return 0
    protocol = ProtocolPage.objects.select_related("current_version").get(pk=version.protocol_id)
    behind = trusts_behind(protocol.current_version)
    sig = protocol.sig
    current_members = sig.memberships.current().values("person_id")
    leads = (
        TrustLead.objects.filter(sig=sig, trust__in=behind, person__in=current_members)
        .select_related("person", "trust")
        .order_by("person_id")
    )
    previous = (
        ProtocolVersion.objects.filter(protocol=protocol, status=ProtocolStatus.SUPERSEDED)
        .order_by("-major", "-minor")
        .first()
    )
    sent = 0
    for lead in leads:
        try:
            with transaction.atomic():
                NewVersionNotice.objects.create(version=version, person=lead.person)
                send_templated_email(
                    "sigs/email/new_protocol_version",
                    lead.person.email,
                    {
                        "person": lead.person,
                        "trust": lead.trust,
                        "protocol": protocol,
                        "version": version,
                        "previous": previous,
                        "sig": sig,
                    },
                )
        except IntegrityError:
            continue  # told already (the same person may lead for two trusts)
        sent += 1
    return sent
