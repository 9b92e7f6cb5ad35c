"""The demo's protocols: in the MRI SIG, an MRI lumbar spine protocol with two versions and
its adoption across the 15 trusts, and a standardised MR safety questionnaire; in the
Paediatric SIG, a paediatric MRI protocol in review. Each goes through the real workflow."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from governance.models import Membership
from portal.models import User

from ..models import Adoption, ProtocolPage, ProtocolVersion, SigPage, TrustLead
from ..services import protocols as protocol_services
from ..services.adoption import network_trusts, set_adoption
from ..services.workspace import add_attachment

Status = Adoption.Status


def _sequence_table(caption, rows):
    return {
        "type": "sequence_table",
        "value": {
            "caption": caption,
            "rows": [
                {"sequence": s, "plane": p, "slice_thickness": t, "notes": n} for s, p, t, n in rows
            ],
        },
    }


def _text(html):
    return {"type": "text", "value": html}


def _heading(words):
    return {"type": "heading", "value": words}


LUMBAR_SPINE_V1 = [
    _heading("Patient preparation"),
    _text(
        "<p>Complete the network MR safety questionnaire. Supine, feet first, knees supported. "
        "Centre at L3; use the spine coil elements from T11 to the sacrum.</p>"
    ),
    _sequence_table(
        "Lumbar spine: routine",
        [
            ("T2 TSE", "Sagittal", "4 mm", "T11 to S2"),
            ("T1 TSE", "Sagittal", "4 mm", ""),
            ("T2 TSE", "Axial", "4 mm", "Angled through L3/4, L4/5 and L5/S1 discs"),
        ],
    ),
    _heading("Reporting"),
    _text("<p>Report within 7 days for routine referrals and 24 hours for red flags.</p>"),
]

LUMBAR_SPINE_V2 = [
    LUMBAR_SPINE_V1[0],
    LUMBAR_SPINE_V1[1],
    _sequence_table(
        "Lumbar spine: routine",
        [
            ("T2 TSE", "Sagittal", "4 mm", "T11 to S2"),
            ("T1 TSE", "Sagittal", "4 mm", ""),
            ("STIR", "Sagittal", "4 mm", "Added: oedema, infection and fracture"),
            ("T2 TSE", "Axial", "4 mm", "Angled through L3/4, L4/5 and L5/S1 discs"),
        ],
    ),
    _sequence_table(
        "Suspected cauda equina: rapid protocol",
        [
            ("T2 TSE", "Sagittal", "4 mm", "Whole lumbar spine"),
            ("T2 TSE", "Axial", "4 mm", "Contiguous L3 to S1, no angulation"),
        ],
    ),
    _heading("Reporting"),
    _text(
        "<p>Report within 7 days for routine referrals, 24 hours for red flags, and "
        "immediately for suspected cauda equina.</p>"
    ),
]

# Version 2.1, a minor version: clearer wording, nothing staff do differently.
LUMBAR_SPINE_V2_1 = [
    *LUMBAR_SPINE_V2[:3],
    _sequence_table(
        "Suspected cauda equina: rapid protocol",
        [
            ("T2 TSE", "Sagittal", "4 mm", "Whole lumbar spine"),
            ("T2 TSE", "Axial", "4 mm", "Contiguous slices from L3 to S1, no angulation"),
        ],
    ),
    LUMBAR_SPINE_V2[4],
    _text(
        "<p>Report routine referrals within 7 days of the scan, red flags within 24 hours, "
        "and suspected cauda equina immediately.</p>"
    ),
]

SAFETY_QUESTIONNAIRE = [
    _heading("How to use this questionnaire"),
    _text(
        "<p>Every patient, or the person responsible for them, completes it before an MRI "
        "scan; an MR-trained radiographer checks every answer before the patient enters the "
        "scanner room.</p>"
    ),
    _heading("Standard questions"),
    _text(
        "<ol><li>Do you have a pacemaker, defibrillator or other implanted device?</li>"
        "<li>Have you had surgery on your head, heart or eyes?</li>"
        "<li>Have you ever had metal in your eyes, for example from welding or grinding?</li>"
        "<li>Do you have any implants, clips, shunts, stents or joint replacements?</li>"
        "<li>Could you be pregnant? (Asked of everyone aged 12 to 55, whatever their "
        "gender.)</li>"
        "<li>Do you have any tattoos or body piercings?</li>"
        "<li>Do you wear a medicine patch or an insulin pump?</li></ol>"
    ),
]

PAEDIATRIC_BRAIN = [
    _heading("Preparation"),
    _text(
        "<p>Feed and wrap for infants under 3 months; play specialist preparation from age 4; "
        "general anaesthetic only after a failed awake attempt or by clinical need.</p>"
    ),
    _sequence_table(
        "Paediatric brain: routine",
        [
            ("T2 TSE", "Axial", "3 mm", ""),
            ("T1 3D gradient echo", "3D volume", "1 mm", "Reformat in three planes"),
            ("FLAIR", "Coronal", "3 mm", "Over 2 years of age"),
            ("DWI", "Axial", "4 mm", "b0 and b1000"),
        ],
    ),
]

# Where each trust stands (by ODS code) on versions 1.0 and 2.0 of the lumbar spine protocol.
SPINE_ADOPTION = {
    "RRK": ((Status.ADOPTED, 300), (Status.ADOPTED, 20)),
    "RQ3": ((Status.NOT_APPLICABLE, None), (Status.NOT_APPLICABLE, None)),
    "RRJ": ((Status.ADOPTED, 290), (Status.ADOPTED, 15)),
    "RNA": ((Status.ADOPTED, 280), None),  # behind: member@demo.example is its trust lead
    "RXK": ((Status.ADOPTED, 270), (Status.ADOPTING, 45)),
    "RBK": ((Status.ADOPTING, -30), None),
    "RL4": ((Status.ADOPTED, 250), (Status.ADOPTED, 10)),
    "RKB": ((Status.ADOPTED, 320), (Status.ADOPTED, 25)),
    "RJC": ((Status.LOCAL_VARIATION, None), (Status.LOCAL_VARIATION, None)),
    "RLT": (None, None),
    "RWP": ((Status.ADOPTED, 240), None),
    "RLQ": ((Status.ADOPTING, -60), (Status.ADOPTING, 60)),
    "RXW": ((Status.ADOPTED, 230), (Status.ADOPTED, 5)),
    "RL1": ((Status.ADOPTED, 260), (Status.ADOPTED, 12)),
    "RJE": ((Status.ADOPTED, 310), (Status.ADOPTED, 18)),
}
VARIATION = "Our 1.5T scanner cannot run the axial sequence at 4 mm in the slot; we use 5 mm."


def _chair(sig):
    membership = (
        sig.memberships.current()
        .filter(role=Membership.Role.CHAIR)
        .select_related("person")
        .first()
    )
    return membership.person if membership else None


def _protocol(sig, slug, **fields):
    existing = ProtocolPage.objects.child_of(sig).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = ProtocolPage(slug=slug, live=False, **fields)
    sig.add_child(instance=page)
    return page, True


def _new_version(protocol, chair, *, when, **changes):
    """Save a draft, take it through review and the chair's approval, then date it `when`."""
    draft = protocol.get_latest_revision_as_object() if protocol.latest_revision_id else protocol
    for name, value in changes.items():
        setattr(draft, name, value)
    draft.save_revision(user=chair)
    protocol_services.submit_for_review(protocol, chair)
    protocol_services.end_sig_review(protocol, chair)
    version = protocol_services.approve(protocol, chair)
    approved_at = timezone.now() - timedelta(days=when)
    effective = timezone.localdate(approved_at)
    ProtocolVersion.objects.filter(pk=version.pk).update(
        approved_at=approved_at,
        effective_date=effective,
        review_date=effective.replace(year=effective.year + 2),
    )
    if version.decision_id:
        version.decision.__class__.objects.filter(pk=version.decision_id).update(
            decided_on=effective
        )
    return ProtocolVersion.objects.get(pk=version.pk)


