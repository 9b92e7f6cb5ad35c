"""Demo publications (the annual report's four, and the patient volunteer policy) with PDF
stand-ins, about thirty news items across the groups, and file libraries for several SIGs.

Idempotent: pages are found by slug, files by name in their folder; nothing is duplicated.
"""

import datetime as dt
import io
from html import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename, slugify
from filer.models import Folder
from wagtail.models import Site
from wagtailnhsukfrontend.settings.models import HeaderSettings, NavigationLink

from governance.models import GroupPage, LibraryFileVersion
from governance.rules import can_upload_to_library
from governance.services import library
from governance.visibility import Visibility
from portal.models import HomePage, User

from .models import NewsIndexPage, NewsPage, PublicationIndexPage, PublicationPage
from .services import add_publication_file, sync_comms_editors

ADMIN_EMAIL = "admin@demo.example"
CHAIR_MRI_EMAIL = "chair.mri@demo.example"
Type = PublicationPage.Type

# (slug, title, type, published, owner slug, related slugs, review, visibility, summary, body)
PUBLICATIONS = [
    (
        "network-strategy",
        "Network Strategy",
        Type.STRATEGY,
        dt.date(2023, 6, 12),
        "executive-board",
        ["operational-board"],
        dt.date(2026, 6, 1),
        Visibility.PUBLIC,
        "The strategy sets out our vision, mission and key objectives and priorities which are "
        "crucial to ensuring a sustainable diagnostic workforce and long-term future growth of "
        "imaging services in the West Midlands region.",
        [
            "Our vision: creating excellence together, so that every patient in the West "
            "Midlands has timely access to high-quality imaging.",
            "Fifteen NHS acute trusts across six integrated care systems serve 6.6 million people "
            "registered with a GP. Together we carry out around 390,000 examinations a month.",
            "Our priorities: a sustainable workforce, shared digital infrastructure, consistent "
            "protocols and pathways, and quality improvement through the Quality Standard for "
            "Imaging.",
        ],
    ),
    (
        "governance-strategy",
        "Governance Strategy",
        Type.STRATEGY,
        dt.date(2023, 9, 4),
        "executive-board",
        ["operational-board", "clinical-directors-forum"],
        dt.date(2025, 9, 1),
        Visibility.PUBLIC,
        "Informs the member organisations of the network's governance arrangements: a robust "
        "structure that monitors risk, implements changes and drives the work programmes.",
        [
            "The Executive Board sets the network's direction and holds it to account.",
            "The Operational Board runs the programme of work. Forums and special interest "
            "groups, chaired by our members, are accountable to it.",
            "Risks are escalated through the same structure, from each group to the body above.",
        ],
    ),
    (
        "workforce-work-plan",
        "Workforce Work Plan",
        Type.PLAN,
        dt.date(2024, 1, 22),
        "workforce-sig",
        ["operational-board"],
        dt.date(2025, 3, 31),
        Visibility.PUBLIC,
        "A strategic document that addresses the workforce challenges within imaging across the "
        "West Midlands region.",
        [
            "We completed the network-wide Workforce Plan and Workforce Strategy, and identified "
            "international recruitment ambassadors.",
            "The plan sets out how we will collect robust workforce data, support assistant "
            "practitioners and imaging assistants, and share education across trusts.",
        ],
    ),
    (
        "communication-strategy",
        "Communication Strategy",
        Type.STRATEGY,
        dt.date(2023, 11, 6),
        "operational-board",
        [],
        dt.date(2025, 11, 1),
        Visibility.PUBLIC,
        "Our first Communications Strategy: why communication is the most valuable tool of a "
        "network, and how we will build and foster relationships across the region.",
        [
            "Our channels: the website, the weekly round-up, the newsletter, and our social media "
            "accounts.",
            "Monthly communications meetings review and audit the content and traffic of each.",
        ],
    ),
    (
        "patient-volunteer-policy",
        "Patient Volunteer Policy",
        Type.POLICY,
        dt.date(2024, 2, 19),
        "patient-and-public-involvement-sig",
        ["operational-board"],
        dt.date(2026, 2, 1),
        Visibility.PUBLIC,
        "How patients and members of the public join the network as volunteers: what they do, "
        "how we support them, the expenses we pay and how we review papers with them.",
        [
            "Patient volunteers sit on our boards and groups and review papers written for the "
            "public. Every paper shared with them has a summary in plain English.",
            "We reimburse travel and out-of-pocket expenses, offer an induction and a named "
            "contact in the network office, and respect each volunteer's time.",
        ],
    ),
    (
        "equipment-procurement-plan",
        "Imaging Equipment Procurement Plan",
        Type.PLAN,
        dt.date(2024, 3, 11),
        "commercial-and-assets-sig",
        ["executive-board"],
        dt.date(2025, 3, 1),
        Visibility.NETWORK,
        "How trusts buy imaging equipment together through the network's memorandum of "
        "understanding, with the replacement schedule agreed by the Executive Board.",
        [
            "The Executive Board agreed a memorandum of understanding for joint purchasing, to "
            "lever cost savings through economies of scale.",
            "This plan lists the replacement schedule trust by trust; it is for network members.",
        ],
    ),
]

