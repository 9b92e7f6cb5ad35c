"""The demo network's site core: ICSs, trusts, people, the home page and the demo logins.

Every loader here is idempotent: it finds what exists by a natural key and fills in the rest.
Figures come from the West Midlands Imaging Network annual report 2023/24; people are fictional.
"""

import os
import random

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Site
from wagtailnhsukfrontend.settings.models import HeaderSettings, NavigationLink

from .models import HomePage, IntegratedCareSystem, StandardPage, Trust, User
from .public_pages import PUBLIC_PAGES

DEMO_PASSWORD_DEFAULT = "network-demo"  # noqa: S105 (a published demo password)

INTEGRATED_CARE_SYSTEMS = [
    ("QHL", "NHS Birmingham and Solihull Integrated Care System", "Birmingham and Solihull"),
    ("QUA", "NHS Black Country Integrated Care System", "Black Country"),
    ("QWU", "NHS Coventry and Warwickshire Integrated Care System", "Coventry and Warwickshire"),
    (
        "QGH",
        "NHS Herefordshire and Worcestershire Integrated Care System",
        "Herefordshire and Worcestershire",
    ),
    (
        "QOC",
        "NHS Shropshire, Telford and Wrekin Integrated Care System",
        "Shropshire, Telford and Wrekin",
    ),
    (
        "QNC",
        "NHS Staffordshire and Stoke-on-Trent Integrated Care System",
        "Staffordshire and Stoke-on-Trent",
    ),
]

# (ODS code, name, ICS ODS code, kind, network membership). The report says members chose
# between full and associate membership; which trust chose which is invented for the demo.
TRUSTS = [
    ("RRK", "University Hospitals Birmingham NHS Foundation Trust", "QHL", "acute", "full"),
    ("RQ3", "Birmingham Women's and Children's NHS Foundation Trust", "QHL", "acute", "full"),
    ("RRJ", "The Royal Orthopaedic Hospital NHS Foundation Trust", "QHL", "acute", "associate"),
    ("RNA", "The Dudley Group NHS Foundation Trust", "QUA", "acute", "full"),
    ("RXK", "Sandwell and West Birmingham Hospitals NHS Trust", "QUA", "acute", "full"),
    ("RBK", "Walsall Healthcare NHS Trust", "QUA", "acute", "full"),
    ("RL4", "The Royal Wolverhampton NHS Trust", "QUA", "acute", "full"),
    ("RKB", "University Hospitals Coventry and Warwickshire NHS Trust", "QWU", "acute", "full"),
    ("RJC", "South Warwickshire University NHS Foundation Trust", "QWU", "acute", "associate"),
    ("RLT", "George Eliot Hospital NHS Trust", "QWU", "acute", "associate"),
    ("RWP", "Worcestershire Acute Hospitals NHS Trust", "QGH", "acute", "full"),
    ("RLQ", "Wye Valley NHS Trust", "QGH", "acute", "associate"),
    ("RXW", "The Shrewsbury and Telford Hospital NHS Trust", "QOC", "acute", "full"),
    (
        "RL1",
        "The Robert Jones and Agnes Hunt Orthopaedic Hospital NHS Foundation Trust",
        "QOC",
        "acute",
        "associate",
    ),
    ("RJE", "University Hospitals of North Midlands NHS Trust", "QNC", "acute", "full"),
    (
        "RYW",
        "Birmingham Community Healthcare NHS Foundation Trust",
        "QHL",
        "community",
        "associate",
    ),
]

