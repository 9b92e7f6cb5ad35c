"""What SIGs tell people through portal's one notification service: a protocol review started
in their SIG, and a new version their trust has not yet adopted (trust leads)."""

from django.urls import reverse
from wagtail import hooks

from portal.notifications.registry import Kind
from portal.notifications.services import notify

REVIEW_STARTED = "sigs.review_started"
NEW_VERSION_TO_ADOPT = "sigs.new_version_to_adopt"

GROUP = "SIGs and protocols"


@hooks.register("register_notification_kinds")
def sig_kinds():
    return [
        Kind(
            REVIEW_STARTED,
            "Protocol reviews in your SIGs",
            "When a protocol of a SIG you belong to goes to the SIG for review and comment.",
            group=GROUP,
        ),
        Kind(
            NEW_VERSION_TO_ADOPT,
            "New protocol versions for your trust to adopt",
            "When a new major version is approved that your trust has not adopted yet "
            "(trust leads).",
            group=GROUP,
            email_handled_elsewhere=True,
        ),
    ]


def review_started(protocol, task_state):
    """The SIG's members are told, once per review (the workflow step that started it)."""
    sig = protocol.sig
    members = [m.person for m in sig.current_memberships()]
    return notify(
        members,
        REVIEW_STARTED,
        f"Protocol review started: {protocol.title}",
        url=reverse("sigs:protocol_review", kwargs={"protocol_id": protocol.pk}),
        key=f"{protocol.pk}:{task_state.pk}",
        context={
            "summary": f"{sig.title} is reviewing a new version of {protocol.title}. "
            "Read it and comment before the review ends."
        },
    )


def new_version_to_adopt(person, trust, protocol, version):
    """Records it in the portal; returns whether the lead wants the (adoption service's) email."""
    return bool(
        notify(
            [person],
            NEW_VERSION_TO_ADOPT,
            f"New version {version.number} of {protocol.title} for {trust} to adopt",
            url=protocol.url or "",
            key=f"{version.pk}",
            context={"summary": f"{trust} has not yet adopted version {version.number}."},
        )
    )
