"""The demo network's risk registers: about forty risks drawn from the challenges in the
annual report (the 15% imaging vacancy rate, 1 in 5 patients waiting more than six weeks,
£32M spent on outsourcing, the digital business case rejected on affordability, report
turnaround times and engagement with the Quality Standard for Imaging).

Each risk is opened about a year ago and re-scored through the year with reasons, so registers
show trends, escalations and de-escalations; some reviews are overdue. Run it after the
governance and SIG demos (it finds groups by slug and skips any that are missing). It is
idempotent: a risk is found by its group and title.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from .models import GroupPage, Membership, Risk
from .services.risks import change_score, open_risk, record_review, risk_settings

C = Risk.Category
S = Risk.Source
A = Risk.Appetite


@dataclass(frozen=True)
class DemoRisk:
    group: str  # slug
    title: str
    category: str
    source: str
    cause: str
    event: str
    effect: str
    scores: tuple  # ((consequence, likelihood, reason), ...): the first is the opening score
    target: tuple = (2, 2)
    appetite: str = A.CAUTIOUS
    overdue: bool = False
    controls: str = ""
    gaps_in_control: str = ""
    assurances: str = ""
    gaps_in_assurance: str = ""


OPENED = "Risk opened."

RISKS = [
    # Executive Board
    DemoRisk(
        "executive-board",
        "Outsourcing spend not affordable within the network's financial envelope",
        C.FINANCIAL,
        S.HORIZON_SCANNING,
        "£32M a year is spent on outsourced reporting and acquisition across the 15 trusts",
        "Outsourcing costs keep rising faster than trust imaging budgets",
        "Trusts cannot fund other service improvements and the network's plans lose support",
        (
            (4, 4, OPENED),
            (4, 5, "Q2 outsourcing spend 9% above plan"),
            (4, 4, "Joint framework agreed"),
        ),
        target=(3, 2),
        controls="Network-wide outsourcing framework; monthly spend report to the board.",
        gaps_in_control="No shared insourcing capacity yet.",
        assurances="Quarterly finance report from the Commercial & Assets SIG.",
        gaps_in_assurance="Spend data from three trusts arrives late.",
    ),
    DemoRisk(
        "executive-board",
        "Convergence strategy delayed after the interoperability business case was rejected",
        C.DIGITAL,
        S.OTHER,
        "The interoperability outline business case was rejected on affordability",
        "The convergence business case is not approved by all 15 trusts this year",
        "Images and reports still cannot be shared across trusts, keeping waits long",
        (
            (4, 4, OPENED),
            (5, 4, "OBC rejected: incremental cost not affordable"),
            (4, 4, "Convergence strategy reset"),
        ),
        target=(3, 2),
        appetite=A.OPEN,
        controls="Convergence business case co-produced with trust finance leads.",
        gaps_in_control="Cash-releasing benefits not yet proven at trust level.",
    ),
    DemoRisk(
        "executive-board",
        "Network does not reach the Quality Standard for Imaging Networks quality mark",
        C.CLINICAL_QUALITY,
        S.AUDIT,
        "The QSIN gap analysis found weak network-level governance evidence",
        "The network is not assessed as ready for the QSIN quality mark",
        "The network cannot show commissioners it runs imaging services safely",
        (
            (3, 4, OPENED),
            (3, 3, "Senior Quality Improvement Manager in post"),
            (3, 2, "Maturity matrix rated Developing"),
        ),
        target=(2, 2),
    ),
    DemoRisk(
        "executive-board",
        "Trust boards withdraw support for network-wide decisions",
        C.REPUTATIONAL,
        S.HORIZON_SCANNING,
        "Trusts carry the costs of network schemes while benefits fall elsewhere",
        "One or more trusts withdraw from a network scheme",
        "Network programmes stall and the network loses credibility",
        ((3, 3, OPENED), (3, 2, "Memorandum of understanding signed")),
        target=(2, 2),
        overdue=True,
    ),
    # Operational Board
    DemoRisk(
        "operational-board",
        "Patients wait more than six weeks for diagnostic imaging",
        C.CAPACITY,
        S.AUDIT,
        "Demand for CT, MRI and ultrasound exceeds scanning and reporting capacity",
        "1 in 5 patients wait more than six weeks for their test",
        "Later diagnosis, deteriorating health and missed cancer standards",
        (
            (4, 4, OPENED),
            (4, 5, "8,800 patients now wait more than 13 weeks"),
            (4, 5, "Community diagnostic centre opening delayed"),
        ),
        target=(4, 2),
        appetite=A.MINIMAL,
        controls="Weekly waiting list review; mutual aid between trusts.",
        gaps_in_control="No shared booking across trusts.",
        assurances="DM01 returns to the board each month.",
    ),
    DemoRisk(
        "operational-board",
        "Report turnaround times exceed the network standard",
        C.CLINICAL_QUALITY,
        S.INCIDENT,
        "Reporting workload exceeds radiologist and reporting radiographer capacity",
        "Urgent and inpatient reports are not issued within the agreed turnaround times",
        "Treatment is delayed and patients stay in hospital longer",
        (
            (4, 3, OPENED),
            (4, 4, "Serious incident linked to a delayed CT report"),
            (4, 4, "Reporting backlog stable but not falling"),
        ),
        target=(3, 2),
        appetite=A.MINIMAL,
        overdue=True,
    ),
    DemoRisk(
        "operational-board",
        "Community diagnostic centres miss QSI accreditation within two years of opening",
        C.CLINICAL_QUALITY,
        S.HORIZON_SCANNING,
        "NHS England requires QSI accreditation within two years of a CDC opening",
        "One or more CDCs is not accredited in time",
        "Funding is at risk and patients cannot be assured of the service's quality",
        ((3, 3, OPENED), (3, 4, "Two CDCs have not started QSI self-assessment")),
        target=(3, 1),
    ),
    DemoRisk(
        "operational-board",
        "Mutual aid between trusts breaks down at times of pressure",
        C.CAPACITY,
        S.OTHER,
        "Trusts facing winter pressure keep capacity for their own patients",
        "Agreed mutual aid is withdrawn at short notice",
        "Waits grow unevenly across the region",
        ((3, 3, OPENED), (3, 2, "Mutual aid protocol agreed by all trusts")),
        target=(2, 2),
    ),
    DemoRisk(
        "operational-board",
        "Network work programme slips because trust staff cannot be released",
        C.WORKFORCE,
        S.OTHER,
        "Clinical staff who lead network workstreams have no protected time",
        "Workstream milestones are missed",
        "Benefits promised to trusts arrive late",
        ((2, 3, OPENED),),
        target=(2, 2),
    ),
    # Digital (Directors) Board
    DemoRisk(
        "digital-board",
        "Convergence business case not approved by every trust",
        C.FINANCIAL,
        S.OTHER,
        "Trusts distinguish cost avoidance from cash-releasing benefits",
        "The convergence outline business case fails the financial case again",
        "The network stays on separate PACS and image sharing stays slow",
        (
            (4, 3, OPENED),
            (5, 3, "Interoperability OBC rejected on affordability"),
            (4, 3, "Finance directors engaged in benefits work"),
        ),
        target=(3, 2),
        appetite=A.OPEN,
    ),
    DemoRisk(
        "digital-board",
        "PACS contracts expire before a converged system is in place",
        C.DIGITAL,
        S.HORIZON_SCANNING,
        "Several trusts' PACS contracts end within three years",
        "Trusts must extend or re-procure PACS on their own",
        "Convergence is locked out for another contract cycle",
        ((4, 3, OPENED), (4, 4, "Two contracts end within 18 months")),
        target=(3, 2),
        overdue=True,
    ),
    DemoRisk(
        "digital-board",
        "Cyber attack on a trust's imaging systems",
        C.DIGITAL,
        S.HORIZON_SCANNING,
        "Imaging systems are connected across trusts and suppliers",
        "Ransomware takes a PACS or RIS offline",
        "Scanning and reporting stop across several sites",
        ((5, 2, OPENED), (5, 3, "National alert about attacks on pathology suppliers")),
        target=(5, 1),
        appetite=A.AVERSE,
    ),
    DemoRisk(
        "digital-board",
        "Image sharing between trusts depends on manual transfers",
        C.DIGITAL,
        S.INCIDENT,
        "There is no network-wide image exchange",
        "Prior images are not available when a patient is scanned elsewhere",
        "Repeat scans, extra radiation dose and slower reporting",
        ((3, 4, OPENED), (3, 3, "Interim image exchange live at four trusts")),
        target=(2, 2),
    ),
    # Clinical Directors Forum and Quality Forum
    DemoRisk(
        "clinical-directors-forum",
        "Clinical directors cannot agree common protocols across trusts",
        C.CLINICAL_QUALITY,
        S.OTHER,
        "Each trust has its own imaging protocols",
        "Network protocols are not adopted",
        "Unwarranted variation in care persists",
        ((2, 3, OPENED), (2, 2, "Three shared protocols adopted")),
        target=(2, 1),
    ),
    DemoRisk(
        "clinical-directors-forum",
        "Radiologist capacity for sub-specialty reporting",
        C.WORKFORCE,
        S.HORIZON_SCANNING,
        "Few radiologists report paediatric, cardiac and neuro imaging",
        "Sub-specialty reports wait weeks",
        "Diagnoses are delayed for complex patients",
        ((4, 3, OPENED), (4, 4, "Two consultant retirements announced")),
        target=(3, 2),
    ),
    DemoRisk(
        "quality-forum",
        "Low engagement with the Quality Standard for Imaging",
        C.CLINICAL_QUALITY,
        S.AUDIT,
        "QSI work competes with service pressures in each department",
        "Fewer than 12 of the 15 trusts reach level 3",
        "Quality improvement stalls and accreditation targets are missed",
        ((3, 4, OPENED), (3, 3, "All providers have begun their QSI journey"), (3, 3, "Reviewed")),
        target=(2, 2),
    ),
    DemoRisk(
        "quality-forum",
        "Learning from imaging incidents is not shared between trusts",
        C.CLINICAL_QUALITY,
        S.INCIDENT,
        "Incidents are investigated within each trust",
        "The same incident recurs at another trust",
        "Avoidable harm to patients",
        ((3, 3, OPENED), (3, 2, "Monthly shared learning bulletin started")),
        target=(2, 2),
    ),
    DemoRisk(
        "quality-forum",
        "IR(ME)R compliance gaps found at inspection",
        C.CLINICAL_QUALITY,
        S.AUDIT,
        "Employer's procedures differ between trusts",
        "A CQC IR(ME)R inspection finds a breach",
        "Enforcement action and reputational damage",
        ((4, 2, OPENED),),
        target=(4, 1),
        appetite=A.AVERSE,
    ),
    # Workforce SIG
    DemoRisk(
        "workforce-sig",
        "15% vacancy rate among imaging staff",
        C.WORKFORCE,
        S.AUDIT,
        "Imaging staff vacancies stand at 15%, other clinical staff at 18%",
        "Lists are cancelled or run by agency staff",
        "Capacity falls and waits grow; agency costs rise",
        (
            (4, 4, OPENED),
            (4, 5, "Vacancies rose to 17% over the summer"),
            (4, 4, "International recruitment cohort started"),
        ),
        target=(3, 2),
        controls="Workforce plan launched; shared international recruitment.",
        gaps_in_control="Retention data is not collected consistently.",
        assurances="Quarterly vacancy return to the Operational Board.",
    ),
    DemoRisk(
        "workforce-sig",
        "Too few reporting radiographer training places",
        C.WORKFORCE,
        S.HORIZON_SCANNING,
        "Training places depend on yearly education funding",
        "Funding for reporting radiographer courses is cut",
        "Reporting capacity does not grow as planned",
        ((3, 3, OPENED), (3, 4, "Funding for next year unconfirmed")),
        target=(2, 2),
        overdue=True,
    ),
    DemoRisk(
        "workforce-sig",
        "Sonographer shortage",
        C.WORKFORCE,
        S.AUDIT,
        "Ultrasound demand grows faster than sonographer numbers",
        "Ultrasound lists are cut",
        "Obstetric and general ultrasound waits grow",
        ((4, 4, OPENED), (4, 3, "Apprenticeship route opened")),
        target=(3, 2),
    ),
    DemoRisk(
        "workforce-sig",
        "Staff wellbeing and burnout in imaging teams",
        C.WORKFORCE,
        S.COMPLAINT,
        "Sustained high workload and vacancies",
        "Sickness absence and leaving rates rise",
        "Further loss of capacity",
        ((3, 3, OPENED),),
        target=(2, 2),
    ),
    # Digital SIG and Data & Information SIG
    DemoRisk(
        "digital-sig",
        "Trusts' IT teams cannot support convergence work",
        C.DIGITAL,
        S.OTHER,
        "Trust IT teams are stretched by local priorities",
        "Convergence tasks wait behind local projects",
        "The convergence timetable slips",
        ((3, 3, OPENED), (3, 4, "Two trusts paused digital work for EPR go-lives")),
        target=(2, 2),
    ),
    DemoRisk(
        "digital-sig",
        "Voice recognition and reporting templates differ between trusts",
        C.DIGITAL,
        S.OTHER,
        "Each trust configures reporting tools differently",
        "Cross-site reporting is slower than local reporting",
        "Benefits of shared reporting are not realised",
        ((2, 3, OPENED),),
        target=(2, 2),
    ),
    DemoRisk(
        "data-and-information-sig",
        "Waiting list data are not comparable between trusts",
        C.DIGITAL,
        S.AUDIT,
        "Trusts count waits and activity differently",
        "The board acts on misleading figures",
        "Capacity is moved to the wrong places",
        ((3, 4, OPENED), (3, 3, "Common data definitions agreed")),
        target=(2, 2),
    ),
    DemoRisk(
        "data-and-information-sig",
        "Report turnaround times cannot be measured consistently",
        C.CLINICAL_QUALITY,
        S.AUDIT,
        "RIS systems record report times differently",
        "Turnaround performance is misreported",
        "Delays go unnoticed until harm occurs",
        ((3, 3, OPENED), (3, 4, "Audit found 20% of timestamps missing")),
        target=(2, 2),
        overdue=True,
    ),
    # Medical Physics SIG
    DemoRisk(
        "medical-physics-sig",
        "Shortage of medical physics experts",
        C.WORKFORCE,
        S.HORIZON_SCANNING,
        "Few MPEs are available to the region's trusts",
        "Equipment acceptance and optimisation are delayed",
        "New scanners stand idle and dose optimisation lapses",
        ((3, 3, OPENED), (3, 4, "Two MPE posts unfilled after advert")),
        target=(2, 2),
    ),
    DemoRisk(
        "medical-physics-sig",
        "Ageing imaging equipment beyond its replacement date",
        C.CAPACITY,
        S.AUDIT,
        "A quarter of CT and MRI scanners are more than ten years old",
        "Scanners break down more often",
        "Lists are cancelled and patients rebooked",
        (
            (4, 3, OPENED),
            (4, 4, "Three CT breakdowns in one quarter"),
            (4, 3, "Capital bid approved"),
        ),
        target=(3, 2),
    ),
    # Commercial & Assets SIG
    DemoRisk(
        "commercial-and-assets-sig",
        "£32M outsourcing spend without network-level control",
        C.FINANCIAL,
        S.AUDIT,
        "364,627 examinations were outsourced for reporting in 22/23",
        "Outsourcing prices rise under separate trust contracts",
        "Money leaves the NHS that could fund in-house capacity",
        (
            (4, 4, OPENED),
            (4, 5, "Supplier price rise of 12% notified"),
            (4, 4, "Network framework agreed with two suppliers"),
        ),
        target=(3, 2),
        overdue=True,
    ),
    DemoRisk(
        "commercial-and-assets-sig",
        "Capital equipment bought without economies of scale",
        C.FINANCIAL,
        S.OTHER,
        "Trusts procure scanners separately",
        "Higher prices and different models across the network",
        "Less equipment for the money and harder shared maintenance",
        ((3, 3, OPENED), (3, 2, "Joint procurement for CT agreed")),
        target=(2, 2),
    ),
    DemoRisk(
        "commercial-and-assets-sig",
        "Outsourcing supplier fails to meet report turnaround times",
        C.CLINICAL_QUALITY,
        S.INCIDENT,
        "Trusts depend on a few outsourcing suppliers",
        "A supplier misses its turnaround commitments",
        "Reports are late for thousands of patients",
        ((4, 3, OPENED), (4, 4, "Supplier missed turnaround for two months")),
        target=(3, 2),
    ),
    # Research & Innovation SIG and its AI sub-group
    DemoRisk(
        "research-and-innovation-sig",
        "Research capacity lost to service pressures",
        C.WORKFORCE,
        S.OTHER,
        "Staff time for research is taken by clinical work",
        "Studies close to recruitment early",
        "The network loses research income and reputation",
        ((2, 3, OPENED),),
        target=(2, 2),
    ),
    DemoRisk(
        "ai-sub-group",
        "AI tools deployed without shared clinical safety assurance",
        C.CLINICAL_QUALITY,
        S.HORIZON_SCANNING,
        "Trusts are buying AI triage tools one by one",
        "A tool is used outside its evidence base",
        "Missed findings and harm to patients",
        ((4, 3, OPENED), (4, 2, "Network AI governance framework approved")),
        target=(4, 1),
        appetite=A.CAUTIOUS,
    ),
    # MRI, Nuclear Medicine, Paediatric, Musculoskeletal, Gynaecology and PPI SIGs
    DemoRisk(
        "mri-sig",
        "MRI capacity falls short of demand",
        C.CAPACITY,
        S.AUDIT,
        "MRI demand has grown by 10% a year",
        "MRI waits exceed six weeks at most trusts",
        "Cancer and cardiac pathways are delayed",
        (
            (4, 4, OPENED),
            (4, 5, "Two scanners out of action for a month"),
            (4, 4, "Mobile scanner on site"),
            (4, 3, "Extended hours at three trusts"),
        ),
        target=(3, 2),
    ),
    DemoRisk(
        "mri-sig",
        "No wide or open bore scanner for bariatric and claustrophobic patients",
        C.CAPACITY,
        S.COMPLAINT,
        "No trust in the network has an extra wide or open bore scanner",
        "Patients travel out of region or are not scanned",
        "Delayed diagnosis and complaints",
        ((3, 3, OPENED), (3, 4, "Complaints from three patients sent out of region")),
        target=(2, 2),
    ),
    DemoRisk(
        "mri-sig",
        "MRI safety incidents with implanted devices",
        C.CLINICAL_QUALITY,
        S.INCIDENT,
        "Implant checks differ between trusts",
        "A patient with an unsafe implant is scanned",
        "Serious harm",
        ((5, 2, OPENED),),
        target=(5, 1),
        appetite=A.AVERSE,
    ),
    DemoRisk(
        "nuclear-medicine-sig",
        "Radioisotope supply interruptions",
        C.CAPACITY,
        S.HORIZON_SCANNING,
        "Europe depends on a few ageing reactors",
        "Technetium supply fails for a week or more",
        "Bone and cardiac scans are cancelled",
        ((4, 3, OPENED), (4, 4, "Reactor maintenance extended")),
        target=(4, 2),
        overdue=True,
    ),
    DemoRisk(
        "paediatric-sig",
        "Too few radiologists report paediatric imaging",
        C.WORKFORCE,
        S.AUDIT,
        "Paediatric reporting rests on a handful of consultants",
        "Paediatric reports wait more than a week",
        "Children's treatment is delayed",
        ((4, 3, OPENED), (4, 4, "One consultant on long-term leave")),
        target=(3, 2),
    ),
    DemoRisk(
        "musculoskeletal-sig",
        "MSK ultrasound referrals exceed agreed criteria",
        C.CAPACITY,
        S.AUDIT,
        "Referral criteria are not applied consistently",
        "Low-value MSK scans fill ultrasound lists",
        "Urgent patients wait longer",
        ((2, 4, OPENED), (2, 3, "Referral guidance shared with GPs")),
        target=(2, 2),
    ),
    DemoRisk(
        "gynaecology-sig",
        "Gynaecology ultrasound waits for suspected cancer",
        C.CLINICAL_QUALITY,
        S.AUDIT,
        "Pelvic ultrasound lists compete with obstetric work",
        "Two-week-wait pelvic scans are delayed",
        "Later diagnosis of gynaecological cancers",
        ((4, 3, OPENED), (4, 4, "Suspected cancer referrals up 25%")),
        target=(4, 2),
    ),
    DemoRisk(
        "patient-and-public-involvement-sig",
        "Patients' voices are not heard in network decisions",
        C.REPUTATIONAL,
        S.OTHER,
        "Few patient volunteers take part in network groups",
        "Service changes are made without patient input",
        "Changes miss patients' needs and lose public trust",
        ((3, 3, OPENED), (3, 2, "Four patient volunteers recruited")),
        target=(2, 1),
        appetite=A.MINIMAL,
    ),
]


def _people(group):
    """The group's chair (who records changes) and its current members, in a stable order."""
    memberships = list(
        Membership.objects.current()
        .filter(group=group)
        .exclude(role=Membership.Role.PATIENT_VOLUNTEER)
        .select_related("person")
        .order_by("person__email")
    )
    leaders = [m.person for m in memberships if m.is_leading]
    return (leaders[0] if leaders else None), [m.person for m in memberships]


