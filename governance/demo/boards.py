"""The demo's boards, from the annual report: the Executive Board at the top, the
Operational Board under it, and the Digital (Directors) Board.

Topics come from the chairs' summaries and the digital deliverables; people are fictional.
"""

from ..models import Interest
from .specs import (
    CONFIDENTIAL,
    GROUP,
    NETWORK,
    PUBLIC,
    VOLUNTEER_EMAILS,
    Frequency,
    GroupSpec,
    Kind,
    Purpose,
    Role,
    StaffGroup,
    Topic,
)

EXECUTIVE_BOARD = GroupSpec(
    slug="executive-board",
    title="Executive Board",
    short_name="ExB",
    kind=Kind.BOARD,
    order=0,
    purpose=(
        "Sets the network's strategy and direction, holds the Operational Board to account "
        "and takes the decisions that commit member trusts, such as joint purchasing, the "
        "network's funding and its digital programme."
    ),
    frequency=Frequency.QUARTERLY,
    powers=(
        "Approve the network strategy, workforce strategy and annual work programme",
        "Approve business cases for recommendation to member trust boards",
        "Agree the network budget and the contributions of member trusts",
        "Agree memoranda of understanding between member trusts, such as joint purchasing",
        "Receive the network risk register and decide on risks escalated to it",
    ),
    tor_review_days=210,
    quorum=(5, True, 4),
    size=13,
    one_per_trust=True,
    staff_groups=(StaffGroup.MANAGER, StaffGroup.RADIOLOGIST),
    secretary_votes=False,
    hour=10,
    minutes_long=120,
    location="Boardroom, Russells Hall Hospital, Dudley",
    topics=(
        Topic(
            "Converged Digital Imaging Platform: outline business case",
            Purpose.DECISION,
            GROUP,
            "Digital Transformation Director",
            minute=(
                "The Board welcomed the strategic case for a Converged Digital Imaging Platform "
                "(CDIP) replacing trusts' separate PACS and RIS. Directors of finance had "
                "asked that cash-releasing benefits be shown separately from cost avoidance; "
                "the revised financial case does this trust by trust."
            ),
            paper=(
                "The interoperability business case was supported on strategy but rejected by "
                "all trusts on affordability because it created an incremental cost. This paper "
                "sets out the converged alternative: one platform for image and report sharing, "
                "cross-site reporting and cross-site scheduling, procured once for the network. "
                "The financial case separates cash-releasing savings (contract consolidation, "
                "reduced outsourcing) from cost avoidance (storage growth, downtime)."
            ),
            lay_summary=(
                "Hospitals in the network each use their own computer systems to store X-rays "
                "and scans. This paper proposes one shared system, so that a scan taken in one "
                "hospital can be seen and reported in another without delay or repeat tests."
            ),
            organisations="Accenture",
            decision=(
                "The Board supported the strategic case for the Converged Digital Imaging "
                "Platform and asked for the financial case to be validated with each trust's "
                "director of finance before final approval."
            ),
            vote=True,
            action=(
                "Validate the cash-releasing benefits in the CDIP financial case with each "
                "trust's director of finance."
            ),
            reissue="Version 2 corrects the trust-level savings table in appendix B.",
        ),
        Topic(
            "Network workforce strategy and workforce plan",
            Purpose.DECISION,
            PUBLIC,
            "Network Director",
            minute=(
                "The Workforce SIG chair presented the strategy and plan, built from each "
                "trust's workforce systems plan and extended to all staff groups. Members "
                "noted a 15% vacancy rate for imaging staff and 18% for other clinical staff."
            ),
            paper=(
                "The strategy sets out how the network will grow and keep its imaging workforce: "
                "international recruitment ambassadors, shared training places, assistant "
                "practitioner and imaging assistant roles, and a single network-wide data "
                "collection so that future plans rest on robust figures."
            ),
            lay_summary=(
                "There are not enough radiographers and other imaging staff in the region. This "
                "plan describes how hospitals will recruit, train and keep staff together "
                "rather than competing with each other."
            ),
            decision="The Board approved the network workforce strategy and workforce plan.",
            vote=True,
            action=(
                "Publish the approved workforce strategy and plan and send them to the boards "
                "of member trusts."
            ),
        ),
        Topic(
            "Memorandum of understanding: joint purchasing of imaging equipment",
            Purpose.DECISION,
            NETWORK,
            "Commercial Lead",
            minute=(
                "The Board discussed joint purchasing through the network to gain economies of "
                "scale, and how trusts keep their own capital approval routes."
            ),
            paper=(
                "The memorandum of understanding commits member trusts to consider a network-"
                "first approach for CT, MRI, ultrasound and general radiography replacement, "
                "using the updated network asset register to plan a rolling programme."
            ),
            decision=(
                "The Board agreed the memorandum of understanding for joint purchasing of "
                "imaging equipment through the network."
            ),
            vote=True,
            action="Obtain signed copies of the memorandum of understanding from all 15 trusts.",
        ),
        Topic(
            "Maturity matrix and Quality Standard for Imaging Networks",
            Purpose.ASSURANCE,
            PUBLIC,
            "Senior Quality Improvement Manager",
            minute=(
                "The Board noted that the network had reached 'Developing' overall in the NHS "
                "England maturity matrix, with operational governance assessed as 'Maturing'. "
                "The QSIN gap analysis had moved from 18% to 30% complete."
            ),
            paper=(
                "This paper reports the latest maturity matrix submission (overall Developing, "
                "9.59) and progress against the Quality Standard for Imaging Networks gap "
                "analysis, with the areas where evidence is still missing."
            ),
            action="Bring the updated QSIN gap analysis and evidence plan to the next meeting.",
        ),
        Topic(
            "Network funding model and trust contributions 2027/28",
            Purpose.DECISION,
            CONFIDENTIAL,
            "Network Director",
            minute=(
                "The Board considered options for sustainable funding of the network core team "
                "and the contribution of full and associate member trusts."
            ),
            paper=(
                "Three options for trust contributions are modelled: a flat fee, a fee "
                "proportional to imaging activity, and a blended model with a lower associate "
                "rate. The paper includes each trust's indicative contribution and the "
                "position of the commissioners, and is commercially sensitive."
            ),
            decision=(
                "The Board agreed the blended contribution model for 2027/28, subject to "
                "confirmation by trust chief executives."
            ),
            vote=True,
            action="Write to trust chief executives confirming their 2027/28 contribution.",
        ),
        Topic(
            "Network risk register and work programme",
            Purpose.ASSURANCE,
            GROUP,
            "Head of Operational Delivery",
            minute=(
                "The Board reviewed the risks scoring 15 or more and progress against the work "
                "programme. The risk to PACS resilience during convergence was discussed."
            ),
            paper=(
                "The register holds 14 open risks, four of them scoring 15 or more: workforce "
                "vacancies, affordability of the digital programme, PACS resilience during "
                "convergence and engagement of associate member trusts."
            ),
            action="Review the scoring of the PACS resilience risk with the Digital Board.",
        ),
    ),
)

