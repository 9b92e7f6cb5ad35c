"""The "Our year" data pack: the annual report's sections for any period, as a PDF and as a
zip of CSV files, generated from the same figures the dashboard shows."""

import io
import zipfile
from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from portal.exports import csv_text
from portal.pdfs import tagged_pdf

from .. import charts
from ..models import format_score
from . import metrics

# Maturity, QSI and QSIN are shown as progress up to the end of the period.
FROM_THE_START = date(2000, 1, 1)


@dataclass
class DataPack:
    period: metrics.Period
    numbers: metrics.YearInNumbers
    maturity: metrics.MaturityTrend
    qsi: metrics.QsiMatrix
    qsin: metrics.QsinProgress
    plan: metrics.PlanProgress
    sigs: list | None
    events: metrics.EventFigures | None
    generated_at: object

    @property
    def filename_stem(self):
        return f"our-year-{self.period.start:%Y-%m-%d}-to-{self.period.end:%Y-%m-%d}"


def build(period):
    """Every figure the data pack holds, for `period`."""
    to_date = metrics.Period(FROM_THE_START, period.end)
    return DataPack(
        period=period,
        numbers=metrics.year_in_numbers(period),
        maturity=metrics.maturity_trend(to_date),
        qsi=metrics.qsi_matrix(),
        qsin=metrics.qsin_progress(to_date),
        plan=metrics.plan_progress(),
        sigs=metrics.sig_deliverables(period),
        events=metrics.event_figures(period),
        generated_at=timezone.localtime(),
    )


def render_pdf(pack, base_url=None):
    """The data pack as a PDF (WeasyPrint), with its charts drawn in."""
    html = render_to_string(
        "dashboard/pdf/our_year.html",
        {
            "pack": pack,
            "maturity_chart": charts.maturity_chart(pack.maturity),
            "qsin_chart": charts.qsin_chart(pack.qsin),
            "qsi_chart": charts.qsi_chart(pack.qsi),
        },
    )
    return tagged_pdf(html, base_url=base_url)


def csv_files(pack):
    """{file name: CSV text} for each section of the data pack."""
    numbers = pack.numbers
    figures = [
        ("Period", pack.period.label),
        ("Meetings held", numbers.meetings_held),
        ("Decisions recorded", numbers.decisions),
        ("SIGs that met", numbers.sigs_active),
        ("SIGs in the network", numbers.sigs_total),
    ]
    if numbers.protocols_approved is not None:
        figures.append(("Protocols approved", numbers.protocols_approved))
    if pack.events is not None:
        figures += [("Events held", pack.events.held), ("Attendees", pack.events.attendees)]
    files = {"year-in-numbers.csv": csv_text(["Figure", "Value"], figures)}
    domains = pack.maturity.domains
    files["maturity-matrix.csv"] = csv_text(
        ["Date of submission"]
        + [f"{domain.name} {part}" for domain in domains for part in ("stage", "score")]
        + ["Overall stage", "Overall score"],
        [
            [f"{a.submitted_on:%Y-%m-%d}"]
            + [
                value
                for domain in domains
                for value in (
                    (
                        a.scores[domain.pk].get_stage_display(),
                        format_score(a.scores[domain.pk].score, min_places=1),
                    )
                    if domain.pk in a.scores
                    else ("", "")
                )
            ]
            + [a.get_overall_stage_display(), format_score(a.overall_score)]
            for a in pack.maturity.assessments
        ],
    )
    files["qsi-by-trust.csv"] = csv_text(
        [
            "Trust",
            "ODS code",
            "QSI stage",
            "Quality Mark",
            "Target stage",
            "Target date",
            "Estimate",
        ],
        [
            [
                row.trust.name,
                row.trust.ods_code,
                row.progress.stage if row.progress else "",
                row.progress.get_quality_mark_status_display() if row.progress else "",
                row.progress.target_stage
                if row.progress and row.progress.target_stage is not None
                else "",
                row.progress.target_date if row.progress and row.progress.target_date else "",
                ("yes" if row.progress.is_estimate else "no") if row.progress else "",
            ]
            for row in pack.qsi.rows
        ],
    )
    files["qsin-gap-analysis.csv"] = csv_text(
        ["Date", "% complete", "% commenced", "% not started"],
        [
            [
                f"{s.taken_on:%Y-%m-%d}",
                s.percent_complete,
                s.percent_commenced,
                s.percent_not_started,
            ]
            for s in pack.qsin.snapshots
        ],
    )
    files["five-year-plan.csv"] = csv_text(
        ["Year", "Objective", "Status", "Progress"],
        [
            [o.get_year_display(), o.text, o.get_status_display(), o.progress_note]
            for o in pack.plan.objectives
        ],
    )
    if pack.sigs is not None:
        files["sig-deliverables.csv"] = csv_text(
            ["SIG", "Deliverable", "Status", "Due by", "Completed on"],
            [
                [
                    entry.sig.title,
                    item.title,
                    item.get_status_display(),
                    item.due or "",
                    item.completed_on or "",
                ]
                for entry in pack.sigs
                for item in entry.items
            ],
        )
    if pack.events is not None:
        for name, heading, rows in [
            ("cpd-hours-by-trust.csv", "Trust", pack.events.cpd_by_trust),
            ("cpd-hours-by-staff-group.csv", "Staff group", pack.events.cpd_by_staff_group),
        ]:
            files[name] = csv_text(
                [heading, "Attendances", "CPD hours"],
                [[row["label"], row["attendances"], row["hours"]] for row in rows],
            )
    return files


def render_zip(pack):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, text in csv_files(pack).items():
            bundle.writestr(f"{pack.filename_stem}/{name}", text)
    return out.getvalue()