KEY_FIGURES = [
    ("6.6m", "people registered with a GP in the area", "NHS Digital, January 2024"),
    ("15", "NHS acute trusts", ""),
    ("6", "integrated care systems", ""),
    ("390k", "examinations carried out each month", "Diagnostic Imaging Dataset 2022/23"),
    ("47", "imaging sites", ""),
    (
        "3,850",
        "whole-time equivalent staff working in imaging",
        "National Imaging Data Collection, March 2023",
    ),
    ("128", "CT and MRI scanners", "National Imaging Data Collection, March 2023"),
    ("14", "community diagnostic centres", "MLCSU Strategy Unit"),
]

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Daniel",
    "Ella",
    "Farah",
    "George",
    "Hannah",
    "Imran",
    "Jade",
    "Kieran",
    "Laura",
    "Mohammed",
    "Niamh",
    "Oliver",
    "Priya",
    "Rhys",
    "Sophie",
    "Tom",
    "Usha",
    "Victoria",
    "William",
    "Yasmin",
    "Zoe",
    "Amir",
    "Beth",
    "Callum",
    "Deepa",
    "Ethan",
    "Grace",
]
LAST_NAMES = [
    "Adams",
    "Begum",
    "Clarke",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nolan",
    "Owen",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
    "Turner",
    "Walker",
    "Young",
    "Ahmed",
    "Bennett",
    "Chowdhury",
    "Dixon",
    "Ellis",
    "Foster",
]
STAFF_GROUP_WEIGHTS = [
    (User.StaffGroup.RADIOGRAPHER, 45),
    (User.StaffGroup.RADIOLOGIST, 18),
    (User.StaffGroup.SONOGRAPHER, 10),
    (User.StaffGroup.MEDICAL_PHYSICIST, 7),
    (User.StaffGroup.NURSE, 6),
    (User.StaffGroup.MANAGER, 11),
    (User.StaffGroup.OTHER, 3),
]
JOB_TITLES = {
    User.StaffGroup.RADIOGRAPHER: [
        "Diagnostic radiographer",
        "Advanced practitioner radiographer",
        "Reporting radiographer",
        "MRI radiographer",
    ],
    User.StaffGroup.RADIOLOGIST: ["Consultant radiologist", "Specialty registrar (radiology)"],
    User.StaffGroup.SONOGRAPHER: ["Sonographer", "Consultant sonographer"],
    User.StaffGroup.MEDICAL_PHYSICIST: ["Clinical scientist (medical physics)", "MR physicist"],
    User.StaffGroup.NURSE: ["Radiology nurse", "Interventional radiology nurse"],
    User.StaffGroup.MANAGER: ["Imaging service manager", "PACS manager", "Radiology manager"],
    User.StaffGroup.OTHER: ["Imaging assistant", "Clinical coder"],
}
REGISTRATION_BODIES = {
    User.StaffGroup.RADIOGRAPHER: User.RegistrationBody.HCPC,
    User.StaffGroup.RADIOLOGIST: User.RegistrationBody.GMC,
    User.StaffGroup.NURSE: User.RegistrationBody.NMC,
    User.StaffGroup.MEDICAL_PHYSICIST: User.RegistrationBody.HCPC,
}

DEMO_LOGINS = [
    # (email, what they are, fields)
    (
        "admin@demo.example",
        "network office (superuser)",
        {
            "first_name": "Nadia",
            "last_name": "Osei",
            "job_title": "Network programme manager",
            "staff_group": User.StaffGroup.MANAGER,
            "office_team": User.OfficeTeam.NETWORK_OFFICE,
            "is_staff": True,
            "is_superuser": True,
        },
    ),
    (
        "comms@demo.example",
        "comms team",
        {
            "first_name": "Callum",
            "last_name": "Reid",
            "job_title": "Communications lead",
            "staff_group": User.StaffGroup.MANAGER,
            "office_team": User.OfficeTeam.COMMS,
        },
    ),
    (
        "chair.mri@demo.example",
        "chair of the MRI SIG",
        {
            "first_name": "Meera",
            "last_name": "Rahman",
            "job_title": "Consultant MRI radiographer",
            "staff_group": User.StaffGroup.RADIOGRAPHER,
            "organisation": "RKB",
            "registration_body": User.RegistrationBody.HCPC,
            "registration_number": "RA104233",
        },
    ),
    (
        "member@demo.example",
        "member (a radiographer)",
        {
            "first_name": "Sam",
            "last_name": "Taylor",
            "job_title": "Diagnostic radiographer",
            "staff_group": User.StaffGroup.RADIOGRAPHER,
            "organisation": "RNA",
            "registration_body": User.RegistrationBody.HCPC,
            "registration_number": "RA118890",
        },
    ),
    (
        "volunteer@demo.example",
        "patient volunteer",
        {"first_name": "Pat", "last_name": "Morris", "is_lay_member": True},
    ),
    (
        "applicant@demo.example",
        "applicant awaiting approval",
        {
            "first_name": "Alex",
            "last_name": "Jordan",
            "job_title": "Imaging sales specialist",
            "staff_group": User.StaffGroup.OTHER,
            "network_status": User.NetworkStatus.AWAITING_APPROVAL,
        },
    ),
]


def demo_password():
    return os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)


def load_organisations():
    systems = {}
    for ods_code, name, short_name in INTEGRATED_CARE_SYSTEMS:
        systems[ods_code], _ = IntegratedCareSystem.objects.update_or_create(
            ods_code=ods_code, defaults={"name": name, "short_name": short_name}
        )
    for ods_code, name, ics_code, kind, membership in TRUSTS:
        Trust.objects.update_or_create(
            ods_code=ods_code,
            defaults={
                "name": name,
                "ics": systems[ics_code],
                "kind": kind,
                "network_membership": membership,
            },
        )


def _verified_email(user):
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def load_demo_logins():
    trusts = {trust.ods_code: trust for trust in Trust.objects.all()}
    editors = Group.objects.get(name="Editors")
    for email, _role, fields in DEMO_LOGINS:
        fields = dict(fields)
        if "organisation" in fields:
            fields["organisation"] = trusts[fields["organisation"]]
        fields.setdefault("network_status", User.NetworkStatus.MEMBER)
        user, created = User.objects.update_or_create(email=email, defaults=fields)
        if created or not user.check_password(demo_password()):
            user.set_password(demo_password())
            user.save(update_fields=["password"])
        if user.office_team == User.OfficeTeam.COMMS:
            user.groups.add(editors)
        _verified_email(user)