def _trust_leads(sig):
    """A trust lead for each trust represented in the SIG: its first member from that trust."""
    for membership in sig.current_memberships().exclude(trust=None).order_by("role", "pk"):
        if not TrustLead.objects.filter(sig=sig, trust=membership.trust).exists():
            TrustLead.objects.create(sig=sig, person=membership.person, trust=membership.trust)
    member = User.objects.filter(email="member@demo.example").first()
    if member and member.organisation and sig.current_membership_of(member):
        TrustLead.objects.filter(sig=sig, trust=member.organisation).exclude(person=member).delete()
        TrustLead.objects.get_or_create(sig=sig, person=member, trust=member.organisation)


def _adopt(version, chair, which):
    today = timezone.localdate()
    for trust in network_trusts():
        entry = SPINE_ADOPTION.get(trust.ods_code, (None, None))[which]
        if entry is None:
            continue
        status, days = entry
        set_adoption(
            version,
            trust,
            chair,
            status,
            adopted_on=today - timedelta(days=days) if status == Status.ADOPTED else None,
            adopt_by=today - timedelta(days=days) if status == Status.ADOPTING else None,
            variation_reason=VARIATION if status == Status.LOCAL_VARIATION else "",
        )


def _mri(stdout):
    sig = SigPage.objects.get(slug="mri-sig")
    chair = _chair(sig)
    _trust_leads(sig)
    spine, made = _protocol(
        sig,
        "mri-lumbar-spine",
        title="MRI lumbar spine",
        modality="mri",
        body_area="Lumbar spine",
        clinical_indication="Low back pain with red flags, radiculopathy or suspected cauda equina",
        summary="The network's standard MRI lumbar spine protocol, the first protocol the MRI "
        "SIG agreed to standardise.",
        visibility="network",
        protocol_owner=chair,
        body=LUMBAR_SPINE_V1,
        change_kind="major",
        change_summary="The first network version, agreed from a comparison of every trust's "
        "lumbar spine protocol.",
    )
    if made:
        first = _new_version(spine, chair, when=330)
        _adopt(first, chair, 0)
        second = _new_version(
            spine,
            chair,
            when=40,
            body=LUMBAR_SPINE_V2,
            change_kind="major",
            change_summary="Adds a sagittal STIR for oedema, infection and fracture, and a "
            "rapid protocol for suspected cauda equina with its reporting time.",
        )
        _adopt(second, chair, 1)
        # A wording fix: every trust's status on 2.0 carries forward to 2.1.
        _new_version(
            spine,
            chair,
            when=3,
            body=LUMBAR_SPINE_V2_1,
            change_kind="minor",
            change_summary="Clearer wording, no change to what staff do: the rapid protocol's "
            "axial slices are described in full and the reporting times read as one list.",
        )
    questionnaire, made = _protocol(
        sig,
        "mr-safety-questionnaire",
        title="Standard MR safety questionnaire",
        modality="mri",
        body_area="All",
        clinical_indication="Every MRI examination: screening before entering the scanner room",
        summary="One set of MR safety questions for every hospital in the network, drawn from "
        "the forms each trust used.",
        visibility="public",
        protocol_owner=chair,
        body=SAFETY_QUESTIONNAIRE,
        change_kind="major",
        change_summary="The first network version: the standard questions agreed by the MRI "
        "SIG from every trust's safety form.",
    )
    if made:
        _new_version(questionnaire, chair, when=120)
        add_attachment(
            questionnaire,
            ContentFile(_questionnaire_pdf(), name="mr-safety-questionnaire.pdf"),
            title="MR safety questionnaire (printable)",
            uploaded_by=chair,
        )


