"""What governance tells people, through portal's one notification service: agendas and papers
for their groups, minutes circulated, actions they own, and their requests to join a group."""

from datetime import timedelta

from django.utils import timezone
from wagtail import hooks

from portal.notifications.registry import Kind
from portal.notifications.services import notify

from .models import Action
from .models.records import ACTION_AMBER_DAYS

MEETING_PAPERS = "governance.meeting_papers"
MINUTES_CIRCULATED = "governance.minutes_circulated"
ACTION_ASSIGNED = "governance.action_assigned"
ACTION_DUE = "governance.action_due"
JOIN_REQUEST_DECIDED = "governance.join_request_decided"

GROUP = "Your groups and meetings"


@hooks.register("register_notification_kinds")
def governance_kinds():
    return [
        Kind(
            MEETING_PAPERS,
            "Agendas and papers published for your groups",
            "When a meeting of a group you belong to has its agenda published or its papers "
            "issued.",
            group=GROUP,
        ),
        Kind(
            MINUTES_CIRCULATED,
            "Minutes circulated",
            "When the draft minutes of one of your groups' meetings are circulated to read.",
            group=GROUP,
        ),
        Kind(
            ACTION_ASSIGNED,
            "Actions given to you",
            "When a meeting records an action with you as its owner.",
            group=GROUP,
        ),
        Kind(
            ACTION_DUE,
            "Your actions falling due or overdue",
            f"When an action you own is due within {ACTION_AMBER_DAYS} days, and when it is "
            "overdue.",
            group=GROUP,
        ),
        Kind(
            JOIN_REQUEST_DECIDED,
            "Your requests to join a group",
            "When a chair approves or declines your request to join their group.",
            group=GROUP,
        ),
    ]


def _members(group):
    return [m.person for m in group.current_memberships()]


def _when(meeting):
    return timezone.localtime(meeting.start).strftime("%-d %B %Y")


def agenda_published(meeting):
    """A meeting's agenda went live: its group's members are told, once per meeting, and only
    about a meeting still to come."""
    if meeting.start is None or meeting.start <= timezone.now():
        return []
    group = meeting.group
    return notify(
        _members(group),
        MEETING_PAPERS,
        f"Agenda published: {meeting.title}, {_when(meeting)}",
        url=meeting.url or "",
        key=f"agenda:{meeting.pk}",
        context={"summary": f"The agenda for {group.title}'s meeting is ready to read."},
    )


def papers_issued(meeting, exclude=()):
    """The papers were issued: the group's members are told (bar `exclude`: volunteers, whom
    lay review tells about the papers they may open)."""
    group = meeting.group
    left_out = {person.pk for person in exclude}
    return notify(
        [person for person in _members(group) if person.pk not in left_out],
        MEETING_PAPERS,
        f"Papers issued: {meeting.title}, {_when(meeting)}",
        url=meeting.url or "",
        key=f"papers:{meeting.pk}",
        context={"summary": f"The papers for {group.title}'s meeting have been issued."},
    )


def minutes_circulated(meeting, members):
    group = meeting.group
    return notify(
        members,
        MINUTES_CIRCULATED,
        f"Draft minutes to read: {group.title}, {meeting.title}",
        url=meeting.url or "",
        key=f"minutes:{meeting.pk}",
        context={
            "summary": f"The draft minutes of {meeting.title} ({group.title}, {_when(meeting)}) "
            "have been circulated. Please read them before the next meeting, where they will "
            "be approved; tell the chair or secretary if something is wrong or missing."
        },
    )


def action_assigned(action):
    """The owner of a new (or reassigned) action is told, once per action and owner."""
    return notify(
        [action.owner],
        ACTION_ASSIGNED,
        f"New action for you, due {action.due:%-d %B %Y}",
        url=action.meeting.url or "",
        key=f"{action.pk}:{action.owner_id}",
        context={"summary": f"Agreed at {action.meeting.title}: {action.description}"},
    )


def actions_due(today=None):
    """Tell each owner when their open action falls due (amber) and when it is overdue (red):
    once per action, owner, due date and state, however often this runs."""
    today = today or timezone.localdate()
    told = 0
    open_actions = Action.objects.open().select_related("owner", "meeting")
    for action in open_actions.filter(due__lte=today + timedelta(days=ACTION_AMBER_DAYS)):
        rag = action.rag(today)
        if rag == Action.Rag.RED:
            title = f"Overdue action: it was due {action.due:%-d %B %Y}"
        else:
            title = f"Action due {action.due:%-d %B %Y}"
        told += len(
            notify(
                [action.owner],
                ACTION_DUE,
                title,
                url=action.meeting.url or "",
                key=f"{action.pk}:{action.owner_id}:{action.due.isoformat()}:{rag}",
                context={"summary": action.description},
            )
        )
    return told


def join_request_decided(join_request, group):
    approved = join_request.status == join_request.Status.APPROVED
    by = str(join_request.decided_by) if join_request.decided_by else "The chair"
    summary = (
        f"{by} has approved your request to join {group.title}. You are now a member."
        if approved
        else f"{by} has declined your request to join {group.title}."
    )
    if join_request.decision_note:
        summary += f" Their note: {join_request.decision_note}"
    return notify(
        [join_request.person],
        JOIN_REQUEST_DECIDED,
        f"You are now a member of {group.title}"
        if approved
        else f"Your request to join {group.title}",
        url=group.url or "",
        key=f"{join_request.pk}",
        context={"summary": summary},
    )