def load_members(count=200):
    """About 200 fictional members spread over the trusts and staff groups (no password)."""
    rng = random.Random(2024)  # the same people every time
    trusts = list(Trust.objects.order_by("ods_code"))
    groups, weights = zip(*STAFF_GROUP_WEIGHTS, strict=True)
    existing = set(
        User.objects.filter(email__endswith="@members.demo.example").values_list("email", flat=True)
    )
    new_people = []
    for number in range(1, count + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        staff_group = rng.choices(groups, weights)[0]
        trust = trusts[number % len(trusts)]
        email = f"{first}.{last}.{number}@members.demo.example".lower()
        job_title = rng.choice(JOB_TITLES[staff_group])
        registration_number = str(rng.randint(100000, 999999))
        if email in existing:
            continue
        person = User(
            email=email,
            first_name=first,
            last_name=last,
            staff_group=staff_group,
            job_title=job_title,
            organisation=trust,
            registration_body=REGISTRATION_BODIES.get(staff_group, ""),
            registration_number=registration_number if staff_group in REGISTRATION_BODIES else "",
            network_status=User.NetworkStatus.MEMBER,
        )
        person.set_unusable_password()
        new_people.append(person)
    User.objects.bulk_create(new_people)
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=p, email=p.email, verified=True, primary=True)
            for p in User.objects.filter(email__in=[p.email for p in new_people])
        ]
    )


def _paragraph(html):
    return {"type": "paragraph", "value": html}


def load_site():
    """The home page (replacing Wagtail's welcome page), About and Contact, and the header."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's own "Welcome" page (and the site pointing at it) make way for ours.
        for page in root.get_children().filter(slug="home"):
            page.delete()
        home = HomePage(
            title="West Midlands Imaging Network",
            slug="home",
            introduction=(
                "Fifteen NHS trusts working together to give the 6.6 million people of the West "
                "Midlands faster, safer imaging. Creating excellence together."
            ),
            key_figures=[
                {
                    "type": "key_figures",
                    "value": {
                        "heading": "The network in numbers",
                        "figures": [
                            {"figure": f, "label": label, "source": source}
                            for f, label, source in KEY_FIGURES
                        ],
                    },
                }
            ],
            body=[
                {"type": "heading", "value": "What the network does"},
                _paragraph(
                    "<p>Established in 2021, we are the largest imaging network in England, "
                    "carrying out more than 11% of all imaging activity in the country. Our "
                    "boards and special interest groups bring radiographers, radiologists, "
                    "physicists, sonographers, managers and patients together to reduce "
                    "unwarranted variation, share protocols and grow the workforce.</p>"
                ),
            ],
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": "West Midlands Imaging Network",
        },
    )
    pages = {
        "about": (
            "About the network",
            "Who we are, how we are governed and what we are for.",
            "<p>The West Midlands Imaging Network joins 15 acute trusts and one community "
            "trust across six integrated care systems. Executive and Operational Boards "
            "lead the network; special interest groups, chaired by our members, run its "
            "programmes of work and are accountable to the Operational Board.</p>",
            "",
        ),
        "contact": (
            "Contact us",
            "How to reach the network office.",
            "<p>Email the network office with questions about membership, events or "
            "the work of the boards and special interest groups. We aim to reply within "
            "three working days.</p>",
            '<p>Network office<br><a href="mailto:network.office@wmin.example">'
            "network.office@wmin.example</a></p>",
        ),
    }
    site = Site.objects.get(is_default_site=True)
    for slug, (title, intro, text, contact) in pages.items():
        if not StandardPage.objects.filter(slug=slug).exists():
            page = StandardPage(
                title=title,
                slug=slug,
                introduction=intro,
                body=[_paragraph(text)],
                contact_details=contact,
            )
            home.add_child(instance=page)
            page.save_revision().publish()
    for slug, title, intro, body in PUBLIC_PAGES:
        if not StandardPage.objects.filter(slug=slug).exists():
            page = StandardPage(title=title, slug=slug, introduction=intro, body=body)
            home.add_child(instance=page)
            page.save_revision().publish()
    header = HeaderSettings.for_site(site)
    header.service_name = "West Midlands Imaging Network"
    header.save()
    for order, slug in enumerate(["about", "contact"]):
        page = StandardPage.objects.get(slug=slug)
        NavigationLink.objects.get_or_create(
            setting=header, page=page, defaults={"label": page.title, "sort_order": order}
        )


@transaction.atomic
def load(stdout):
    load_organisations()
    load_site()
    load_demo_logins()
    load_members()
    stdout.write(
        f"Site core: {Trust.objects.count()} trusts, "
        f"{User.objects.network_members().count()} network members."
    )