def _questionnaire_pdf():
    from weasyprint import HTML

    questions = SAFETY_QUESTIONNAIRE[3]["value"]
    return HTML(
        string=f"<h1>MR safety questionnaire</h1>{questions}<p>Signature: ________</p>"
    ).write_pdf()


def _paediatric(stdout):
    sig = SigPage.objects.get(slug="paediatric-sig")
    chair = _chair(sig)
    brain, made = _protocol(
        sig,
        "paediatric-mri-brain",
        title="Paediatric MRI brain",
        modality="mri",
        body_area="Brain",
        clinical_indication="Children with seizures, developmental delay or headache with "
        "red flags",
        summary="A standard paediatric MRI brain protocol, part of the SIG's work to "
        "standardise MRI protocols across the network.",
        visibility="network",
        protocol_owner=chair,
        body=PAEDIATRIC_BRAIN,
        change_kind="major",
        change_summary="The first network version, from the protocols of the children's "
        "hospital and four trusts that scan children.",
    )
    if made and chair is not None:
        brain.save_revision(user=chair)
        protocol_services.submit_for_review(brain, chair)
        members = sig.current_memberships().exclude(person=chair)[:2]
        for membership, comment in zip(
            members,
            [
                "Please add a susceptibility-weighted sequence for suspected non-accidental "
                "injury.",
                "Our 1.5T scanner needs 4 mm for the axial T2 in under-2s. Can that be a "
                "permitted local variation?",
            ],
            strict=False,
        ):
            protocol_services.add_review_comment(brain, membership.person, comment)


def load_protocols(stdout):
    _mri(stdout)
    _paediatric(stdout)
    stdout.write(
        f"Protocols: {ProtocolPage.objects.count()} protocols, "
        f"{ProtocolVersion.objects.count()} approved versions, "
        f"{Adoption.objects.count()} trust adoption statuses."
    )
