"""Trust adoption: trust leads and the chair set their trusts' statuses; the variation
dashboard shows protocols × trusts, and exports it as CSV."""

import csv

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from governance.errors import GovernanceError
from portal.models import Trust

from ..forms import AdoptionForm
from ..models import Modality, ProtocolPage, SigPage
from ..rules import can_view_protocol, is_sig_chair, trusts_led_by
from ..services.adoption import adoption_matrix, network_trusts, set_adoption

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
    if request.method == "POST":
        trust = get_object_or_404(Trust, pk=request.POST.get("trust"))
        if trust not in trusts:
            raise Http404
        posted = AdoptionForm(request.POST, trust=trust)
        if posted.is_valid():
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
    )


# The variation dashboard -------------------------------------------------------------------


def _dashboard_protocols(request):
    protocols = (
        ProtocolPage.objects.live()
        .visible_to(request.user)
        .filter(current_version__isnull=False)
        .select_related("current_version")
        .order_by("path")
    )
    modality = request.GET.get("modality", "")
    if modality in Modality.values:
        protocols = protocols.filter(modality=modality)
    return protocols, modality


def _attach_sigs(protocols):
    """Each protocol's SIG, in one query for the lot (protocol.sig would ask once each)."""
    if not protocols:
        return
    steplen = protocols[0].steplen
    sigs = {
        sig.path: sig
        for sig in SigPage.objects.filter(path__in={p.path[:-steplen] for p in protocols})
    }
    for protocol in protocols:
        protocol.__dict__["sig"] = sigs.get(protocol.path[:-steplen])


def _may_see_dashboard(user):
    return user.is_authenticated and user.is_network_member


def variation_dashboard(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may_see_dashboard(request.user):
        raise Http404
    protocols, modality = _dashboard_protocols(request)
    page = Paginator(protocols, PROTOCOLS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    _attach_sigs(shown)
    matrix = adoption_matrix(shown)
    return TemplateResponse(
        request,
        "sigs/variation_dashboard.html",
        {
            "matrix": matrix,
            "page_obj": page,
            "modality": modality,
            "modalities": Modality.choices,
        },
    )


def variation_csv(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not _may_see_dashboard(request.user):
        raise Http404
    protocols, _ = _dashboard_protocols(request)
    protocols = list(protocols)
    _attach_sigs(protocols)
    matrix = adoption_matrix(protocols)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="protocol-variation.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["Protocol", "SIG", "Version", "Trusts on current version (%)"]
        + [trust.name for trust in matrix.trusts]
    )
    for row in matrix.rows:
        writer.writerow(
            [
                row.protocol.title,
                row.protocol.sig.title if row.protocol.sig else "",
                row.protocol.version,
                row.share_on_current,
            ]
            + [_csv_cell(cell) for _, cell in row.cells]
        )
    writer.writerow(["Protocols adopted", "", "", ""] + [str(n) for _, n in matrix.trust_totals()])
    return response


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
    path("protocols/<int:protocol_id>/adoption/", adoption_edit, name="adoption_edit"),
    path("variation/", variation_dashboard, name="variation_dashboard"),
    path("variation.csv", variation_csv, name="variation_csv"),
]
