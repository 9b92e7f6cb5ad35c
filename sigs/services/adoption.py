"""Trust adoption of protocol versions: setting a status, what a new version does to it, the
"behind" rule, the variation matrix and the counts the network dashboard shows.

The rule for a new version lives here and nowhere else: a minor version carries every trust's
status on the version before forward (`carry_forward_adoption`); a major version carries
nothing, so trusts that had settled the version before are behind until they re-confirm, and
their trust leads are asked to (`tell_trust_leads_of_new_version`). Every figure (the matrix,
the adoption page, the network dashboard's `adopted_count_by_trust`) reads the rows this
leaves on the current version.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from portal.email import send_templated_email
from portal.models import Trust

from .. import notifications
from ..errors import AdoptionError, NotATrustLead
from ..models import (
    Adoption,
    ChangeKind,
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
                "carried_forward_from": None,
            },
        )
    return adoption


# What a new version does to adoption ------------------------------------------------------


def carries_adoption_forward(version):
    """True for a minor version: trusts' statuses on the version before still hold."""
    return version.change_kind == ChangeKind.MINOR


def carry_forward_adoption(previous, version):
    """Copy every trust's status on `previous` to the new minor `version`, marked as carried
    forward, so a wording fix leaves the network's adoption as it was. Called by the approval
    service in its transaction; a major version carries nothing. Returns the rows made."""
    if previous is None or not carries_adoption_forward(version):
        return []
    already = set(Adoption.objects.filter(version=version).values_list("trust_id", flat=True))
    now = timezone.now()
    rows = [
        Adoption(
            version=version,
            trust_id=row.trust_id,
            status=row.status,
            adopted_on=row.adopted_on,
            adopt_by=row.adopt_by,
            variation_reason=row.variation_reason,
            set_by_id=row.set_by_id,
            set_at=now,
            carried_forward_from=previous,
        )
        for row in Adoption.objects.filter(version=previous).order_by("pk")
        if row.trust_id not in already
    ]
    return Adoption.objects.bulk_create(rows)


def what_happens_to_adoption(change_kind, previous_number):
    """One sentence for the chair and members: what approving this kind of version does."""
    if not previous_number:
        return ""
    if change_kind == ChangeKind.MINOR:
        return (
            f"This is a minor version: every trust's adoption of version {previous_number} "
            "carries forward to it automatically."
        )
    return (
        "This is a major version: trust leads are asked to re-confirm, and trusts that "
        f"settled version {previous_number} show as behind until they do."
    )


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

    @property
    def note(self):
        """Carried forward from an earlier version (minor change), or ""."""
        return self.adoption.carried_forward_note if self.adoption and not self.is_behind else ""


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

    def filtered(self, *, status="", trust_ids=()):
        """The protocols with a trust in `status` (all if empty) and the trusts in
        `trust_ids` (all if empty) that are in it; totals recounted over what is left."""
        trusts = [t for t in self.trusts if not trust_ids or t.pk in trust_ids]
        kept = {t.pk for t in trusts}
        rows = []
        for row in self.rows:
            cells = [(t, c) for t, c in row.cells if t.pk in kept]
            if status:
                cells_in_status = [(t, c) for t, c in cells if c.status == status]
                if not cells_in_status:
                    continue
            rows.append(Row(row.protocol, cells, row.on_current, row.applicable))
        if status:
            with_status = {t.pk for row in rows for t, c in row.cells if c.status == status}
            trusts = [t for t in trusts if t.pk in with_status]
            kept = {t.pk for t in trusts}
            for row in rows:
                row.cells = [(t, c) for t, c in row.cells if t.pk in kept]
        adopted = defaultdict(int)
        for row in rows:
            for trust, cell in row.cells:
                if cell.status == Status.ADOPTED:
                    adopted[trust.pk] += 1
        return Matrix(trusts=trusts, rows=rows, adopted_by_trust=dict(adopted))

    def by_trust(self):
        """The same cells turned round: per trust, its position on each protocol."""
        per_trust = {trust.pk: [] for trust in self.trusts}
        for row in self.rows:
            for trust, cell in row.cells:
                per_trust[trust.pk].append((row, cell))
        return [
            TrustRow(trust, per_trust[trust.pk], self.adopted_by_trust.get(trust.pk, 0))
            for trust in self.trusts
        ]


@dataclass
class TrustRow:
    trust: object
    cells: list  # (Row, Cell) per protocol
    adopted: int = 0


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
    ).select_related("version", "carried_forward_from")
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
        Adoption.objects.on_current_versions()
        .adopted()
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
    """Ask the leads of every trust now behind on a newly approved major version to
    re-confirm, once each. A minor version carried adoption forward: nobody is asked."""
    version = ProtocolVersion.objects.select_related("protocol").get(pk=version_id)
    if not version.is_current or carries_adoption_forward(version):
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
                if not notifications.new_version_to_adopt(
                    lead.person, lead.trust, protocol, version
                ):
                    continue  # they switched these emails off (or were told already)
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
