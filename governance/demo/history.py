"""A group's year of meetings, written through the governance services as a secretary
would: agenda, papers, attendance, minutes, decisions and actions, then the board packs."""

import random
from collections import defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from portal.models import User

from ..models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Interest,
    MeetingPage,
    Membership,
    Minutes,
    Paper,
)
from ..services.interests import record_declaration
from ..services.meetings import add_paper, add_standard_opening, record_attendance
from ..services.packs import build_packs
from ..services.records import (
    add_action_update,
    approve_minutes,
    circulate_minutes,
    close_action,
    record_action,
    record_decision,
    write_minute,
)
from .papers import paper_pdf
from .specs import Purpose, Role, find_seat

LONDON = ZoneInfo("Europe/London")
# Past meetings about 8, 5 and 2 months ago, each group a couple of days after the last.
PAST_MEETING_DAYS_AGO = (240, 150, 60)
ACTIONS_PER_MEETING = 3
FOLLOW_UPS = [
    "Bring a progress report to the next meeting on “{title}”.",
    "Circulate a short written update to members on “{title}”.",
    "Confirm the timetable with the trusts involved for “{title}”.",
]


def _shutdown(day):
    return (day.month, day.day) >= (12, 22) or (day.month, day.day) <= (1, 2)


def _working_day(day, spread=0):
    """The first weekday on or after `day`; after the Christmas shutdown, groups spread out
    over the first days back rather than all meeting on the same one."""
    if _shutdown(day):
        while _shutdown(day):
            day += timedelta(days=1)
        day += timedelta(days=spread % 5)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def meeting_days(spec):
    """The days of a group's three past meetings (if it has a history) and its next one."""
    today = timezone.localdate()
    past = [
        _working_day(today - timedelta(days=days + 2 * spec.order), spec.order)
        for days in PAST_MEETING_DAYS_AGO
    ]
    upcoming = _working_day(today + timedelta(days=8 + (spec.order * 5) % 28), spec.order)
    return (past if spec.history else []), upcoming


def _join_url(group, day):
    return f"https://meet.demo.example/wmin/{group.slug}-{day:%Y%m%d}"


