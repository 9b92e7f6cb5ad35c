"""PDFs of CPD: the certificate of attendance and the CPD log shaped for an HCPC audit."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from portal.pdfs import tagged_pdf

from .services.log import HCPC_COLUMNS, hcpc_row, log_totals


def verify_url(base_url, certificate):
    return base_url + reverse("cpd:verify", args=[certificate.display_code])


def certificate_pdf(certificate, base_url):
    html = render_to_string(
        "events/cpd/pdf/certificate.html",
        {"certificate": certificate, "verify_url": verify_url(base_url, certificate)},
    )
    return tagged_pdf(html)


def cpd_log_pdf(person, entries, base_url, *, since):
    total, by_type = log_totals(entries)
    html = render_to_string(
        "events/cpd/pdf/cpd_log.html",
        {
            "person": person,
            "columns": HCPC_COLUMNS,
            "rows": [hcpc_row(entry, lambda c: verify_url(base_url, c)) for entry in entries],
            "total": total,
            "since": since,
            "by_type": by_type,
            "made_at": timezone.now(),
        },
    )
    return tagged_pdf(html)