# (group slug or None for the network, days ago, title, summary)
NEWS = [
    (
        None,
        3,
        "Round-up reaches 3,000 readers",
        "Our weekly round-up now goes to more than 3,000 imaging staff across the region.",
    ),
    (
        None,
        10,
        "Network and Learn returns",
        "Our next Network and Learn session is open for booking; all staff groups are welcome.",
    ),
    (
        None,
        18,
        "20% off BIR training for members",
        "Members can now book British Institute of Radiology courses at a 20% discount.",
    ),
    (
        None,
        31,
        "Annual report 2023/24 published",
        "Read how the network's boards, forums and SIGs delivered their work programmes this year.",
    ),
    (
        None,
        45,
        "New Digital Director joins the network",
        "A Digital Director and project manager now lead the digital workstream.",
    ),
    (
        None,
        60,
        "Celebrating LGBTQ+ history month",
        "Our first Network and Learn session celebrated LGBTQ+ history month.",
    ),
    (
        "executive-board",
        12,
        "Executive Board approves workforce strategy",
        "The Board approved the network workforce strategy and plan.",
    ),
    (
        "executive-board",
        40,
        "Joint purchasing agreed",
        "Trusts agreed a memorandum of understanding to buy imaging equipment together.",
    ),
    (
        "operational-board",
        6,
        "Operational Board reviews SIG programmes",
        "Each SIG reported progress against its work programme.",
    ),
    (
        "operational-board",
        52,
        "Full and associate membership agreed",
        "Trusts can now join the network as full or associate members.",
    ),
    (
        "digital-board",
        8,
        "Specification sessions for CDIP under way",
        "Trusts are building the requirements for a Converged Digital Imaging Platform.",
    ),
    (
        "digital-board",
        35,
        "Accenture appointed as digital partner",
        "Accenture will develop the procurement plan for PACS and RIS replacement with our trusts.",
    ),
    (
        "digital-board",
        70,
        "Sixty suppliers at our digital supplier day",
        "Suppliers from around the world came to test our plans for image sharing.",
    ),
    (
        "clinical-directors-forum",
        22,
        "Clinical directors share reporting capacity",
        "The forum agreed to look at cross-site reporting during winter.",
    ),
    (
        "quality-forum",
        15,
        "Quality Forum sees free SharePoint tools",
        "A demonstration showed what free apps can do for QSI evidence.",
    ),
    (
        "quality-forum",
        48,
        "Every provider now working towards QSI",
        "All providers have begun their journey towards the Quality Standard for Imaging.",
    ),
    (
        "mri-sig",
        2,
        "MR safety questions: have your say",
        "The MRI SIG is comparing trusts' MR safety forms to agree standard questions.",
    ),
    (
        "mri-sig",
        27,
        "Physics training resources shared",
        "MRI physics teaching materials are now in the SIG's files for all members.",
    ),
    (
        "mri-sig",
        66,
        "Business case for a wide-bore scanner",
        "The SIG is preparing a case for an extra-wide or open bore scanner for the region.",
    ),
    (
        "paediatric-sig",
        5,
        "Paediatric study days in April",
        "Two study days led by the paediatric SIG are open for booking.",
    ),
    (
        "paediatric-sig",
        58,
        "Consent and information for suspected physical abuse imaging",
        "The SIG is reviewing consent and patient information across trusts.",
    ),
    (
        "musculoskeletal-sig",
        14,
        "MRI spine protocols: first comparison",
        "The MSK SIG has started its work on variation in MRI spine protocols.",
    ),
    (
        "musculoskeletal-sig",
        75,
        "Guest speaker on primary care pathways",
        "A speaker from Birmingham and Solihull ICS shared their standard MSK pathways.",
    ),
    (
        "gynaecology-sig",
        20,
        "Gynaecology SIG sets its priorities",
        "Common pathways for placenta imaging and GP referrals come first.",
    ),
    (
        "workforce-sig",
        9,
        "International recruitment ambassadors named",
        "Ambassadors will support radiographers joining us from overseas.",
    ),
    (
        "workforce-sig",
        50,
        "Workforce data collection opens",
        "Trusts are asked to return their imaging workforce figures.",
    ),
    (
        "medical-physics-sig",
        25,
        "Shared physics training for MRI and CT",
        "Medical physicists are pooling training to reduce duplication.",
    ),
    (
        "research-and-innovation-sig",
        16,
        "AI sub-group submits NHSE bid",
        "The AI sub-group has submitted the network's bid for AI funding.",
    ),
    (
        "data-and-information-sig",
        30,
        "BI dashboard pilot begins",
        "Trusts are signing data sharing agreements so the dashboard build can start.",
    ),
    (
        "patient-and-public-involvement-sig",
        4,
        "Patient volunteers review their first papers",
        "Volunteers on the Operational Board read and commented on three papers.",
    ),
]

