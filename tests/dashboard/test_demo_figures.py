"""The demo's dashboard figures are exactly the annual report's, and loading twice adds nothing."""

import io
from decimal import Decimal

import pytest

from publications.dashboard import demo
from publications.dashboard.models import (
    MaturityAssessment,
    MaturityDomain,
    PlanObjective,
    QsinSnapshot,
    QsiProgress,
)
from publications.dashboard.services import metrics

# The report's table, as printed: Date, Operational Governance, IT & Digital, Workforce,
# Capital & Planning, Overall.
REPORT_TABLE = [
    ("Jan 2022", "Emerging", "Pre-emergent", "Pre-emergent", "Pre-emergent", "Emerging – 5"),
    ("Jul 2022", "Developing", "Emerging", "Pre-emergent", "Emerging", "Emerging – 6.4"),
    (
        "Jan 2023",
        "Maturing – 3.25",
        "Emerging – 1.88",
        "Emerging – 1.2",
        "Emerging – 1.5",
        "Emerging – 7.6",
    ),
    (
        "Jul 2023",
        "Maturing – 3.25",
        "Emerging – 2.0",
        "Emerging – 1.2",
        "Emerging – 1.3",
        "Emerging – 7.8",
    ),
    (
        "Dec 2023",
        "Maturing – 3.75",
        "Developing – 2.38",
        "Emerging – 1.8",
        "Emerging – 1.67",
        "Developing – 9.59",
    ),
]


@pytest.fixture
def loaded(demo_site):
    out = io.StringIO()
    demo.load(out)
    return out.getvalue()


def test_the_four_domains_in_the_reports_order(loaded):
    assert list(MaturityDomain.objects.values_list("name", flat=True)) == [
        "Operational Governance",
        "IT & Digital",
        "Workforce",
        "Capital & Planning",
    ]


def test_the_five_submissions_match_the_report_exactly(loaded):
    trend = metrics.maturity_trend()
    shown = [
        (
            f"{row['assessment'].submitted_on:%b %Y}",
            *[score.label for _, score in row["cells"]],
            row["assessment"].overall_label,
        )
        for row in trend.rows()
    ]
    assert shown == REPORT_TABLE
    scores = [a.overall_score for a in trend.assessments]
    assert scores == [Decimal("5"), Decimal("6.4"), Decimal("7.6"), Decimal("7.8"), Decimal("9.59")]
    assert "from Emerging – 5 in January 2022 to Developing – 9.59 in December 2023" in (
        trend.summary()
    )


def test_qsin_went_from_18_to_30_complete_and_25_to_27_commenced(loaded):
    progress = metrics.qsin_progress()
    assert [
        (s.taken_on.strftime("%b %Y"), s.percent_complete, s.percent_commenced)
        for s in progress.snapshots
    ] == [("Aug 2023", 18, 25), ("Dec 2023", 30, 27)]
    assert "from 18% to 30% complete and from 25% to 27% commenced" in progress.summary()


def test_qsi_covers_the_reports_15_trusts_as_estimates(loaded):
    matrix = metrics.qsi_matrix()
    assert len(matrix.rows) == 15
    assert matrix.recorded == 15
    assert matrix.estimates == 15  # the report gives no trust's stage
    assert all(row.stage >= 1 for row in matrix.rows)  # "all providers" have begun


def test_the_plan_holds_the_reports_objectives_for_five_years(loaded):
    plan = metrics.plan_progress()
    assert [label for label, _ in plan.years][0] == "Year 1 (2021/22)"
    assert len(plan.years) == 5
    assert PlanObjective.objects.filter(year=3).count() == 11
    assert PlanObjective.objects.filter(
        text__startswith="Achieve a score of 'Developing'", status="achieved"
    ).exists()


def test_loading_twice_changes_nothing(loaded):
    counts = [
        m.objects.count()
        for m in (MaturityAssessment, MaturityDomain, QsinSnapshot, QsiProgress, PlanObjective)
    ]
    demo.load(io.StringIO())
    assert counts == [
        m.objects.count()
        for m in (MaturityAssessment, MaturityDomain, QsinSnapshot, QsiProgress, PlanObjective)
    ]
    assert counts == [5, 4, 2, 15, 37]