OPERATIONAL_BOARD = GroupSpec(
    slug="operational-board",
    title="Operational Board",
    short_name="OpB",
    kind=Kind.BOARD,
    order=1,
    purpose=(
        "Runs the network's programme of work: supports and oversees the special interest "
        "groups and forums that are accountable to it, evaluates bids for funding that pass "
        "through the network and reports to the Executive Board. Patient volunteers sit on "
        "the board as voting members."
    ),
    frequency=Frequency.BI_MONTHLY,
    first_powers=(
        "Approve the work programmes and terms of reference of the special interest groups",
        "Evaluate and prioritise bids for funding that pass through the network",
        "Escalate risks scoring 15 or more to the Executive Board",
    ),
    powers=(
        "Approve the work programmes and terms of reference of the special interest groups",
        "Evaluate and prioritise bids for funding that pass through the network",
        "Approve protocols and guidelines recommended by special interest groups for "
        "adoption across the network",
        "Escalate risks scoring 15 or more to the Executive Board",
        "Patient volunteers are voting members of the board",
    ),
    tor_review_days=150,
    quorum=(5, True, 4),
    size=12,
    one_per_trust=True,
    staff_groups=(StaffGroup.MANAGER, StaffGroup.RADIOLOGIST, StaffGroup.RADIOGRAPHER),
    fixed=tuple((email, Role.PATIENT_VOLUNTEER) for email in VOLUNTEER_EMAILS),
    secretary_votes=False,
    observers=1,
    former_members=1,
    hour=10,
    minutes_long=150,
    location="Conference Room 2, New Cross Hospital, Wolverhampton",
    interests=(
        (
            "member:1",
            Interest.Kind.FINANCIAL,
            "Paid clinical adviser to Meridian Imaging Systems on PACS workflow (two days a year).",
            "Meridian Imaging Systems",
        ),
    ),
    topics=(
        Topic(
            "Special interest group highlight reports",
            Purpose.ASSURANCE,
            NETWORK,
            "Head of Operational Delivery",
            minute=(
                "The Board received highlight reports from the SIGs. The MRI, Paediatric and "
                "Musculoskeletal SIGs are now delivering their work programmes; the Data & "
                "Information SIG still needs to confirm its chair and deputy."
            ),
            paper=(
                "Each special interest group reports its deliverables, progress, risks and "
                "requests for support. This period: MRI protocol standardisation, the "
                "paediatric education programme, MSK primary care pathways with Birmingham and "
                "Solihull ICS, and the business intelligence pilot."
            ),
            lay_summary=(
                "Groups of specialists from different hospitals work on shared problems, such "
                "as making MRI scans consistent everywhere. This report says what each group "
                "has done and what it needs."
            ),
            action="Ask the Data & Information SIG to confirm its chair and deputy chair.",
        ),
        Topic(
            "Funding bids: evaluation and prioritisation",
            Purpose.DECISION,
            CONFIDENTIAL,
            "Network Director",
            minute=(
                "The Board scored the bids received against the agreed criteria. Members from "
                "bidding trusts did not score their own trust's bids."
            ),
            paper=(
                "Seven bids were received. Each is scored for patient benefit, network-wide "
                "reach, deliverability and value for money. The scores, bid values and the "
                "names of bidding trusts are commercially sensitive until outcomes are agreed."
            ),
            decision=(
                "The Board prioritised the healthcare systems engineering bid and the regional "
                "physics training bid for submission to NHS England."
            ),
            vote=True,
            action="Tell bidding trusts the outcome and feedback on their bids.",
        ),
        Topic(
            "Digital programme: revised PACS/RIS convergence model",
            Purpose.DISCUSSION,
            GROUP,
            "Digital Transformation Director",
            minute=(
                "The Board discussed the revised convergence model and the timetable for the "
                "CDIP specification sessions with trusts."
            ),
            paper=(
                "With interoperability rejected on cost, trusts have reset the digital strategy "
                "to convergence. Specification sessions with each trust's PACS and RIS teams "
                "are building the requirements for a converged platform."
            ),
            organisations="Accenture, Meridian Imaging Systems",
            action="Circulate the CDIP specification session timetable to trust PACS managers.",
        ),
        Topic(
            "Target operating model: surveys with patient volunteers",
            Purpose.DISCUSSION,
            PUBLIC,
            "Patient volunteer",
            minute=(
                "Patient volunteers described how they had helped shape the target operating "
                "model surveys so that they ask about waiting, information and travel."
            ),
            paper=(
                "The current operating model identified the gaps in the network's strategy. "
                "The target operating model will be owned by members and informed by staff, "
                "patients, carers and referrers through surveys, interviews and data requests."
            ),
            lay_summary=(
                "We are asking patients and staff what imaging services should look like in "
                "future. Patient volunteers have helped write the questions."
            ),
            action="Pilot the patient survey with two patient groups before it goes live.",
        ),
        Topic(
            "Full and associate membership of the network",
            Purpose.DISCUSSION,
            GROUP,
            "Chair",
            minute=(
                "Members from associate member trusts said they wished to move to full "
                "membership at the earliest opportunity."
            ),
            action="Set out the benefits of full membership for associate member trusts.",
        ),
        Topic(
            "Patient volunteer policy",
            Purpose.DECISION,
            PUBLIC,
            "Patient & Public Involvement Lead",
            minute=(
                "The Board considered the policy, which covers recruitment, induction, "
                "expenses and the support patient volunteers receive."
            ),
            paper=(
                "The policy sets out how patient volunteers are recruited and supported, how "
                "their expenses are paid and how they take part as voting members of the "
                "Operational Board."
            ),
            lay_summary=(
                "This policy explains how patients can volunteer with the network, what they "
                "will be asked to do and how they will be supported and paid expenses."
            ),
            decision="The Board approved the patient volunteer policy.",
            vote=True,
            action="Publish the patient volunteer policy on the network website.",
        ),
        Topic(
            "Operational risk register",
            Purpose.ASSURANCE,
            GROUP,
            "Head of Operational Delivery",
            minute=(
                "The Board reviewed the operational risks. Engagement with QSI in some trusts "
                "was falling because of senior manager capacity and funding for staff time."
            ),
            paper=(
                "Operational risks by work programme, with scores, owners and mitigations. Two "
                "risks have reached the escalation threshold of 15 and are recommended for "
                "escalation to the Executive Board."
            ),
            action="Escalate the QSI engagement risk to the Executive Board.",
        ),
    ),
)

