"""Demo round-up: the archive, ~200 member and 20 outside subscribers with mixed choices, three
past issues with their delivery figures, and next week's draft made from the demo content.

Nothing is emailed: past issues get delivery rows as if sent. Safe to run again.
"""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from portal.models import HomePage
from portal.suppression import Suppression
from publications.services import sync_comms_editors

from .blocks import Topic
from .models import Delivery, IssueSend, RoundupIndexPage, RoundupPage, Subscriber
from .services.composing import Preferences, freeze_content, sections_for, subject_of
from .services.drafting import ARCHIVE_SLUG, draft_next_issue
from .services.subscriptions import enrol_members

OUTSIDE_SUBSCRIBERS = [
    ("Priya", "Sharma", "Midlands Imaging Supplies Ltd"),
    ("Tom", "Hughes", "University of Birmingham"),
    ("Grace", "Okafor", "Birmingham and Solihull ICB"),
    ("Owen", "Price", "Healthwatch Dudley"),
    ("Hannah", "Lewis", "Keele University"),
    ("Daniel", "Evans", "RadTech Services"),
    ("Fatima", "Begum", "Coventry and Warwickshire ICB"),
    ("Liam", "Walsh", "Staffordshire University"),
    ("Chloe", "Turner", "Patient and public voice partner"),
    ("Arjun", "Patel", "Imaging Equipment Partners"),
    ("Sophie", "Ward", "Herefordshire and Worcestershire ICB"),
    ("Marcus", "Reid", "West Midlands Cancer Alliance"),
    ("Aisha", "Khan", "Birmingham City University"),
    ("Ben", "Cooper", "Society of Radiographers, West Midlands"),
    ("Ella", "Morgan", "Healthwatch Walsall"),
    ("Jacob", "Hall", "Teleradiology Partners"),
    ("Zara", "Ali", "NHS England Midlands"),
    ("Ryan", "Foster", "Black Country ICB"),
    ("Megan", "Bell", "Royal College of Radiologists, Midlands"),
    ("Isaac", "Young", "Patient and public voice partner"),
]

PAST_ISSUES = [
    (
        1,
        3,
        "Welcome to the first weekly round-up from the network office.",
        [
            (
                "Events and training",
                Topic.EVENTS,
                True,
                [
                    ("Network and Learn: LGBTQ+ history month", "A lunchtime session open to all."),
                    (
                        "Paediatric SIG study day (April)",
                        "Two study days led by the Paediatric SIG.",
                    ),
                ],
            ),
            (
                "Network news",
                Topic.GOVERNANCE,
                True,
                [
                    (
                        "Digital Directors Board established",
                        "Senior digital leads from every trust.",
                    ),
                ],
            ),
            (
                "Special interest group updates",
                Topic.SIG_NEWS,
                False,
                [
                    (
                        "MSK SIG: reducing variation in MRI spine protocols",
                        "First priority project.",
                    ),
                ],
            ),
        ],
    ),
    (
        2,
        2,
        "This week: the conference programme and new SIG meetings.",
        [
            (
                "Events and training",
                Topic.EVENTS,
                True,
                [
                    ("Network Conference: call for posters", "Workforce, QSI, research and more."),
                ],
            ),
            (
                "Protocols",
                Topic.PROTOCOLS,
                True,
                [
                    ("Harmonised CT head protocol approved", "Adopted across the network."),
                ],
            ),
            (
                "Jobs and opportunities",
                Topic.JOBS,
                True,
                [
                    ("Clinical fellow, Research and Innovation SIG", "Two days a week for a year."),
                ],
            ),
        ],
    ),
    (
        3,
        1,
        "Recorded webinars are now in the members' area for your CPD.",
        [
            (
                "Events and training",
                Topic.EVENTS,
                True,
                [
                    ("CPD webinar: dose optimisation in paediatric CT", "Recording now available."),
                ],
            ),
            (
                "Network news",
                Topic.GOVERNANCE,
                True,
                [
                    ("Operational Board: summary of decisions", "Published with the minutes."),
                ],
            ),
            (
                "Special interest group updates",
                Topic.SIG_NEWS,
                False,
                [
                    ("Medical Physics SIG: survey results", "Twenty trusts responded."),
                ],
            ),
        ],
    ),
]


def _archive():
    archive = RoundupIndexPage.objects.filter(slug=ARCHIVE_SLUG).first()
    if archive:
        return archive
    home = HomePage.objects.first() or Page.get_first_root_node()
    archive = RoundupIndexPage(
        title="The weekly round-up",
        slug=ARCHIVE_SLUG,
        introduction="The network's weekly email: events, news, protocols and SIG updates.",
    )
    home.add_child(instance=archive)
    archive.save_revision().publish()
    return archive


def _mixed_preferences():
    """Give enrolled members varied, repeatable choices (members who chose already are left)."""
    from sigs.models import SigPage

    sigs = list(SigPage.objects.live().order_by("path"))
    rng = random.Random(8)
    for subscriber in Subscriber.objects.filter(
        source=Subscriber.Source.MEMBERSHIP, consent_detail__endswith="member"
    ).order_by("pk"):
        subscriber.events = rng.random() < 0.9
        subscriber.protocols = rng.random() < 0.6
        subscriber.governance = rng.random() < 0.5
        subscriber.jobs = rng.random() < 0.4
        subscriber.all_sigs = rng.random() < 0.5
        subscriber.consent_detail += " (choices set in the demo)"
        subscriber.save()
        if not subscriber.all_sigs and sigs:
            subscriber.sigs.set(rng.sample(sigs, k=min(len(sigs), rng.randint(0, 2))))
    return Subscriber.objects.filter(source=Subscriber.Source.MEMBERSHIP).count()