def _moment(day):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@transaction.atomic
def load(stdout):
    today = timezone.localdate()
    groups = {group.slug: group for group in GroupPage.objects.all()}
    added = 0
    for number, spec in enumerate(RISKS):
        group = groups.get(spec.group)
        if group is None or Risk.objects.filter(group=group, title=spec.title).exists():
            continue
        chair, members = _people(group)
        if chair is None:
            continue
        owner = members[number % len(members)]
        opened = today - timedelta(days=330 + number % 30)
        (consequence, likelihood, _), *moves = spec.scores
        risk = open_risk(
            group,
            by=chair,
            at=_moment(opened),
            title=spec.title,
            category=spec.category,
            source=spec.source,
            cause=spec.cause,
            event=spec.event,
            effect=spec.effect,
            owner=owner,
            opened_on=opened,
            controls=spec.controls,
            gaps_in_control=spec.gaps_in_control,
            assurances=spec.assurances,
            gaps_in_assurance=spec.gaps_in_assurance,
            initial_consequence=consequence,
            initial_likelihood=likelihood,
            current_consequence=consequence,
            current_likelihood=likelihood,
            target_consequence=spec.target[0],
            target_likelihood=spec.target[1],
            appetite=spec.appetite,
        )
        # Re-scorings spread over the year, the latest a few weeks ago.
        step = 300 // (len(moves) + 1)
        for index, (consequence, likelihood, reason) in enumerate(moves, start=1):
            when = opened + timedelta(days=step * index)
            change_score(
                risk,
                consequence=consequence,
                likelihood=likelihood,
                reason=reason,
                by=owner if index % 2 else chair,
                at=_moment(when),
            )
        risk.refresh_from_db()
        interval = risk.review_interval(risk_settings())
        if spec.overdue:
            reviewed = max(opened, today - interval - timedelta(days=10 + number % 20))
        else:
            reviewed = max(opened, today - interval // 3)
        record_review(risk, by=chair, reviewed_on=reviewed)
        added += 1
    stdout.write(
        f"Risks: {Risk.objects.count()} on the registers ({added} new), "
        f"{Risk.objects.review_overdue().count()} overdue for review."
    )