# (group slug, folder, [(file name, text)]); .docx files are Word documents, the rest PDFs.
LIBRARIES = [
    (
        "mri-sig",
        "MR safety forms",
        [
            ("MR safety screening form - UHNM.pdf", "MR safety screening form used at UHNM."),
            ("MR safety screening form - RWT.pdf", "MR safety screening form used at RWT."),
            ("Standard MR safety questions (draft).docx", "Draft standard MR safety questions."),
        ],
    ),
    (
        "mri-sig",
        "Training resources",
        [
            ("MRI physics refresher.pdf", "MRI physics refresher for radiographers."),
            ("Cannulation training for imaging assistants.docx", "Cannulation training plan."),
        ],
    ),
    (
        "medical-physics-sig",
        "Training resources",
        [("Physics teaching for CT and MRI.pdf", "Shared physics teaching, CT and MRI.")],
    ),
    (
        "musculoskeletal-sig",
        "Protocols in development",
        [("MRI spine protocol comparison.docx", "MRI spine protocols compared across trusts.")],
    ),
    (
        "paediatric-sig",
        "Patient information",
        [("Suspected physical abuse imaging - leaflet draft.docx", "Draft patient leaflet.")],
    ),
]


def _pdf(title, paragraphs):
    from weasyprint import HTML

    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return HTML(
        string=(
            "<html><head><style>body{font-family:sans-serif;margin:2cm}"
            "h1{color:#005eb8}</style></head><body>"
            f"<p>West Midlands Imaging Network</p><h1>{escape(title)}</h1>{body}"
            "<p><em>A stand-in document for the demo site.</em></p></body></html>"
        )
    ).write_pdf()


def _docx(title, paragraphs):
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(name, title, paragraphs):
    content = _docx(title, paragraphs) if name.endswith(".docx") else _pdf(title, paragraphs)
    return SimpleUploadedFile(name, content)


def _group(slug):
    return GroupPage.objects.filter(slug=slug).order_by("path").first() if slug else None


def _index(page_class, slug, title, introduction):
    home = HomePage.objects.first()
    index = page_class.objects.first()
    if index is None:
        index = page_class(title=title, slug=slug, introduction=introduction)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _navigation(pages):
    site = Site.objects.get(is_default_site=True)
    header = HeaderSettings.for_site(site)
    start = header.navigation_links.count()
    for offset, page in enumerate(pages):
        NavigationLink.objects.get_or_create(
            setting=header, page=page, defaults={"label": page.title, "sort_order": start + offset}
        )


