"""Each demo SIG's category, meeting cadence and work programme: the annual report's
Deliverables, Progress / Next Steps and Benefits lists, item by item."""

from datetime import timedelta

from django.utils import timezone

from governance.models import Membership

from ..models import SigPage, WorkItem

CATEGORY = SigPage.Category
DONE, IN_PROGRESS, PLANNED = (
    WorkItem.Status.DONE,
    WorkItem.Status.IN_PROGRESS,
    WorkItem.Status.PLANNED,
)

# slug: (category, cadence, deliverables, progress and next steps, benefits)
WORKSPACES = {
    "digital-sig": (
        CATEGORY.ENABLING,
        "Quarterly, on Teams; technical sessions in between as the CDIP specification needs",
        [
            "Strategic plan agreed through the governance structure",
            "Digital Directors Board established",
            "Digital objectives agreed: image sharing, report sharing, cross-site reporting, "
            "cross-site scheduling, better imaging data for training and research",
            "Digital supplier day hosted to validate the interoperable plan, with 60 suppliers",
        ],
        [
            "Trust engagement with the network agreed to include full and associate members",
            "Interoperability strategy replaced with a converged strategy for PACS/RIS "
            "replacement: the WMIN Converged Digital Imaging Platform (CDIP)",
            "Accenture appointed as digital partner, developing the procurement plan with trusts",
            "Specification sessions underway to build requirements for CDIP",
            "Business case sessions underway for the convergence outline business case",
        ],
        [
            "Speed up patient-related diagnostic decisions",
            "Improve clinical decision making",
            "Shared reporting and new service delivery models such as shared scheduling",
            "Resilience in data platforms",
            "Controlled use of AI, and data management for AI",
        ],
    ),
    "data-and-information-sig": (
        CATEGORY.ENABLING,
        "Quarterly, on Teams",
        [
            "Special interest group initiated",
            "Business intelligence network solution developed to meet network requirements",
            "Data dashboard agreed, covering all aspects and requirements of the network",
            "Task and finish groups set up to produce network-wide clinical guidelines",
        ],
        [
            "Inaugural SIG session held",
            "Chair and deputy chairs to be agreed",
            "BI pilot project established; data sharing agreements sought from trusts",
        ],
        [
            "Data-driven decision making",
            "Accurate forecasting of demand and improved planning",
            "Network, ICB and trust level intelligence",
            "Comparators and transparency for ICBs and providers",
        ],
    ),
    "workforce-sig": (
        CATEGORY.ENABLING,
        "Quarterly, on Teams",
        [
            "Network-wide workforce plan and workforce strategy completed",
            "International recruitment ambassadors identified",
            "Strategies to collate robust data for future work programmes identified",
        ],
        [
            "Identify effective ways to implement future work plans and programmes",
            "Continue to explore opportunities for best practice",
            "Maintain links with external stakeholders",
        ],
        [
            "Regional communications and links that give a forum for peer support",
            "Access to network-wide data sharing",
        ],
    ),
    "medical-physics-sig": (
        CATEGORY.ENABLING,
        "Every two months, on Teams",
        [
            "Regional workforce survey completed",
            "Regional scientific meeting refreshed",
            "Trial of regional FRCR physics training started in September 2023",
            "First group to trial the process for developing a target operating model",
        ],
        [
            "Develop a training consortium",
            "Workforce report to be developed",
            "Analysis of the 20 survey responses at the next meeting",
        ],
        [
            "Increased training capacity, less duplication and less variation",
            "Ultrasound STP rotations trialled regionally, improving access to training",
            "Networking with the heads of service from the six trust providers",
        ],
    ),
    "commercial-and-assets-sig": (
        CATEGORY.ENABLING,
        "Quarterly, in person in Birmingham",
        [
            "Network asset register updated and completed",
            "MoU between all 15 trust executive members for a joint purchasing model",
        ],
        [
            "Appointment of a commercial lead",
            "Network First approach strategy to be produced by the SIG",
            "Capital equipment plan agreed by all member trusts, covering rolling replacement",
        ],
        [
            "Economies of scale in procuring capital equipment and outsourcing",
            "Reducing unwarranted financial variation",
            "Same or similar equipment across trusts, familiar to rotating staff",
        ],
    ),
    "research-and-innovation-sig": (
        CATEGORY.ENABLING,
        "Quarterly, on Teams",
        [
            "R&I stakeholder engagement developed",
            "Priorities identified within this vast area",
            "Artificial intelligence sub-group initiated",
            "NHSE AI bid submitted",
        ],
        [
            "Development of an AI strategy",
            "Development of an AI evaluation process",
            "Collation of imaging-specific clinical trials across the region",
            "Chair and deputy to be determined",
        ],
        [
            "The AI forum shares practice and supports less experienced trusts",
            "Large clinical audiences for industry through the network",
            "A single process for evaluating AI software",
        ],
    ),
    "mri-sig": (
        CATEGORY.MODALITY,
        "Every two months, Tuesday 2pm to 4pm, on Teams",
        [
            "Inaugural meeting held on 7 November 2023",
            "Two meetings setting the work programme",
            "Service provision across the network reviewed in detail, including 58 scanners",
            "MRI regional physics training trial completed",
        ],
        [
            "Bi-monthly meetings chaired by the Lead MRI Physicist",
            "Business case ready for an extra-wide or open-bore scanner for bariatric and "
            "claustrophobic patients, if funding becomes available",
            "Standardise MRI protocols across the network, starting with lumbar spine",
        ],
        [
            "More capacity by sharing experience, such as assistant practitioners cannulating",
            "Sharing of MR safety forms to develop standardised questions across the network",
            "Shared training resources such as physics: less duplication, more consistency",
        ],
    ),
    "nuclear-medicine-sig": (
        CATEGORY.MODALITY,
        "Quarterly, on Teams",
        ["Inaugural meeting held on 31 January 2024, with more than 20 attendees"],
        ["Identify a chair, set the work programme and regular meetings"],
        ["Shared practice across the network's nuclear medicine departments"],
    ),
    "paediatric-sig": (
        CATEGORY.PATHWAY,
        "Quarterly, on Teams, with study days in person",
        [
            "Inaugural meeting on 14 July with members from each of the 15 trusts and the "
            "children's ODN",
            "Formal and informal education sessions planned from early Q1 2024/25",
        ],
        [
            "Review consent and patient information for suspected physical abuse imaging",
            "Standardisation of MRI protocols across the network",
            "Two study days led by the SIG in April",
        ],
        [
            "Less duplication of effort and consistent practice, so children move between "
            "trusts without repeat imaging",
            "Regular educational sessions by specialists, recorded for all members",
        ],
    ),
    "musculoskeletal-sig": (
        CATEGORY.PATHWAY,
        "Quarterly, on Teams",
        [
            "Inaugural meeting on 7 November, where priorities were discussed",
            "February 2024 meeting with a guest speaker from BSoL ICS on standard pathways",
        ],
        [
            "Reduce variation in protocols, starting with MRI spine",
            "Standardise MSK pathways in primary care alongside BSoL ICS",
        ],
        ["Standard primary care referrals: appropriate, and consistent across every region"],
    ),
    "gynaecology-sig": (
        CATEGORY.PATHWAY,
        "Quarterly, on Teams",
        [
            "Inaugural SIG on 31 January: aims, objectives and priorities set",
            "Meeting frequency and attendance requirements set",
        ],
        [
            "Identify common pathways for placenta and GP referrals",
            "Protocols and guidelines as the group's key outputs",
        ],
        [
            "Cross-network learning and feedback; data sharing for second opinions",
            "Training opportunities, led by a specialist women's hospital",
        ],
    ),
    "patient-and-public-involvement-sig": (
        CATEGORY.QUALITY,
        "Every two months, in person and on Teams",
        ["Patient volunteers identified to sit on the Operational Board as voting members"],
        [
            "Patient volunteers in place and building their imaging knowledge",
            "Develop a patient volunteer policy",
            "Patient volunteers support the development of the TOM surveys",
        ],
        [
            "Lived experience brings value to operational discussions",
            "Shared decision-making with patient volunteers makes the network accountable",
        ],
    ),
}

