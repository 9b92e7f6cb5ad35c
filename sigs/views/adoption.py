"""Trust adoption: trust leads and the chair set their trusts' statuses; the variation
dashboard shows protocols × trusts, and exports it as CSV."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from governance.errors import GovernanceError
from portal.exports import csv_response
from portal.tree import parent_path

from ..forms import AdoptionForm
from ..models import Adoption, Modality, ProtocolPage, SigPage
from ..rules import (
    can_see_variation_dashboard,
    can_view_protocol,
    is_sig_chair,
    trusts_led_by,
)
from ..services.adoption import (
    BEHIND,
    Matrix,
    adoption_matrix,
    network_trusts,
    set_adoption,
)

PROTOCOLS_PER_PAGE = 50


def _current_protocol(request, protocol_id):
    protocol = get_object_or_404(
        ProtocolPage.objects.live().select_related("current_version"), pk=protocol_id
    )
    if not can_view_protocol(request.user, protocol) or protocol.current_version is None:
        raise Http404
    return protocol


def _settable_trusts(user, sig):
    """The trusts whose status this person may set: all for the chair, else those they lead."""
    if is_sig_chair(user, sig):
        return list(network_trusts())
    led = trusts_led_by(user, sig)
    return [trust for trust in network_trusts() if trust.pk in led]


def _posted_trust(request, trusts):
    """The trust the form was posted for: None when the post names no trust at all, and not
    found when it names one this person may not set."""
    posted = request.POST.get("trust", "").strip()
    if not posted.isdigit():
        return None
    trust = next((trust for trust in trusts if str(trust.pk) == posted), None)
    if trust is None:
        raise Http404
    return trust


def adoption_edit(request, protocol_id):
    """Where each trust stands on the current version; a form per trust this person leads."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    protocol = _current_protocol(request, protocol_id)
    sig = protocol.sig
    trusts = _settable_trusts(request.user, sig)
    if not trusts:
        raise Http404
    posted = None
    status = 200
    if request.method == "POST":
        trust = _posted_trust(request, trusts)
        if trust is None:
            messages.error(request, "Choose one of the trusts listed on this page.")
            status = 400
        else:
            posted = AdoptionForm(request.POST, trust=trust)
        if posted is not None and posted.is_valid():
            try:
                set_adoption(
                    protocol.current_version,
                    trust,
                    request.user,
                    posted.cleaned_data["status"],
                    adopted_on=posted.cleaned_data["adopted_on"],
                    adopt_by=posted.cleaned_data["adopt_by"],
                    variation_reason=posted.cleaned_data["variation_reason"],
                )
            except GovernanceError as error:
                posted.add_error(getattr(error, "field", None), str(error))
            else:
                messages.success(
                    request,
                    f"Saved: {trust.name} on version {protocol.version}.",
                )
                return redirect(f"{request.path}#trust-{trust.pk}")
    matrix = adoption_matrix([protocol])
    cells = dict(matrix.rows[0].cells) if matrix.rows else {}
    forms = []
    for trust in trusts:
        if posted is not None and posted.trust == trust:
            forms.append((trust, cells.get(trust), posted))
            continue
        cell = cells.get(trust)
        adoption = cell.adoption if cell else None
        initial = {"status": cell.status if cell and not cell.is_behind else "not_started"}
        if adoption is not None:
            initial.update(
                status=adoption.status,
                adopted_on=adoption.adopted_on,
                adopt_by=adoption.adopt_by,
                variation_reason=adoption.variation_reason,
            )
        forms.append((trust, cell, AdoptionForm(initial=initial, trust=trust)))
    return TemplateResponse(
        request,
        "sigs/adoption_edit.html",
        {
            "protocol": protocol,
            "sig": sig,
            "forms": forms,
            "form": posted,
            "row": matrix.rows[0] if matrix.rows else None,
            "today": timezone.localdate(),
        },
        status=status,
    )


# The variation dashboard -------------------------------------------------------------------


STATUS_FILTERS = [*Adoption.Status.choices, (BEHIND, "Behind")]
VIEWS = {"protocol": "By protocol", "trust": "By trust"}


def _dashboard_filters(request, sigs):
    """The filters from the query string; anything unknown is ignored, not an error."""
    sig_pks = {str(sig.pk) for sig in sigs}
    trust = request.GET.get("trust", "")
    return {
        "view": request.GET.get("view") if request.GET.get("view") in VIEWS else "protocol",
        "sig": request.GET.get("sig") if request.GET.get("sig") in sig_pks else "",
        "modality": request.GET.get("modality")
        if request.GET.get("modality") in Modality.values
        else "",
        "status": request.GET.get("status")
        if request.GET.get("status") in dict(STATUS_FILTERS)
        else "",
        "trust": int(trust) if trust.isdigit() else None,
    }