def load_publications(admin):
    index = _index(
        PublicationIndexPage,
        "publications",
        "Publications",
        "The strategies, policies and plans that support the network's governance framework.",
    )
    made = 0
    for spec in PUBLICATIONS:
        slug, title, kind, published, owner, related, review, visibility, summary, body = spec
        page = PublicationPage.objects.child_of(index).filter(slug=slug).first()
        if page is None:
            page = PublicationPage(
                title=title,
                slug=slug,
                publication_type=kind,
                date_published=published,
                summary=summary,
                owning_group=_group(owner),
                review_date=review,
                visibility=visibility,
            )
            page.related_groups = [g for g in map(_group, related) if g is not None]
            index.add_child(instance=page)
            page.save_revision(user=admin).publish(user=admin)
            made += 1
        if not page.files.exists():
            add_publication_file(
                page,
                _upload(f"{slug}.pdf", title, [summary, *body]),
                version_label=f"Version 1, {published:%B %Y}",
                uploaded_by=admin,
                replaces_current=True,
            )
    return index, made


def load_news(admin):
    index = _index(
        NewsIndexPage,
        "news",
        "News",
        "News from the network and its boards, forums and special interest groups.",
    )
    today = timezone.localdate()
    made = 0
    for group_slug, days_ago, title, summary in NEWS:
        slug = slugify(title)[:80]
        if NewsPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        page = NewsPage(
            title=title,
            slug=slug,
            date=today - dt.timedelta(days=days_ago),
            summary=summary,
            group=_group(group_slug),
            body=[
                {
                    "type": "paragraph",
                    "value": f"<p>{escape(summary)} Read more in the weekly round-up, or ask "
                    "the network office.</p>",
                }
            ],
        )
        index.add_child(instance=page)
        page.save_revision(user=admin).publish(user=admin)
        made += 1
    return index, made


def load_libraries(admin):
    made = 0
    for group_slug, folder_name, files in LIBRARIES:
        group = _group(group_slug)
        if group is None:
            continue
        folder, _ = Folder.objects.get_or_create(
            name=folder_name, parent=library.library_root(group)
        )
        present = set(folder.all_files.values_list("original_filename", flat=True))
        wanted = [(name, text) for name, text in files if _safe(name) not in present]
        if wanted:
            library.upload_files(
                group,
                folder.pk,
                [_upload(name, name.rsplit(".", 1)[0], [text]) for name, text in wanted],
                uploaded_by=admin,
            )
            made += len(wanted)
    mri = _group("mri-sig")
    if mri is not None:
        if not mri.members_may_upload:
            GroupPage.objects.filter(pk=mri.pk).update(members_may_upload=True)
        _replace_once(mri, admin)
    return made


def _safe(name):
    stem, extension = name.rsplit(".", 1)
    return f"{get_valid_filename(stem)[:100]}.{extension}"


def _replace_once(group, admin):
    """The UHNM form has been revised once, so its page shows an earlier version."""
    folder = Folder.objects.filter(
        name="MR safety forms", parent=library.library_root(group)
    ).first()
    form = (
        folder
        and folder.all_files.filter(
            original_filename__startswith="MR_safety_screening_form_-_UHNM"
        ).first()
    )
    if form is None or LibraryFileVersion.objects.filter(current=form).exists():
        return
    chair = User.objects.filter(email=CHAIR_MRI_EMAIL).first() or admin
    library.replace_file(
        group,
        form.pk,
        _upload(
            "MR safety screening form - UHNM.pdf",
            "MR safety screening form - UHNM (revised)",
            [
                "Revised MR safety screening form used at UHNM, "
                "with the network's standard questions."
            ],
        ),
        replaced_by=chair if can_upload_to_library(chair, group) else admin,
    )


@transaction.atomic
def load(stdout):
    admin = User.objects.get(email=ADMIN_EMAIL)
    publications, new_publications = load_publications(admin)
    news, new_news = load_news(admin)
    new_files = load_libraries(admin)
    _navigation([publications, news])
    sync_comms_editors()
    stdout.write(
        f"Publications: {PublicationPage.objects.count()} publications ({new_publications} new), "
        f"{NewsPage.objects.count()} news items ({new_news} new), "
        f"{new_files} new library files."
    )
