"""The demo's forums, from the annual report: the Clinical Directors Forum and the
Quality Forum (quality leads working towards QSI and QSIN)."""

from .specs import (
    CONFIDENTIAL,
    GROUP,
    NETWORK,
    PUBLIC,
    Frequency,
    GroupSpec,
    Kind,
    Purpose,
    StaffGroup,
    Topic,
)

CLINICAL_DIRECTORS_FORUM = GroupSpec(
    slug="clinical-directors-forum",
    title="Clinical Directors Forum",
    short_name="CDF",
    kind=Kind.FORUM,
    order=3,
    purpose=(
        "A forum for the clinical directors of imaging in member trusts to build "
        "relationships, bring organisational problems to their peers and steer the clinical "
        "priorities of the network's work programme."
    ),
    frequency=Frequency.QUARTERLY,
    powers=(
        "Recommend clinical priorities for the network work programme to the Operational Board",
        "Endorse clinical guidelines and protocols before they go to the Operational Board",
    ),
    tor_review_days=-45,
    quorum=(4, True, 3),
    size=9,
    staff_groups=(StaffGroup.RADIOLOGIST,),
    secretary_votes=False,
    hour=16,
    minutes_long=90,
    topics=(
        Topic(
            "Healthcare systems engineering: bids for funding",
            Purpose.DECISION,
            GROUP,
            "Clinical Director",
            minute=(
                "Following the talk from the Kent and Medway Imaging Network, members discussed "
                "bids to build healthcare systems engineering expertise in member trusts."
            ),
            paper=(
                "Healthcare systems engineering applies modelling of demand, capacity and flow "
                "to imaging pathways. The paper outlines two bids to train staff in each trust."
            ),
            decision="The Forum endorsed both healthcare systems engineering bids.",
            action="Submit the endorsed bids to the Operational Board for prioritisation.",
        ),
        Topic(
            "Reporting turnaround and outsourcing",
            Purpose.DISCUSSION,
            GROUP,
            "Clinical Director",
            minute=(
                "Members compared reporting turnaround times and the share of examinations "
                "outsourced for reporting, which cost the network around £32M last year."
            ),
            paper=(
                "364,627 examinations were outsourced for reporting in 2022/23, with a further "
                "52,669 for both acquisition and reporting. The paper compares turnaround by "
                "trust and options for insourcing through cross-site reporting."
            ),
            action="Collect each trust's outsourcing contract end dates.",
        ),
        Topic(
            "Harmonising imaging protocols across the network",
            Purpose.DISCUSSION,
            NETWORK,
            "MRI SIG chair",
            minute=(
                "The Forum discussed how protocols agreed by SIGs are adopted, starting with "
                "MRI spine and paediatric MRI."
            ),
            action="Agree a sign-off route for SIG protocols with the Quality Forum.",
        ),
        Topic(
            "Cross-site reporting: clinical governance",
            Purpose.DISCUSSION,
            CONFIDENTIAL,
            "Clinical Director",
            minute=(
                "Members discussed indemnity, discrepancy review and job planning for "
                "radiologists reporting for other trusts."
            ),
            paper=(
                "Draft governance arrangements for cross-site reporting, including a summary "
                "of recent discrepancy cases that are under review and must not be shared."
            ),
            action="Draft a network discrepancy review process for cross-site reports.",
        ),
        Topic(
            "Learning from other clinical networks",
            Purpose.INFORMATION,
            PUBLIC,
            "Clinical Director",
            minute=(
                "Members reflected on the benefits of network working described by the "
                "clinical lead of a trauma network at the opening forum."
            ),
            action="Invite a speaker from another imaging network to the next forum.",
        ),
    ),
)

QUALITY_FORUM = GroupSpec(
    slug="quality-forum",
    title="Quality Forum",
    short_name="QF",
    kind=Kind.FORUM,
    order=4,
    purpose=(
        "Quality leads from across the network meet quarterly to share experience, documents "
        "and quality improvement work as each service works towards the Quality Standard for "
        "Imaging (QSI) and the network towards the Quality Standard for Imaging Networks."
    ),
    frequency=Frequency.QUARTERLY,
    powers=(
        "Agree shared quality documents and templates for use across the network",
        "Recommend quality improvement priorities to the Operational Board",
    ),
    tor_review_days=60,
    quorum=(4, True, 3),
    size=9,
    staff_groups=(StaffGroup.RADIOGRAPHER, StaffGroup.MANAGER),
    hour=14,
    minutes_long=90,
    location="Education Centre, University Hospital Coventry",
    topics=(
        Topic(
            "QSI progress by trust",
            Purpose.ASSURANCE,
            NETWORK,
            "Senior Quality Improvement Manager",
            minute=(
                "Quality leads reported progress towards QSI accreditation. Engagement has "
                "fallen in some trusts for lack of senior manager support and staff time."
            ),
            paper=(
                "Each trust's QSI position: standards met, evidence in progress, and target "
                "dates. Trusts with a community diagnostic centre must gain accreditation "
                "within two years of the centre opening."
            ),
            action="Meet the quality leads of the three trusts with the least progress.",
        ),
        Topic(
            "Governing non-medical referrers",
            Purpose.DECISION,
            NETWORK,
            "Senior Quality Improvement Manager",
            minute=(
                "The Forum reviewed the draft framework for entitling and auditing non-medical "
                "referrers under IR(ME)R."
            ),
            paper=(
                "A common framework for entitling non-medical referrers: scope of practice, "
                "training, audit of referrals and what to do when a referral falls outside scope."
            ),
            decision="The Forum agreed the non-medical referrer framework for adoption.",
            action="Send the framework to the Operational Board for approval.",
        ),
        Topic(
            "Gender-inclusive pregnancy enquiries",
            Purpose.DISCUSSION,
            PUBLIC,
            "Quality lead",
            minute=(
                "Members compared their pregnancy enquiry forms and agreed the need for one "
                "consistent, inclusive approach."
            ),
            paper=(
                "The paper compares the pregnancy enquiry wording used in each trust against "
                "the national guidance and proposes a single inclusive form."
            ),
            lay_summary=(
                "Before some scans, staff must ask whether a patient could be pregnant. This "
                "paper proposes one respectful way of asking, used in every hospital."
            ),
            action="Draft a common pregnancy enquiry form for consultation.",
        ),
        Topic(
            "Document control with SharePoint",
            Purpose.INFORMATION,
            NETWORK,
            "Quality lead",
            minute=(
                "A quality lead demonstrated document control using free SharePoint apps "
                "instead of buying a quality management system."
            ),
            action="Share the SharePoint document control template on FutureNHS.",
        ),
        Topic(
            "QSIN gap analysis",
            Purpose.ASSURANCE,
            GROUP,
            "Senior Quality Improvement Manager",
            minute=(
                "The Forum reviewed the network's gap analysis against the Quality Standard "
                "for Imaging Networks, now 30% complete and 27% commenced."
            ),
            paper=(
                "Gap analysis against each QSIN domain, with owners and evidence for the "
                "standards that are complete and plans for those commenced."
            ),
            action="Assign owners to the uncommenced QSIN standards.",
        ),
    ),
)