class MeetingWriter:
    """Builds one group's year of meetings through the governance services."""

    def __init__(self, group, spec, seats):
        self.group = group
        self.spec = spec
        self.rng = random.Random(f"meetings-{spec.slug}")
        self.chair = find_seat(seats, Role.CHAIR).person
        self.secretary = find_seat(seats, Role.SECRETARY).person
        self.officers = [s.person for s in seats if s.role in Membership.LEADING_ROLES]
        self.interests = {
            i.organisation: i for i in Interest.objects.filter(person__in=[s.person for s in seats])
        }
        self.seen_topics = set()
        self.reissued = set()
        self.meetings = []

    # The topics a meeting takes: a window moving round the group's topics, 3 or 4 at a time.
    def topics_for(self, number):
        topics = self.spec.topics
        count = 3 + (number + self.spec.order) % 2
        start = sum(3 + (n + self.spec.order) % 2 for n in range(number))
        return [topics[(start + i) % len(topics)] for i in range(count)]

    def create_meeting(self, number, day, *, held):
        start = datetime.combine(day, time(self.spec.hour), tzinfo=LONDON)
        items = [
            AgendaItem(
                title=topic.title,
                purpose=topic.purpose,
                presenter=topic.presenter,
                minutes_allotted=20 if topic.purpose == Purpose.DECISION else 15,
                visibility=topic.visibility,
                organisations_named=topic.organisations,
            )
            for topic in self.topics_for(number)
        ]
        meeting = MeetingPage(
            title=f"{self.group.title} – {day.day} {day:%B %Y}",
            slug=f"{day:%Y-%m-%d}",
            start=start,
            end=start + timedelta(minutes=self.spec.minutes_long),
            location=self.spec.location,
            join_url=_join_url(self.group, day),
            status=MeetingPage.Status.HELD if held else MeetingPage.Status.SCHEDULED,
            agenda_items=items,
        )
        self.group.add_child(instance=meeting)
        add_standard_opening(meeting)
        meeting = MeetingPage.objects.get(pk=meeting.pk)
        self.meetings.append(meeting)
        return meeting

    def topic_items(self, meeting, number):
        """Each topic with the item made from it, matched by title (not by position: the
        agenda's order is the database's, and a paper must meet its own item's visibility).
        A group with few topics can take one twice in a meeting: its items go in turn."""
        items = defaultdict(list)
        for item in meeting.agenda_items.all():
            if item.kind == AgendaItem.Kind.STANDARD:
                items[item.title].append(item)
        return [(topic, items[topic.title].pop(0)) for topic in self.topics_for(number)]

    # Papers ---------------------------------------------------------------------------------

    def add_papers(self, meeting, number):
        uploaded = meeting.start - timedelta(days=7)
        all_items = list(meeting.agenda_items.all())
        for topic, item in self.topic_items(meeting, number):
            if not topic.paper:
                continue
            item_number = all_items.index(item) + 1
            paper = self._upload(meeting, item, item_number, topic, version=1)
            Paper.objects.filter(pk=paper.pk).update(uploaded_at=uploaded)
            if topic.reissue and topic.title not in self.reissued:
                self.reissued.add(topic.title)
                paper = self._upload(meeting, item, item_number, topic, version=2, replaces=paper)
                Paper.objects.filter(pk=paper.pk).update(uploaded_at=uploaded + timedelta(days=4))
                Paper.objects.filter(pk=paper.previous_version_id).update(
                    superseded_at=uploaded + timedelta(days=4)
                )

    def _upload(self, meeting, item, item_number, topic, *, version, replaces=None):
        data = paper_pdf(
            group=self.group,
            meeting=meeting,
            item_number=item_number,
            topic=topic,
            version=version,
        )
        name = f"{self.spec.short_name}-{meeting.slug}-item-{item_number}-{slugify(topic.title)}"
        upload = SimpleUploadedFile(
            f"{name[:80]}-v{version}.pdf", data, content_type="application/pdf"
        )
        return add_paper(
            item,
            upload,
            title=topic.title,
            visibility=topic.visibility,
            uploaded_by=self.chair,
            replaces=replaces,
            lay_summary=topic.lay_summary,
        )

    # Attendance -----------------------------------------------------------------------------

    def record_attendance(self, meeting, number):
        on = timezone.localtime(meeting.start).date()
        memberships = list(self.group.memberships.current(on).select_related("person"))
        chair_away = number == 1 and self.spec.order % 3 == 0
        deputised = number == 2
        member_ids = {m.person_id for m in Membership.objects.filter(group=self.group)}
        attended = []
        for membership in memberships:
            status, deputy = Attendance.Status.PRESENT, None
            roll = self.rng.random()
            if membership.role == Role.CHAIR:
                status = Attendance.Status.APOLOGIES if chair_away else status
            elif membership.role in Membership.LEADING_ROLES or membership.is_lay:
                pass
            elif deputised and membership.trust_id and membership.voting:
                deputy = self._colleague(membership, member_ids)
                status = Attendance.Status.DEPUTISED if deputy else status
                deputised = deputy is None
            elif roll < 0.14:
                status = Attendance.Status.APOLOGIES
            elif roll < 0.19:
                status = Attendance.Status.ABSENT
            record_attendance(
                meeting, membership.person, status, recorded_by=self.secretary, deputy=deputy
            )
            if status in (Attendance.Status.PRESENT, Attendance.Status.DEPUTISED):
                attended.append(membership)
        return attended

    def _colleague(self, membership, member_ids):
        colleagues = (
            User.objects.filter(
                organisation_id=membership.trust_id,
                email__endswith="@members.demo.example",
            )
            .exclude(pk__in=member_ids)
            .order_by("email")
        )
        return colleagues.first()

    # Minutes, decisions, actions ------------------------------------------------------------

    def record_business(self, meeting, number, attended, closing):
        """Minute each item, with its decision the first time it comes up and its action (the
        topic's own the first time, then up to two follow-ups a meeting), three at most."""
        day = timezone.localtime(meeting.start).date()
        voters = [m for m in attended if m.voting]
        present_ids = {m.person_id for m in attended}
        noun = self.spec.noun
        minutes = {}
        actions = []
        followed_up = 0
        for topic, item in self.topic_items(meeting, number):
            first_time = topic.title not in self.seen_topics
            self.seen_topics.add(topic.title)
            text = [topic.minute if first_time else self._update_minute(topic)]
            text += self._declarations(item, topic, present_ids)
            if first_time and topic.decision:
                votes = self._votes(len(voters)) if topic.vote else {}
                decision = record_decision(
                    meeting,
                    text=topic.decision,
                    by=self.secretary,
                    agenda_item=item,
                    **votes,
                )
                text.append(f"DECISION {decision.reference}: {topic.decision}{_tally(votes)}")
            # A topic seen before gets a follow-up, two a meeting so they don't crowd the log.
            description = topic.action
            if not first_time:
                description = "" if followed_up >= 2 else self._follow_up(topic)
                followed_up += 1
            if description and len(actions) < ACTIONS_PER_MEETING:
                owner = self._owner(attended)
                action = record_action(
                    meeting,
                    description=description,
                    owner=owner,
                    due=day + timedelta(days=42),
                    by=self.secretary,
                    agenda_item=item,
                )
                Action.objects.filter(pk=action.pk).update(created_at=meeting.end)
                actions.append(action)
                text.append(f"ACTION {action.reference}: {description} Owner: {owner}.")
            minutes[item.pk] = "\n\n".join(text)
        for item in meeting.agenda_items.all():
            if item.kind == AgendaItem.Kind.PREVIOUS_MINUTES:
                minutes[item.pk] = self._previous_minutes_text(number, noun)
            elif item.kind == AgendaItem.Kind.MATTERS_ARISING:
                minutes[item.pk] = (
                    "There were no matters arising that were not covered elsewhere on the agenda."
                )
            elif item.kind == AgendaItem.Kind.ACTIONS_CARRIED_FORWARD:
                minutes[item.pk] = _actions_minute(closing, noun)
        for item in meeting.agenda_items.all():
            write_minute(item, minutes[item.pk], by=self.secretary)
        return actions

    def _follow_up(self, topic):
        return self.rng.choice(FOLLOW_UPS).format(title=topic.title)

    def _update_minute(self, topic):
        noun = self.spec.noun
        return self.rng.choice(
            [
                f"The {noun} received an update on progress since the last meeting and noted "
                "the risks to delivery.",
                f"The {noun} noted the update. Members asked for the timetable to be shared "
                "with their trusts.",
                f"Progress was noted. The {noun} asked for a fuller report at a future meeting.",
            ]
        )

    def _declarations(self, item, topic, present_ids):
        lines = []
        for organisation in filter(None, (o.strip() for o in topic.organisations.split(","))):
            interest = self.interests.get(organisation)
            if interest is None or interest.person_id not in present_ids:
                continue
            note = "Took part in the discussion but not in the decision."
            record_declaration(
                item, interest.person, by=self.secretary, interest=interest, note=note
            )
            name = interest.person.get_full_name()
            lines.append(f"{name} declared an interest ({interest.organisation}). {note}")
        return lines

    def _votes(self, voters):
        against = 1 if self.rng.random() < 0.3 else 0
        abstentions = self.rng.choice([0, 0, 1, 2])
        return {
            "votes_for": max(voters - against - abstentions, 0),
            "votes_against": against,
            "abstentions": abstentions,
        }

    def _owner(self, attended):
        people = [m.person for m in attended if not m.is_lay and m.role != Role.OBSERVER]
        return self.rng.choice(people or self.officers)

    def _previous_minutes_text(self, number, noun):
        if number == 0:
            return "The minutes of the previous meeting were approved as a true record."
        previous = self.meetings[number - 1]
        return (
            f"The minutes of {previous.title} were approved as a true record, proposed and "
            f"seconded by members of the {noun}."
        )

    def circulate(self, meeting):
        circulate_minutes(meeting, by=self.secretary)
        Minutes.objects.filter(meeting=meeting).update(
            circulated_at=meeting.end + timedelta(days=6)
        )

    def approve(self, earlier, meeting):
        minutes = approve_minutes(earlier.minutes, at_meeting=meeting, by=self.chair)
        Minutes.objects.filter(pk=minutes.pk).update(approved_at=meeting.end)

    def close(self, action, status, noted_at, update):
        owner = action.owner
        note = add_action_update(action, update, by=owner)
        ActionUpdate.objects.filter(pk=note.pk).update(
            created_at=noted_at.start - timedelta(days=5)
        )
        close_action(action, status=status, noted_at=noted_at, by=self.secretary)
        Action.objects.filter(pk=action.pk).update(closed_at=noted_at.end)

    def write_history(self, days, upcoming_day):
        """Three held meetings (minutes approved at the next), then the next one scheduled.

        Most actions from the first two meetings are closed (done or dropped) at the next
        two; of those left open, one is overdue, one due within a fortnight and the rest
        later, so every RAG state is on show.
        """
        agreed = []
        for number, day in enumerate(days):
            meeting = self.create_meeting(number, day, held=True)
            self.add_papers(meeting, number)
            attended = self.record_attendance(meeting, number)
            closing = self._close_due(number, agreed, meeting)
            agreed.append(self.record_business(meeting, number, attended, closing))
            if number:
                self.approve(self.meetings[number - 1], meeting)
            if number < len(days) - 1 or not self.spec.last_minutes_draft:
                self.circulate(meeting)
        if len(agreed) == len(PAST_MEETING_DAYS_AGO):
            self._leave_open(agreed)
        upcoming = self.create_meeting(len(days), upcoming_day, held=False)
        self.add_papers(upcoming, len(days))
        return self.meetings

    def _close_due(self, number, agreed, meeting):
        """Close the earlier actions this meeting notes, returning (action, status) pairs."""
        done, dropped = Action.Status.DONE, Action.Status.DROPPED
        # (the meeting that agreed it, its place among that meeting's actions, how it closes)
        plan = {
            1: [(0, 0, done)],
            2: [(0, 1, dropped), (0, 2, done), (1, 1, done)],
        }
        closing = []
        for from_meeting, index, status in plan.get(number, []):
            if from_meeting < len(agreed) and index < len(agreed[from_meeting]):
                action = agreed[from_meeting][index]
                update = (
                    "Completed and reported back to the group."
                    if status == Action.Status.DONE
                    else "No longer needed: superseded by the revised work programme."
                )
                self.close(action, status, meeting, update)
                closing.append((action, status))
        return closing

    def _leave_open(self, agreed):
        """Date the actions still open so that every RAG state shows: the first from the
        second meeting is overdue, the first from the third due within a fortnight, the
        others later. The owners of the first two have posted an update."""
        today = timezone.localdate()
        order = self.spec.order
        overdue, soon = agreed[1][:1], agreed[2][:1]
        later = Action.objects.open().filter(pk__in=[a.pk for a in agreed[1][1:] + agreed[2][1:]])
        plan = [
            (
                overdue,
                today - timedelta(days=12 + order % 9),
                "Waiting for replies from two trusts; expect to finish before the next meeting.",
            ),
            (
                soon,
                today + timedelta(days=5 + order % 7),
                "Draft shared with the chair for comment; on course for the due date.",
            ),
            (later, today + timedelta(days=30 + order % 20), ""),
        ]
        for actions, due, update in plan:
            for action in actions:
                Action.objects.filter(pk=action.pk).update(due=due)
                if update:
                    note = add_action_update(action, update, by=action.owner)
                    written = timezone.now() - timedelta(days=4 + order % 10)
                    ActionUpdate.objects.filter(pk=note.pk).update(created_at=written)

    def build_packs(self):
        for meeting in self.meetings:
            if Paper.objects.filter(agenda_item__meeting=meeting).exists():
                build_packs(meeting.pk)


def _tally(votes):
    if not votes:
        return ""
    return (
        f" (for {votes['votes_for']}, against {votes['votes_against']}, "
        f"abstentions {votes['abstentions']})"
    )


def _actions_minute(closing, noun):
    if not closing:
        return f"The {noun} reviewed the open actions; none were ready to close."
    lines = [f"The {noun} reviewed the open actions."]
    for action, status in closing:
        word = "completed and closed" if status == Action.Status.DONE else "dropped"
        lines.append(f"{action.reference} ({action.description.rstrip('.')}) was {word}.")
    return " ".join(lines)


def ensure_meetings(group, spec, seats):
    """A group's year of meetings, made once: if it has any meetings, it is left alone."""
    if MeetingPage.objects.child_of(group).exists():
        return 0
    past, upcoming = meeting_days(spec)
    writer = MeetingWriter(group, spec, seats)
    meetings = writer.write_history(past, upcoming)
    writer.build_packs()
    return len(meetings)