def _dashboard_protocols(request, sigs, filters):
    protocols = (
        ProtocolPage.objects.live()
        .visible_to(request.user)
        .filter(current_version__isnull=False)
        .select_related("current_version")
        .order_by("path")
    )
    if filters["modality"]:
        protocols = protocols.filter(modality=filters["modality"])
    if filters["sig"]:
        protocols = protocols.child_of(next(s for s in sigs if str(s.pk) == filters["sig"]))
    return protocols


def _dashboard_sigs():
    return list(SigPage.objects.live().order_by("title"))


def _attach_sigs(protocols, sigs):
    """Each protocol's SIG from the list already read (protocol.sig would ask once each)."""
    by_path = {sig.path: sig for sig in sigs}
    for protocol in protocols:
        protocol.__dict__["sig"] = by_path.get(parent_path(protocol))


def variation_dashboard(request):
    """Protocols × network trusts, by protocol or by trust, filtered by SIG, modality,
    adoption status and trust. A fixed number of queries however many rows."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_see_variation_dashboard(request.user):
        raise Http404
    sigs = _dashboard_sigs()
    filters = _dashboard_filters(request, sigs)
    protocols = list(_dashboard_protocols(request, sigs, filters))
    _attach_sigs(protocols, sigs)
    full = adoption_matrix(protocols)
    trust_ids = {filters["trust"]} if filters["trust"] else ()
    matrix = full.filtered(status=filters["status"], trust_ids=trust_ids)
    page = Paginator(matrix.rows, PROTOCOLS_PER_PAGE).get_page(request.GET.get("page"))
    if page.paginator.num_pages > 1:
        matrix = Matrix(
            trusts=matrix.trusts, rows=list(page.object_list)
        ).filtered()  # totals over the protocols on this page
    query = request.GET.copy()
    query.pop("page", None)
    csv_query = {k: filters[k] for k in ("sig", "modality") if filters[k]}
    return TemplateResponse(
        request,
        "sigs/variation_dashboard.html",
        {
            "matrix": matrix,
            "by_trust": matrix.by_trust() if filters["view"] == "trust" else None,
            "page_obj": page,
            "filters": filters,
            "filtered": any(filters[k] for k in ("sig", "modality", "status", "trust")),
            "views": VIEWS,
            "sigs": sigs,
            "modalities": Modality.choices,
            "statuses": STATUS_FILTERS,
            "trusts": full.trusts,
            "csv_query": urlencode(csv_query),
            "protocol_count": page.paginator.count,  # all that match, not just this page
        },
    )


def variation_csv(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_see_variation_dashboard(request.user):
        raise Http404
    sigs = _dashboard_sigs()
    protocols = list(_dashboard_protocols(request, sigs, _dashboard_filters(request, sigs)))
    _attach_sigs(protocols, sigs)
    matrix = adoption_matrix(protocols)
    header = ["Protocol", "SIG", "Version", "Trusts on current version (%)"] + [
        trust.name for trust in matrix.trusts
    ]
    rows = [
        [
            row.protocol.title,
            row.protocol.sig.title if row.protocol.sig else "",
            row.protocol.version,
            row.share_on_current,
        ]
        + [_csv_cell(cell) for _, cell in row.cells]
        for row in matrix.rows
    ]
    rows.append(["Protocols adopted", "", "", ""] + [n for _, n in matrix.trust_totals()])
    return csv_response("protocol-variation.csv", header, rows)


def _csv_cell(cell):
    adoption = cell.adoption
    if cell.is_behind or adoption is None:
        return cell.label
    if adoption.adopted_on:
        return f"{cell.label} {adoption.adopted_on:%Y-%m-%d}"
    if adoption.adopt_by:
        return f"{cell.label} by {adoption.adopt_by:%Y-%m-%d}"
    if adoption.variation_reason:
        return f"{cell.label}: {adoption.variation_reason}"
    return cell.label


urlpatterns = [
    path("protocols/<id:protocol_id>/adoption/", adoption_edit, name="adoption_edit"),
    path("variation/", variation_dashboard, name="variation_dashboard"),
    path("variation.csv", variation_csv, name="variation_csv"),
]
