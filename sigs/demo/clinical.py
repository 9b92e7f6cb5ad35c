"""The modality and pathway SIGs, and patient and public involvement (from the report's
deliverables)."""

from governance.demo.specs import (
    CONFIDENTIAL,
    GROUP,
    NETWORK,
    PUBLIC,
    VOLUNTEER_EMAILS,
    Purpose,
    Role,
    StaffGroup,
    Topic,
)
from governance.models import Interest

from .common import BI_MONTHLY, sig

CLINICAL_SIGS = [
    sig(
        "mri-sig",
        "MRI SIG",
        "MRI SIG",
        11,
        "MRI radiographers, radiologists and physicists sharing experience and resources: "
        "standardised protocols and MR safety screening, training, and capacity across the "
        "network's 58 scanners.",
        [
            Topic(
                "MRI protocol standardisation",
                Purpose.DECISION,
                NETWORK,
                "Chair",
                minute="Members compared protocols for lumbar spine, knee and prostate and "
                "agreed to start with lumbar spine.",
                paper="A comparison of MRI protocols across the network, starting with lumbar "
                "spine, and a proposed standard protocol with acceptable local variations.",
                decision="The group agreed a standard MRI lumbar spine protocol for adoption.",
                action="Write up the lumbar spine protocol in the network template.",
            ),
            Topic(
                "MR safety screening form",
                Purpose.DECISION,
                PUBLIC,
                "MR safety expert",
                minute="The group compared MR safety forms and agreed standard questions.",
                paper="Standard MR safety screening questions, drawn from the forms in use in "
                "every trust, for use across the network.",
                lay_summary="Before an MRI scan, patients answer questions to make sure the "
                "scan is safe for them. This paper proposes one set of questions for every "
                "hospital.",
                decision="The group approved the standard MR safety screening questions.",
                action="Pilot the standard safety form in two trusts.",
            ),
            Topic(
                "Wide-bore scanner for bariatric and claustrophobic patients",
                Purpose.DISCUSSION,
                GROUP,
                "MRI service manager",
                minute="Members discussed a business case for an extra-wide or open-bore "
                "scanner that all trusts could use.",
                paper="Demand for scans of bariatric and claustrophobic patients, how they are "
                "served now, and the outline of a shared business case if funding is available.",
                action="Collect numbers of patients unable to be scanned in each trust.",
            ),
            Topic(
                "Cannulation by imaging assistants",
                Purpose.DISCUSSION,
                NETWORK,
                "Advanced practitioner",
                minute="The group shared experience of assistant practitioners and imaging "
                "assistants cannulating, to increase capacity.",
                action="Share cannulation training packages between trusts.",
            ),
            Topic(
                "MRI service provision review",
                Purpose.ASSURANCE,
                GROUP,
                "Chair",
                minute="Members reviewed MRI service provision across the network, covering "
                "58 scanners.",
                paper="Scanners by site, hours of operation, utilisation and staffing, with "
                "the waiting list for MRI by trust.",
                action="Update the scanner review with extended-hours working.",
            ),
        ],
        staff_groups=(
            StaffGroup.RADIOGRAPHER,
            StaffGroup.RADIOLOGIST,
            StaffGroup.MEDICAL_PHYSICIST,
        ),
        fixed=(("chair.mri@demo.example", Role.CHAIR), ("member@demo.example", Role.MEMBER)),
        interests=(
            (
                "chair:0",
                Interest.Kind.NON_FINANCIAL_PROFESSIONAL,
                "Member of the Society and College of Radiographers' MR imaging advisory group.",
                "Society and College of Radiographers",
            ),
        ),
        size=11,
        frequency=BI_MONTHLY,
        hour=15,
        location="Postgraduate Centre, Royal Stoke University Hospital",
    ),
    sig(
        "nuclear-medicine-sig",
        "Nuclear Medicine SIG",
        "NM SIG",
        12,
        "Brings nuclear medicine services together to share practice and plan services; "
        "setting its work programme and regular meetings after its inaugural meeting.",
        [
            Topic(
                "Work programme for the year",
                Purpose.DECISION,
                NETWORK,
                "Chair",
                minute="",
                paper="Proposed priorities: radiopharmaceutical supply resilience, shared "
                "protocols for common studies, and workforce.",
                action="",
            ),
            Topic(
                "Radiopharmaceutical supply resilience",
                Purpose.DISCUSSION,
                GROUP,
                "Radiopharmacist",
                minute="",
            ),
            Topic("Meeting frequency and membership", Purpose.DECISION, PUBLIC, "Chair", ""),
        ],
        staff_groups=(StaffGroup.RADIOGRAPHER, StaffGroup.MEDICAL_PHYSICIST),
        size=7,
        history=False,
    ),
    sig(
        "paediatric-sig",
        "Paediatric SIG",
        "Paeds SIG",
        13,
        "Members from each of the 15 trusts and the children's operational delivery network, "
        "reducing duplication and making practice consistent so that children can move "
        "between trusts without repeat imaging.",
        [
            Topic(
                "Suspected physical abuse imaging: consent and patient information",
                Purpose.DECISION,
                GROUP,
                "Consultant paediatric radiologist",
                minute="The group reviewed the consent process and information for families "
                "when imaging for suspected physical abuse.",
                paper="Current consent practice and family information for skeletal surveys "
                "in suspected physical abuse, and a proposed network standard.",
                lay_summary="When doctors are worried a child may have been harmed, X-rays may "
                "be needed. This paper proposes clear, consistent information for families.",
                decision="The group agreed a network standard for consent and information.",
                action="Produce the family information leaflet with the children's ODN.",
            ),
            Topic(
                "Paediatric MRI protocols",
                Purpose.DISCUSSION,
                NETWORK,
                "Paediatric MRI radiographer",
                minute="Members began standardising paediatric MRI protocols across the network.",
                paper="Paediatric MRI brain and spine protocols in use across the network and "
                "the differences that lead to repeat scans on transfer.",
                action="Propose standard paediatric brain protocols.",
            ),
            Topic(
                "Education programme and study days",
                Purpose.INFORMATION,
                PUBLIC,
                "Chair",
                minute="The group planned formal and informal education sessions and two "
                "study days; recordings will be available to all members.",
                action="Publish the study day programme in the weekly round-up.",
            ),
            Topic(
                "Child safeguarding case review",
                Purpose.DISCUSSION,
                CONFIDENTIAL,
                "Consultant paediatric radiologist",
                minute="Members discussed learning from an anonymised case review.",
                paper="Learning from a safeguarding case review. Although anonymised, the case "
                "could be identified and the paper is confidential.",
                action="Add the learning points to the education programme.",
            ),
        ],
        staff_groups=(StaffGroup.RADIOLOGIST, StaffGroup.RADIOGRAPHER, StaffGroup.NURSE),
        size=10,
    ),
    sig(
        "musculoskeletal-sig",
        "Musculoskeletal SIG",
        "MSK SIG",
        14,
        "Reducing variation in MSK imaging protocols and standardising MSK pathways from "
        "primary care, with the integrated care systems.",
        [
            Topic(
                "Reducing variation: MRI spine protocols",
                Purpose.DECISION,
                NETWORK,
                "Consultant MSK radiologist",
                minute="Members reviewed variation in MRI spine protocols and agreed to work "
                "with the MRI SIG.",
                paper="MRI spine protocols across the network compared, with the variation in "
                "sequences and scan times, and a proposal aligned with the MRI SIG.",
                decision="The group adopted the MRI SIG's lumbar spine protocol for MSK.",
                action="Agree indications for whole-spine imaging with the MRI SIG.",
            ),
            Topic(
                "Primary care MSK pathways with Birmingham and Solihull ICS",
                Purpose.DISCUSSION,
                PUBLIC,
                "ICS guest speaker",
                minute="A speaker from Birmingham and Solihull ICS described how the system had "
                "standardised MSK referrals from primary care.",
                paper="The Birmingham and Solihull MSK primary care pathway: referral criteria, "
                "direct access imaging and outcomes since it started.",
                lay_summary="GPs in Birmingham and Solihull now follow one agreed route when "
                "sending patients with joint or back pain for scans. We want to do the same "
                "across the region.",
                action="Map primary care MSK referral routes in the other five ICSs.",
            ),
            Topic(
                "Ultrasound-guided injections",
                Purpose.DISCUSSION,
                NETWORK,
                "Consultant sonographer",
                minute="Members discussed training and governance for sonographer-led injections.",
                action="Collect sonographer-led injection protocols.",
            ),
            Topic(
                "Appropriate referrals audit",
                Purpose.ASSURANCE,
                GROUP,
                "Chair",
                minute="The group reviewed the audit of MSK referrals against iRefer guidance.",
                action="Repeat the referrals audit after the pathway changes.",
            ),
        ],
        staff_groups=(StaffGroup.RADIOLOGIST, StaffGroup.RADIOGRAPHER, StaffGroup.SONOGRAPHER),
        fixed=(("member@demo.example", Role.MEMBER),),
        size=9,
    ),
    sig(
        "gynaecology-sig",
        "Gynaecology SIG",
        "Gynae SIG",
        15,
        "Led by the specialist women's hospital: common pathways, protocols and guidelines "
        "for gynaecological and obstetric imaging, and cross-network learning and second "
        "opinions.",
        [
            Topic(
                "Placenta imaging pathway",
                Purpose.DECISION,
                NETWORK,
                "Consultant sonographer",
                minute="Members discussed a common pathway for suspected placenta accreta.",
                paper="A proposed network pathway for suspected placenta accreta spectrum: "
                "ultrasound criteria, MRI referral and specialist review.",
                decision="The group agreed the placenta imaging pathway.",
                action="Write up the placenta pathway for the Operational Board.",
            ),
            Topic(
                "GP referral pathway for pelvic ultrasound",
                Purpose.DISCUSSION,
                PUBLIC,
                "Chair",
                minute="The group discussed common criteria for GP referrals for pelvic "
                "ultrasound.",
                action="Draft GP referral criteria for pelvic ultrasound.",
            ),
            Topic(
                "Second opinions across the network",
                Purpose.DISCUSSION,
                GROUP,
                "Consultant radiologist",
                minute="Members discussed sharing images for second opinions before the "
                "converged platform is live.",
                action="Agree an interim second-opinion route with the Digital SIG.",
            ),
            Topic(
                "Protocols and guidelines",
                Purpose.INFORMATION,
                NETWORK,
                "Sonographer",
                minute="The group listed the protocols and guidelines it wants to produce.",
                action="Prioritise the guideline list for the next meeting.",
            ),
        ],
        staff_groups=(StaffGroup.SONOGRAPHER, StaffGroup.RADIOLOGIST),
        size=8,
        tor_review_days=-12,
        last_minutes_draft=True,
    ),
    sig(
        "patient-and-public-involvement-sig",
        "Patient & Public Involvement SIG",
        "PPI SIG",
        16,
        "Makes sure the patient voice is part of the network and its deliverables: recruits "
        "and supports patient volunteers, including those who sit on the Operational Board "
        "as voting members.",
        [
            Topic(
                "Patient volunteer induction and imaging knowledge",
                Purpose.INFORMATION,
                PUBLIC,
                "Patient & Public Involvement Lead",
                minute="Volunteers described their induction and the imaging knowledge "
                "sessions they have attended.",
                paper="The induction programme for patient volunteers and the imaging "
                "knowledge sessions offered, with volunteers' feedback.",
                lay_summary="New patient volunteers learn about how scans are done and how the "
                "network works before joining meetings.",
                action="Arrange a department visit for new volunteers.",
            ),
            Topic(
                "Patient volunteer policy",
                Purpose.DECISION,
                PUBLIC,
                "Patient & Public Involvement Lead",
                minute="Members reviewed the draft patient volunteer policy before it goes to "
                "the Operational Board.",
                paper="Draft policy: recruitment, role descriptions, expenses and support for "
                "patient volunteers.",
                lay_summary="This policy explains what patient volunteers do, how they are "
                "supported and how their expenses are paid.",
                decision="The group recommended the policy to the Operational Board.",
                action="Send the patient volunteer policy to the Operational Board.",
            ),
            Topic(
                "Target operating model surveys",
                Purpose.DISCUSSION,
                PUBLIC,
                "Patient volunteer",
                minute="Volunteers commented on the draft questions for the target operating "
                "model surveys.",
                action="Test the survey questions with a local patient group.",
            ),
            Topic(
                "Recruiting more volunteers",
                Purpose.DISCUSSION,
                NETWORK,
                "Patient & Public Involvement Lead",
                minute="The group discussed reaching people from communities that use imaging "
                "services but are under-represented among volunteers.",
                action="Contact Healthwatch in each ICS about recruiting volunteers.",
            ),
        ],
        staff_groups=(StaffGroup.MANAGER, StaffGroup.NURSE),
        fixed=tuple((email, Role.PATIENT_VOLUNTEER) for email in VOLUNTEER_EMAILS),
        size=5,
        lay_confidential=True,
    ),
]