DIGITAL_BOARD = GroupSpec(
    slug="digital-board",
    title="Digital (Directors) Board",
    short_name="DDB",
    kind=Kind.BOARD,
    order=2,
    purpose=(
        "Brings the digital directors and clinical counterparts of member trusts and ICBs "
        "together to lead the network's digital programme: image and report sharing, "
        "cross-site reporting and scheduling, business intelligence and the Converged "
        "Digital Imaging Platform."
    ),
    frequency=Frequency.BI_MONTHLY,
    powers=(
        "Agree the digital strategy and plan for recommendation to the Operational Board",
        "Approve the requirements specification and procurement approach for CDIP",
        "Set technical standards for image and report sharing across the network",
    ),
    tor_review_days=95,
    quorum=(5, True, 4),
    size=10,
    staff_groups=(StaffGroup.MANAGER, StaffGroup.RADIOLOGIST),
    secretary_votes=False,
    hour=13,
    minutes_long=120,
    interests=(
        (
            "member:0",
            Interest.Kind.FINANCIAL,
            "Member of Meridian Imaging Systems' customer advisory board (honorarium paid).",
            "Meridian Imaging Systems",
        ),
    ),
    topics=(
        Topic(
            "CDIP requirements specification",
            Purpose.DECISION,
            GROUP,
            "Digital Project Manager",
            minute=(
                "The Board worked through the requirements arising from the specification "
                "sessions, including downtime procedures and access for reporting radiographers."
            ),
            paper=(
                "Requirements gathered from specification sessions with every trust, grouped "
                "as image and report sharing, cross-site reporting, cross-site scheduling, "
                "data for training and research, and controlled use of AI."
            ),
            organisations="Accenture",
            decision="The Board approved version 1.0 of the CDIP requirements specification.",
            action="Issue the approved specification to trusts for final comments.",
        ),
        Topic(
            "CDIP procurement route and commercial approach",
            Purpose.DECISION,
            CONFIDENTIAL,
            "Digital Transformation Director",
            minute=(
                "The Board considered the procurement routes available and the indicative "
                "prices from the market engagement."
            ),
            paper=(
                "Options compared: a national framework call-off, an open procedure and "
                "extension of existing contracts. Indicative supplier pricing from market "
                "engagement is included and is commercially confidential."
            ),
            organisations="Meridian Imaging Systems, Accenture",
            decision="The Board recommended a framework call-off for the CDIP procurement.",
            vote=True,
            action="Draft the invitation to tender with the procurement leads of three trusts.",
        ),
        Topic(
            "Business intelligence dashboard pilot",
            Purpose.INFORMATION,
            NETWORK,
            "Data & Information SIG chair",
            minute=(
                "The Board noted progress of the pilot and that data sharing agreements were "
                "still awaited from some trusts."
            ),
            paper=(
                "The pilot brings Diagnostic Imaging Dataset and local RIS extracts into one "
                "dashboard showing waiting times, activity and reporting turnaround by trust."
            ),
            action="Chase the outstanding data sharing agreements through trust Caldicott leads.",
        ),
        Topic(
            "Image and report sharing: interim arrangements",
            Purpose.DISCUSSION,
            GROUP,
            "Digital SIG chair",
            minute=(
                "Members discussed interim arrangements for sharing images between trusts "
                "until the converged platform is live."
            ),
            action="Map the current image-sharing routes between trusts.",
        ),
        Topic(
            "PACS resilience and downtime",
            Purpose.ASSURANCE,
            CONFIDENTIAL,
            "Digital Transformation Director",
            minute=(
                "The Board reviewed recent PACS outages and the resilience of ageing systems "
                "during the convergence programme."
            ),
            paper=(
                "Recent downtime incidents by trust, with their causes and clinical impact, and "
                "the security vulnerabilities of systems near the end of support."
            ),
            action="Agree a shared downtime procedure for cross-site reporting.",
        ),
        Topic(
            "Controlled use of AI: data management principles",
            Purpose.DISCUSSION,
            NETWORK,
            "Research & Innovation SIG chair",
            minute=(
                "The Board discussed principles for using imaging data to evaluate AI tools, "
                "agreed with the AI sub-group."
            ),
            paper=(
                "Draft principles for data management for AI: data minimisation, local "
                "validation before deployment, and evaluation against the network's process."
            ),
            action="Bring the AI data principles back for approval with the AI sub-group.",
        ),
    ),
)