def _outside_subscribers():
    rng = random.Random(20)
    now = timezone.now()
    for number, (first, last, organisation) in enumerate(OUTSIDE_SUBSCRIBERS, start=1):
        status = Subscriber.Status.SUBSCRIBED
        if number in (7, 14):
            status = Subscriber.Status.PENDING
        elif number == 19:
            status = Subscriber.Status.UNSUBSCRIBED
        Subscriber.objects.get_or_create(
            email=f"{first}.{last}@partners.demo.example".lower(),
            defaults={
                "first_name": first,
                "organisation": organisation,
                "status": status,
                "source": Subscriber.Source.WEBSITE,
                "consent_at": now - dt.timedelta(days=rng.randint(20, 200))
                if status != Subscriber.Status.PENDING
                else None,
                "consent_detail": "Confirmed by the link emailed to this address"
                if status != Subscriber.Status.PENDING
                else "",
                "events": rng.random() < 0.8,
                "protocols": rng.random() < 0.3,
                "governance": rng.random() < 0.7,
                "jobs": rng.random() < 0.5,
                "all_sigs": rng.random() < 0.3,
            },
        )
    suppressions = [
        ("zara.ali@partners.demo.example", Suppression.Reason.HARD_BOUNCE, "mail provider webhook"),
        ("isaac.young@partners.demo.example", Suppression.Reason.UNSUBSCRIBE, "unsubscribe link"),
        ("megan.bell@partners.demo.example", Suppression.Reason.COMPLAINT, "mail provider webhook"),
    ]
    for email, reason, source in suppressions:
        Suppression.objects.get_or_create(
            email=email, defaults={"reason": reason, "source": source}
        )
    return Subscriber.objects.filter(user__isnull=True, email__endswith="demo.example").count()


def _past_issue(archive, number, weeks_ago, introduction, plan):
    if RoundupPage.objects.filter(number=number).exists():
        return
    sent_at = timezone.now() - dt.timedelta(weeks=weeks_ago)
    issue_date = timezone.localdate(sent_at)
    issue = RoundupPage(
        title=f"Round-up {number}: {issue_date:%-d %B %Y}",
        slug=f"issue-{number}",
        number=number,
        issue_date=issue_date,
        introduction=introduction,
        sections=[
            {
                "type": "section",
                "value": {
                    "heading": heading,
                    "topic": topic,
                    "public": public,
                    "items": [
                        {
                            "title": title,
                            "summary": summary,
                            "link": "",
                            "when": "",
                            "sig": None,
                            "members_only": not public,
                        }
                        for title, summary in items
                    ],
                },
            }
            for heading, topic, public, items in plan
        ],
    )
    archive.add_child(instance=issue)
    issue.save_revision().publish()
    content = freeze_content(issue)
    send = IssueSend.objects.create(
        issue=issue,
        status=IssueSend.Status.SENT,
        subject=subject_of(content),
        content=content,
        requested_at=sent_at - dt.timedelta(minutes=5),
        scheduled_for=sent_at,
        started_at=sent_at,
        finished_at=sent_at + dt.timedelta(minutes=3),
        last_progress_at=sent_at + dt.timedelta(minutes=3),
        rate_per_minute=600,
    )
    suppressed = set(Suppression.objects.values_list("email", flat=True))
    rng = random.Random(number)
    rows = []
    receiving = (
        Subscriber.objects.receiving()
        .select_related("user")
        .prefetch_related("sigs")
        .order_by("pk")
    )
    for position, subscriber in enumerate(receiving):
        status, error = Delivery.Status.SENT, ""
        if subscriber.address in suppressed:
            status = Delivery.Status.SUPPRESSED
        elif not sections_for(content, Preferences.of(subscriber)):
            status = Delivery.Status.NOTHING_TO_SEND
        elif rng.random() < 0.01:
            status, error = Delivery.Status.FAILED, "SMTPRecipientsRefused: 550 mailbox unavailable"
        rows.append(
            Delivery(
                send=send,
                subscriber=subscriber,
                email=subscriber.address,
                batch=position // 100,
                status=status,
                error=error,
                attempts=1 if status in (Delivery.Status.SENT, Delivery.Status.FAILED) else 0,
                sent_at=sent_at if status == Delivery.Status.SENT else None,
            )
        )
    Delivery.objects.bulk_create(rows)
    send.batch_count = len(rows) // 100 + 1
    send.save(update_fields=["batch_count"])


@transaction.atomic
def load(stdout):
    archive = _archive()
    sync_comms_editors()  # comms edit the archive they just got
    enrol_members()
    members = _mixed_preferences()
    outside = _outside_subscribers()
    for number, weeks_ago, introduction, plan in PAST_ISSUES:
        _past_issue(archive, number, weeks_ago, introduction, plan)
    draft = draft_next_issue()
    sent = Delivery.objects.filter(status=Delivery.Status.SENT).count()
    stdout.write(
        f"Round-up: {members} member and {outside} outside subscribers, "
        f"{IssueSend.objects.filter(status=IssueSend.Status.SENT).count()} past issues "
        f"({sent} messages delivered), "
        + (f"next week's draft “{draft.title}”." if draft else "next week's draft already made.")
    )
