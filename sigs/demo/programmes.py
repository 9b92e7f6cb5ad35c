"""The SIGs behind the network's programmes: digital, data, workforce, medical physics,
commercial and assets, and research and innovation (from the report's deliverables)."""

from governance.demo.specs import (
    CONFIDENTIAL,
    GROUP,
    NETWORK,
    PUBLIC,
    Purpose,
    StaffGroup,
    Topic,
)
from governance.models import Interest

from .common import BI_MONTHLY, sig

PROGRAMME_SIGS = [
    sig(
        "digital-sig",
        "Digital SIG",
        "Digital SIG",
        5,
        "PACS and RIS managers and technical staff from every trust, delivering the technical "
        "side of the digital programme: image and report sharing, cross-site reporting and "
        "scheduling, and the move to a converged platform.",
        [
            Topic(
                "PACS/RIS convergence: technical requirements",
                Purpose.DISCUSSION,
                GROUP,
                "Digital Project Manager",
                minute="Members reviewed the technical requirements drafted for the CDIP "
                "specification, including integration with each trust's electronic patient "
                "record.",
                paper="Technical requirements for the Converged Digital Imaging Platform: "
                "HL7 and DICOM interfaces, migration of historic images, identity and access, "
                "and service levels for availability.",
                organisations="Meridian Imaging Systems",
                action="Collect each trust's integration inventory for the migration plan.",
            ),
            Topic(
                "Image sharing between trusts: current routes",
                Purpose.INFORMATION,
                NETWORK,
                "PACS manager",
                minute="The group reviewed how images are shared today and the delays caused "
                "by manual transfers.",
                action="Record transfer volumes for one month in each trust.",
            ),
            Topic(
                "PACS downtime procedures",
                Purpose.DECISION,
                GROUP,
                "PACS manager",
                minute="Members compared downtime procedures and agreed a common template.",
                paper="A common downtime procedure: communication, paper-based fallbacks, "
                "prioritising urgent reports and recovering images after an outage.",
                decision="The group agreed a common PACS downtime procedure template.",
                action="Share the downtime template with every trust's PACS team.",
            ),
            Topic(
                "Supplier day: lessons learnt",
                Purpose.INFORMATION,
                PUBLIC,
                "Digital Transformation Director",
                minute="The group heard the lessons from the digital supplier day, attended by "
                "60 suppliers.",
                action="Publish a summary of the supplier day on FutureNHS.",
            ),
            Topic(
                "Cyber security of imaging systems",
                Purpose.ASSURANCE,
                CONFIDENTIAL,
                "PACS manager",
                minute="Members discussed unsupported operating systems on imaging modalities.",
                paper="Modalities and workstations running unsupported operating systems, by "
                "trust, with mitigations. Not for circulation: it describes vulnerabilities.",
                action="Agree isolation standards for unsupported modalities.",
            ),
        ],
        staff_groups=(StaffGroup.MANAGER, StaffGroup.OTHER),
        frequency=BI_MONTHLY,
    ),
    sig(
        "data-and-information-sig",
        "Data & Information SIG",
        "D&I SIG",
        6,
        "Promotes collaboration between member trusts on data and information: a network "
        "business intelligence solution, a dashboard of regional performance, and data "
        "mandates that let trusts compare and plan.",
        [
            Topic(
                "Business intelligence pilot: data sharing agreements",
                Purpose.DECISION,
                NETWORK,
                "BI lead",
                minute="The group reviewed which trusts had signed the data sharing agreement "
                "for the BI pilot.",
                paper="Status of data sharing agreements for the BI pilot, the data items "
                "requested and the lawful basis for processing.",
                decision="The group approved the data specification for the BI pilot.",
                action="Chase the trusts that have not signed the data sharing agreement.",
            ),
            Topic(
                "Network dashboard: first release",
                Purpose.INFORMATION,
                NETWORK,
                "BI lead",
                minute="Members saw the first release of the dashboard: waiting times, activity "
                "and reporting turnaround by trust.",
                paper="The first release shows waits over six weeks, activity by modality and "
                "report turnaround. ICB and trust views follow in the next release.",
                action="Gather feedback on the dashboard from trust operational managers.",
            ),
            Topic(
                "Automating the DID and NIDC returns",
                Purpose.DISCUSSION,
                GROUP,
                "Information analyst",
                minute="The group discussed automating elements of the Diagnostic Imaging "
                "Dataset and the National Imaging Data Collection.",
                action="Map the NIDC fields to RIS data items in two trusts.",
            ),
            Topic(
                "Task and finish groups: referral management",
                Purpose.DECISION,
                PUBLIC,
                "Chair",
                minute="Members agreed to set up task and finish groups for network-wide "
                "guidelines, starting with referral management.",
                decision="The group set up a task and finish group on referral management.",
                action="Invite members for the referral management task and finish group.",
            ),
        ],
        staff_groups=(StaffGroup.MANAGER, StaffGroup.OTHER),
    ),
    sig(
        "workforce-sig",
        "Workforce SIG",
        "Workforce SIG",
        7,
        "Leads the network's workforce plan and strategy: recruitment and retention across "
        "all imaging staff groups, international recruitment, and robust workforce data.",
        [
            Topic(
                "Workforce plan: implementation",
                Purpose.ASSURANCE,
                PUBLIC,
                "Chair",
                minute="The group reviewed progress against the workforce plan approved by the "
                "Executive Board.",
                paper="Progress against each workforce plan objective, with vacancy rates of "
                "15% for imaging staff and 18% for other clinical staff.",
                lay_summary="This report shows how the network is doing at recruiting and "
                "keeping the staff who carry out and report scans.",
                action="Update the workforce plan tracker with Q2 vacancy figures.",
            ),
            Topic(
                "International recruitment ambassadors",
                Purpose.DISCUSSION,
                NETWORK,
                "Workforce lead",
                minute="Members discussed support for internationally recruited radiographers "
                "and the role of the ambassadors.",
                action="Hold a network induction session for international recruits.",
            ),
            Topic(
                "Assistant practitioners and imaging assistants",
                Purpose.DECISION,
                NETWORK,
                "Workforce lead",
                minute="The group considered a common competency framework, including "
                "cannulation by imaging assistants.",
                paper="A network competency framework for assistant practitioners and imaging "
                "assistants, including cannulation, so that training is recognised between "
                "trusts.",
                decision="The group agreed the competency framework for consultation.",
                action="Consult trust education leads on the competency framework.",
            ),
            Topic(
                "Workforce data collection",
                Purpose.DISCUSSION,
                GROUP,
                "Information analyst",
                minute="Members discussed how to collect robust, comparable workforce data "
                "from every trust.",
                action="Agree a common workforce data template with trust HR leads.",
            ),
        ],
        staff_groups=(StaffGroup.MANAGER, StaffGroup.RADIOGRAPHER),
    ),
    sig(
        "medical-physics-sig",
        "Medical Physics SIG",
        "MPSIG",
        8,
        "Heads of medical physics services and their teams, sharing experience and "
        "training, running the regional scientific meeting and trialling the target "
        "operating model for the network.",
        [
            Topic(
                "Regional workforce survey: analysis",
                Purpose.DISCUSSION,
                NETWORK,
                "Head of Medical Physics",
                minute="The group went through the 20 survey responses and the themes on "
                "training capacity and recruitment.",
                paper="Analysis of the 20 responses to the regional medical physics workforce "
                "survey: establishment, vacancies, training posts and retirements due.",
                action="Draft the workforce report for the Workforce SIG.",
            ),
            Topic(
                "FRCR physics training consortium",
                Purpose.DECISION,
                PUBLIC,
                "Principal physicist",
                minute="Following the trial of regional FRCR physics teaching, members "
                "considered a training consortium.",
                paper="The regional FRCR physics teaching trial, started in September, and a "
                "proposal for a consortium to share teaching across trusts.",
                decision="The group agreed to set up a regional physics training consortium.",
                action="Draft terms for the training consortium.",
            ),
            Topic(
                "Regional scientific meeting",
                Purpose.INFORMATION,
                PUBLIC,
                "Clinical scientist",
                minute="The group planned next year's regional scientific meeting, to be hosted "
                "by UHCW, and sponsorship.",
                action="Confirm the venue and call for abstracts.",
            ),
            Topic(
                "HSE consent process for research exposures",
                Purpose.DISCUSSION,
                NETWORK,
                "Radiation protection adviser",
                minute="An invited speaker answered the group's questions about the new HSE "
                "consent process.",
                action="Circulate the speaker's slides and a summary of the Q&A.",
            ),
            Topic(
                "MRI acceleration technology: shared experience",
                Purpose.INFORMATION,
                NETWORK,
                "MR physicist",
                minute="Members shared experience of implementing MRI acceleration technology "
                "and its effect on scan times.",
                action="Compile protocol changes made with acceleration technology.",
            ),
        ],
        staff_groups=(StaffGroup.MEDICAL_PHYSICIST,),
        size=8,
        frequency=BI_MONTHLY,
        location="Clinical Sciences Building, University Hospital Coventry",
    ),
    sig(
        "commercial-and-assets-sig",
        "Commercial & Assets SIG",
        "C&A SIG",
        9,
        "Delivers the network-first approach to buying and replacing imaging equipment: the "
        "network asset register, a rolling capital equipment plan and joint procurement "
        "under the memorandum of understanding.",
        [
            Topic(
                "Network asset register",
                Purpose.INFORMATION,
                NETWORK,
                "Commercial Lead",
                minute="The group noted the completed asset register and the equipment due "
                "for replacement in the next three years.",
                paper="The network asset register: CT, MRI, ultrasound, fluoroscopy and "
                "general radiography equipment by site, age and expected replacement year.",
                action="Add service contract end dates to the asset register.",
            ),
            Topic(
                "Capital equipment replacement plan",
                Purpose.DECISION,
                GROUP,
                "Commercial Lead",
                minute="Members reviewed a rolling replacement programme and routes to "
                "investment for growth capacity.",
                paper="A five-year rolling replacement plan built from the asset register, "
                "with options for additional capacity for community diagnostic centres.",
                organisations="Halcyon Medical Equipment",
                decision="The group recommended the capital equipment plan to the Operational "
                "Board.",
                action="Present the capital plan to the Operational Board.",
            ),
            Topic(
                "Joint procurement: CT scanners",
                Purpose.DECISION,
                CONFIDENTIAL,
                "Commercial Lead",
                minute="The group considered the pricing received for a joint CT scanner "
                "purchase by four trusts.",
                paper="Prices and discounts offered for a joint purchase of CT scanners by four "
                "trusts, compared with individual purchases. Commercially confidential.",
                organisations="Halcyon Medical Equipment",
                decision="The group recommended proceeding to a joint CT procurement.",
                vote=True,
                action="Confirm each trust's capital allocation for the joint CT purchase.",
            ),
            Topic(
                "Network first strategy",
                Purpose.DISCUSSION,
                NETWORK,
                "Chair",
                minute="Members discussed the draft network first strategy for procurement.",
                action="Circulate the draft network first strategy for comment.",
            ),
        ],
        staff_groups=(StaffGroup.MANAGER,),
        size=8,
        interests=(
            (
                "member:0",
                Interest.Kind.INDIRECT,
                "Spouse is a regional account manager for Halcyon Medical Equipment.",
                "Halcyon Medical Equipment",
            ),
        ),
    ),
    sig(
        "research-and-innovation-sig",
        "Research & Innovation SIG",
        "R&I SIG",
        10,
        "Engages research and innovation stakeholders across the network, sets priorities, "
        "collates imaging clinical trials in the region and, through its AI sub-group, leads "
        "the network's approach to artificial intelligence.",
        [
            Topic(
                "AI strategy",
                Purpose.DECISION,
                NETWORK,
                "AI sub-group chair",
                minute="Members reviewed the draft AI strategy prepared by the AI sub-group.",
                paper="The draft strategy sets out how the network will evaluate, procure and "
                "deploy AI, aiming for at least one network-level AI solution.",
                decision="The group endorsed the AI strategy for the Operational Board.",
                action="Send the AI strategy to the Operational Board.",
            ),
            Topic(
                "Imaging clinical trials in the region",
                Purpose.INFORMATION,
                PUBLIC,
                "Research radiographer",
                minute="The group noted the collation of imaging clinical trials open in the "
                "region.",
                paper="A list of imaging-dependent clinical trials open in member trusts, with "
                "the imaging each requires and the lead site.",
                action="Publish the trials list on FutureNHS.",
            ),
            Topic(
                "NHS England AI bid",
                Purpose.INFORMATION,
                CONFIDENTIAL,
                "Chair",
                minute="Members heard the feedback on the network's NHS England AI bid.",
                paper="Feedback on the AI bid, scores against the criteria and the funding "
                "position. Confidential until NHS England announces the outcome.",
                action="Revise the bid for the next funding round.",
            ),
            Topic(
                "Stakeholder engagement",
                Purpose.DISCUSSION,
                NETWORK,
                "Chair",
                minute="The group discussed links with universities, the regional research "
                "delivery network and industry.",
                action="Invite the regional research delivery network to the next meeting.",
            ),
        ],
        staff_groups=(StaffGroup.RADIOLOGIST, StaffGroup.RADIOGRAPHER),
    ),
]