KINDS = (
    (WorkItem.Kind.DELIVERABLE, DONE),
    (WorkItem.Kind.PROGRESS, IN_PROGRESS),
    (WorkItem.Kind.BENEFIT, PLANNED),
)


def load_workspaces():
    """Categories, cadence and work programmes; an item already there is left alone."""
    added = 0
    today = timezone.localdate()
    for sig in SigPage.objects.filter(slug__in=WORKSPACES):
        category, cadence, *lists = WORKSPACES[sig.slug]
        if sig.category != category or sig.meeting_cadence != cadence:
            SigPage.objects.filter(pk=sig.pk).update(category=category, meeting_cadence=cadence)
        chair = (
            sig.memberships.current()
            .filter(role=Membership.Role.CHAIR)
            .select_related("person")
            .first()
        )
        existing = set(sig.work_items.values_list("kind", "title"))
        for (kind, status), titles in zip(KINDS, lists, strict=True):
            for order, title in enumerate(titles):
                if (kind, title) in existing:
                    continue
                WorkItem.objects.create(
                    sig=sig,
                    kind=kind,
                    title=title,
                    status=status,
                    owner=chair.person if chair and kind != WorkItem.Kind.BENEFIT else None,
                    start=today - timedelta(days=300) if status != PLANNED else None,
                    due=today + timedelta(days=90 + 30 * order) if status == IN_PROGRESS else None,
                    completed_on=today - timedelta(days=200 - 20 * order)
                    if status == DONE
                    else None,
                    sort_order=order,
                )
                added += 1
    return added
