"""The demo network's dashboard figures, from the annual report 2023/24.

The maturity matrix submissions, their domains and the QSIN gap analyses are the report's own
figures, exactly. The report gives no trust's QSI stage (only that "all providers" have begun
their QSI journey), so each trust's stage is invented and marked as an estimate. The plan's
objectives are the report's; where the report says nothing of an objective's progress its
status is invented too, and its progress note says so. Idempotent: run it as often as you like.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction
from wagtail.models import Page

from governance.models import AgendaItem, Decision, GroupPage
from portal.models import Trust

from .models import (
    DomainScore,
    MaturityAssessment,
    MaturityDomain,
    MaturityStage,
    ObjectiveEvidence,
    ObjectiveStatus,
    PlanObjective,
    QsinSnapshot,
    QsiProgress,
    QsiStage,
    QualityMarkStatus,
)
from .services.quorum import check_unchecked_meetings

DOMAINS = ["Operational Governance", "IT & Digital", "Workforce", "Capital & Planning"]

S = MaturityStage
# (date of submission, [(stage, score) per domain in DOMAINS order], overall stage, overall score)
MATURITY = [
    (
        date(2022, 1, 31),
        [
            (S.EMERGING, None),
            (S.PRE_EMERGENT, None),
            (S.PRE_EMERGENT, None),
            (S.PRE_EMERGENT, None),
        ],
        S.EMERGING,
        "5",
    ),
    (
        date(2022, 7, 31),
        [(S.DEVELOPING, None), (S.EMERGING, None), (S.PRE_EMERGENT, None), (S.EMERGING, None)],
        S.EMERGING,
        "6.4",
    ),
    (
        date(2023, 1, 31),
        [(S.MATURING, "3.25"), (S.EMERGING, "1.88"), (S.EMERGING, "1.2"), (S.EMERGING, "1.5")],
        S.EMERGING,
        "7.6",
    ),
    (
        date(2023, 7, 31),
        [(S.MATURING, "3.25"), (S.EMERGING, "2.0"), (S.EMERGING, "1.2"), (S.EMERGING, "1.3")],
        S.EMERGING,
        "7.8",
    ),
    (
        date(2023, 12, 31),
        [(S.MATURING, "3.75"), (S.DEVELOPING, "2.38"), (S.EMERGING, "1.8"), (S.EMERGING, "1.67")],
        S.DEVELOPING,
        "9.59",
    ),
]

# "A gap analysis was carried out in August 23 and reviewed again in December 2023 ... from 18%
# to 30% complete and from 25% to 27% commenced."
QSIN = [
    (
        date(2023, 8, 31),
        18,
        25,
        "First gap analysis, led by the Senior Quality Improvement Manager.",
    ),
    (date(2023, 12, 31), 30, 27, "Gap analysis reviewed in December 2023."),
]

# Invented: a spread consistent with "all providers have begun" and the Year 4 target of 12 of
# 15 trusts at stage 3 or beyond. ODS code → (stage, Quality Mark status).
QSI_ESTIMATES = {
    "RRK": (3, QualityMarkStatus.PREPARING),
    "RQ3": (3, QualityMarkStatus.PREPARING),
    "RRJ": (2, QualityMarkStatus.NOT_APPLIED),
    "RNA": (2, QualityMarkStatus.NOT_APPLIED),
    "RXK": (1, QualityMarkStatus.NOT_APPLIED),
    "RBK": (1, QualityMarkStatus.NOT_APPLIED),
    "RL4": (3, QualityMarkStatus.PREPARING),
    "RKB": (3, QualityMarkStatus.PREPARING),
    "RJC": (2, QualityMarkStatus.NOT_APPLIED),
    "RLT": (1, QualityMarkStatus.NOT_APPLIED),
    "RWP": (2, QualityMarkStatus.NOT_APPLIED),
    "RLQ": (1, QualityMarkStatus.NOT_APPLIED),
    "RXW": (2, QualityMarkStatus.NOT_APPLIED),
    "RL1": (2, QualityMarkStatus.NOT_APPLIED),
    "RJE": (1, QualityMarkStatus.NOT_APPLIED),
}
QSI_NOTE = (
    "Demo estimate: the annual report says only that all providers have begun their QSI "
    "journey, not each trust's stage."
)

A, P, R, N = (
    ObjectiveStatus.ACHIEVED,
    ObjectiveStatus.IN_PROGRESS,
    ObjectiveStatus.AT_RISK,
    ObjectiveStatus.NOT_STARTED,
)
INVENTED = "Status set for the demo; the annual report does not say."
# (year, objective, status, progress note). Notes quote the report where it speaks.
PLAN = [
    (1, "Appoint to Senior leadership team", A, "Senior leadership team in post."),
    (1, "Develop a Network Board", A, "Executive Board established."),
    (1, "Initiate sub-groups, inviting relevant partners to participate and contribute", A, ""),
    (1, "Engaging people and partners", A, ""),
    (
        2,
        "Develop the Network operating model and a robust and transparent governance structure "
        "including both an Executive and Operational Board",
        A,
        "Executive and Operational Boards in place.",
    ),
    (2, "Appoint the Network Core team against an agreed organogram", A, ""),
    (
        2,
        "Communications Strategy in place and signed off including Website, Newsletter, Twitter, "
        "and LinkedIn accounts",
        A,
        "",
    ),
    (
        2,
        "Ensure Network Boards and Special Interest Groups (SIG's) are proactive and productive. "
        "Redesign and refresh",
        A,
        "",
    ),
    (
        2,
        "Digital Strategy and plan in place, with milestones and evidence of agreed actions",
        A,
        "",
    ),
    (
        2,
        "First iteration of the Workforce Strategy in place and submitted to NHSE",
        A,
        "The Executive Board approved the network workforce strategy and plan.",
    ),
    (
        3,
        "Agreement with Exec Board to move towards joint purchasing and strategy in place",
        A,
        "The Board agreed a MoU for joint purchasing of equipment through the network.",
    ),
    (3, "Agreed and Sustainable funding for the Network", R, INVENTED),
    (
        3,
        "Achieve a score of 'Developing' in NHSEs Maturity Matrix by December 23 with Quality "
        "Standard for Imaging Network Gap analysis conducted",
        A,
        "Developing – 9.59 in December 2023; QSIN gap analysis in August and December 2023.",
    ),
    (
        3,
        "Ensure the patient voice is a fundamental part of the network and its deliverables",
        P,
        "Patient volunteers are in place and attend their first Ops Board meeting in April 2024.",
    ),
    (
        3,
        "Digital Strategic OBC for image/report sharing, cross site reporting and cross site "
        "scheduling delivered and considered in WMIN Governance",
        R,
        "Supported by all member trusts except for the financial case, which prevented the OBC "
        "from progressing.",
    ),
    (
        3,
        "Reprioritised digital plan (Business Intelligence, Image/Report sharing, tactical "
        "PACS/RIS convergence), under way.",
        P,
        "Trusts have reset the digital strategy from an interoperable plan to a convergence plan.",
    ),
    (
        3,
        "Review the whole WM Workforce Systems Plans and develop a network strategy to include "
        "other staff groups",
        P,
        INVENTED,
    ),
    (
        3,
        "Appoint to the remainder of the Network Core team against an agreed organogram",
        P,
        INVENTED,
    ),
    (
        3,
        "Stand up of Data & Information, Research & Innovation, Commercial & Assets, Paediatric "
        "SIGs, Digital Board, Clinical and Quality Forums",
        A,
        "",
    ),
    (
        3,
        "Data mandates in place and Infrastructure/ Dashboard developed to show regional "
        "performance and information",
        P,
        "This dashboard is the start of it.",
    ),
    (
        3,
        "Current and Target Operating Model programme initiated",
        P,
        "Developing the Target Operating Model begins in Q1 2024/25.",
    ),
    (
        4,
        "80% of the way towards achieving Quality Standard for Imaging Network",
        P,
        "30% complete in December 2023.",
    ),
    (4, "12 out of 15 Trusts to be on at least level 3 in Quality Standard for Imaging", P, ""),
    (4, "Maturing stage of the maturity matrix reached", P, "Developing in December 2023."),
    (4, "Target Operating Model approval", N, ""),
    (
        4,
        "Business Intelligence live in 15 Trusts. Digital solutions for cross site image and "
        "report sharing identified and agreed.",
        N,
        "",
    ),
    (
        4,
        "Harmonisation of common protocols and pathways agreed and in place covering a range of "
        "specialties.",
        P,
        INVENTED,
    ),
    (4, "Procurement of imaging equipment strategy", N, ""),
    (4, "At least one network level AI solution deployed", N, ""),
    (
        5,
        "At least 5 NHS Trust to have achieved Quality Standard for Imaging "
        "accreditation/quality mark",
        N,
        "",
    ),
    (5, "Quality Standard for Imaging Network Quality Mark achieved", N, ""),
    (5, "Aspiring towards thriving status against the Maturity Matrix", N, ""),
    (5, "At least one joint procurement tender has been let", N, ""),
    (5, "PACS/RIS convergence optimised", N, ""),
    (
        5,
        "National Imaging Registry or equivalent widely deployed for image and report sharing",
        N,
        "",
    ),
    (5, "Cross site business case reporting and scheduling business case approval", N, ""),
    (5, "Benefits realisation for the network partners (the so what?)", N, ""),
]

# (plan objective starts with, evidence title, decision text contains)
DECISION_EVIDENCE = [
    (
        "First iteration of the Workforce Strategy",
        "Executive Board decision: workforce strategy and plan approved",
        "workforce strategy",
    ),
    (
        "Agreement with Exec Board to move towards joint purchasing",
        "Executive Board decision: memorandum of understanding for joint purchasing",
        "joint purchasing",
    ),
]
# (plan objective starts with, evidence title, page slug)
PAGE_EVIDENCE = [
    ("Develop a Network Board", "The Executive Board", "executive-board"),
    ("Develop the Network operating model", "The Operational Board", "operational-board"),
    ("Stand up of Data & Information", "The Digital Board", "digital-board"),
]


def load_domains():
    domains = {}
    for order, name in enumerate(DOMAINS):
        domains[name], _ = MaturityDomain.objects.update_or_create(
            name=name, defaults={"sort_order": order}
        )
    return domains


def load_maturity():
    domains = load_domains()
    for submitted_on, scores, stage, overall in MATURITY:
        assessment, _ = MaturityAssessment.objects.update_or_create(
            submitted_on=submitted_on,
            defaults={"overall_stage": stage, "overall_score": Decimal(overall)},
        )
        for name, (domain_stage, score) in zip(DOMAINS, scores, strict=True):
            DomainScore.objects.update_or_create(
                assessment=assessment,
                domain=domains[name],
                defaults={
                    "stage": domain_stage,
                    "score": Decimal(score) if score is not None else None,
                    "sort_order": DOMAINS.index(name),
                },
            )
    latest = MaturityAssessment.objects.get(submitted_on=MATURITY[-1][0])
    item = (
        AgendaItem.objects.filter(title__startswith="Maturity matrix", meeting__live=True)
        .select_related("meeting")
        .order_by("-meeting__start")
        .first()
    )
    if item is not None and not latest.evidence.exists():
        latest.evidence.create(
            title="Executive Board: maturity matrix and QSIN progress report", page=item.meeting
        )


def load_qsin():
    for taken_on, complete, commenced, note in QSIN:
        QsinSnapshot.objects.update_or_create(
            taken_on=taken_on,
            defaults={
                "percent_complete": complete,
                "percent_commenced": commenced,
                "note": note,
            },
        )


def load_qsi():
    for trust in Trust.objects.filter(ods_code__in=QSI_ESTIMATES):
        stage, quality_mark = QSI_ESTIMATES[trust.ods_code]
        QsiProgress.objects.update_or_create(
            trust=trust,
            defaults={
                "stage": stage,
                "quality_mark_status": quality_mark,
                "target_stage": max(stage, QsiStage.IMPLEMENTING),
                "target_date": date(2025, 3, 31),
                "accreditation_target_date": date(2026, 3, 31) if stage >= 3 else None,
                "is_estimate": True,
                "notes": QSI_NOTE,
            },
        )


def _objective(prefix):
    return PlanObjective.objects.filter(text__startswith=prefix).first()


def load_plan():
    for order, (year, text, status, note) in enumerate(PLAN):
        PlanObjective.objects.update_or_create(
            year=year,
            text=text,
            defaults={"status": status, "progress_note": note, "sort_order": order},
        )
    for prefix, title, words in DECISION_EVIDENCE:
        objective = _objective(prefix)
        decision = Decision.objects.filter(text__icontains=words).order_by("decided_on").first()
        if objective and decision:
            ObjectiveEvidence.objects.get_or_create(
                objective=objective, decision=decision, defaults={"title": title}
            )
    for prefix, title, slug in PAGE_EVIDENCE:
        objective = _objective(prefix)
        page = GroupPage.objects.filter(slug=slug).first()
        if objective and page:
            ObjectiveEvidence.objects.get_or_create(
                objective=objective, page=page, defaults={"title": title}
            )
    protocols = Page.objects.live().filter(content_type__model="protocolpage").order_by("path")[:3]
    harmonisation = _objective("Harmonisation of common protocols")
    for protocol in protocols:
        ObjectiveEvidence.objects.get_or_create(
            objective=harmonisation,
            page=protocol,
            defaults={"title": f"Protocol: {protocol.title}"},
        )


@transaction.atomic
def load(stdout):
    load_maturity()
    load_qsin()
    load_qsi()
    load_plan()
    checked = check_unchecked_meetings()
    stdout.write(
        f"Dashboard: {MaturityAssessment.objects.count()} maturity submissions, "
        f"{QsinSnapshot.objects.count()} QSIN gap analyses, {QsiProgress.objects.count()} trusts' "
        f"QSI progress, {PlanObjective.objects.count()} plan objectives; "
        f"{checked} meetings' quorum checked."
    )
