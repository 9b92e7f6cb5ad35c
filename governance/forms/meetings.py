"""Forms for running a meeting: papers, attendance, minutes, decisions and actions.

They check the shape of what is typed; the services in governance.services decide the rest.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model

from ..lay.forms import LAY_SUMMARY_HELP, clean_lay_summary
from ..models import Attendance
from ..visibility import Visibility, paper_wider_than_item, wider_than_item_message

SAME_AS_ITEM = ""


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def item_label(number, item):
    return f"{number}. {item.title}"


class AddPaperForm(forms.Form):
    agenda_item = forms.TypedChoiceField(label="Agenda item", coerce=int)
    title = forms.CharField(max_length=255, help_text="As it should appear on the agenda.")
    visibility = forms.ChoiceField(
        label="Who can open it",
        required=False,
        help_text="Confidential (Part B) papers are for group members, not lay members, unless "
        "the terms of reference allow it.",
    )
    replaces = forms.TypedChoiceField(
        label="Is this a new version of a paper already on the agenda?",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="The earlier version stays downloadable, marked as superseded.",
    )
    lay_summary = forms.CharField(
        label="Summary in plain English",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=LAY_SUMMARY_HELP,
    )
    file = forms.FileField(label="File")

    def __init__(self, *args, items, papers, **kwargs):
        """`items` are (number, item) pairs; `papers` the meeting's current papers."""
        super().__init__(*args, **kwargs)
        self.items = {item.pk: (number, item) for number, item in items}
        self.papers = {paper.pk: paper for paper in papers}
        self.fields["agenda_item"].choices = [("", "Choose an item")] + [
            (item.pk, item_label(number, item)) for number, item in items
        ]
        self.fields["visibility"].choices = [(SAME_AS_ITEM, "Same as the agenda item")] + [
            (value, label) for value, label in Visibility.choices if value != Visibility.NAMED
        ]
        self.fields["replaces"].choices = [("", "No, it is a new paper")] + [
            (
                paper.pk,
                f"{item_label(*self.items[paper.agenda_item_id])}: "
                f"{paper.title} (version {paper.version})",
            )
            for paper in papers
        ]
        self.fields["file"].help_text = (
            f"PDF, Word (DOCX), Excel (XLSX) or PowerPoint (PPTX), smaller than "
            f"{settings.PAPER_MAX_UPLOAD_MB} MB."
        )

    def clean_lay_summary(self):
        return clean_lay_summary(self.cleaned_data["lay_summary"])

    def clean(self):
        cleaned = super().clean()
        item_id, replaces = cleaned.get("agenda_item"), cleaned.get("replaces")
        if replaces is not None and item_id is not None:
            paper = self.papers[replaces]
            if paper.agenda_item_id != item_id:
                number, _ = self.items[paper.agenda_item_id]
                self.add_error(
                    "replaces",
                    f"A new version goes under the same item as the paper it replaces "
                    f"(item {number}).",
                )
        if item_id is not None and item_id in self.items and cleaned.get("visibility"):
            item = self.items[item_id][1]
            if paper_wider_than_item(cleaned["visibility"], item.visibility):
                self.add_error("visibility", wider_than_item_message(item))
        return cleaned

    @property
    def item(self):
        return self.items[self.cleaned_data["agenda_item"]][1]

    @property
    def paper_visibility(self):
        return self.cleaned_data["visibility"] or self.item.visibility

    @property
    def replaced_paper(self):
        replaces = self.cleaned_data["replaces"]
        return None if replaces is None else self.papers[replaces]


class AttendanceForm(forms.Form):
    """One status (and, if someone deputised, who) for each current member of the group."""

    def __init__(self, *args, memberships, recorded, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = memberships
        self.rows = []
        for membership in memberships:
            person = membership.person
            row = recorded.get(person.pk)
            status = forms.ChoiceField(
                label=person.get_full_name() or person.email,
                choices=Attendance.Status.choices,
                required=False,
                widget=forms.RadioSelect,
                initial=row.status if row else None,
            )
            deputy = forms.EmailField(
                label=f"Email address of {status.label}’s deputy",
                required=False,
                help_text="Who attended in their place. They need a portal account.",
                initial=row.deputy.email if row and row.deputy else "",
            )
            self.fields[f"status_{person.pk}"] = status
            self.fields[f"deputy_{person.pk}"] = deputy
            self.rows.append((membership, self[f"status_{person.pk}"], self[f"deputy_{person.pk}"]))
        self.fields["reason"] = forms.CharField(
            label="Reason for the correction",
            max_length=500,
            required=False,
            help_text="Needed once the minutes are approved: the attendance is then part of the "
            "record. Kept in the meeting's history with your name and the date.",
        )

    def clean(self):
        cleaned = super().clean()
        emails = {
            cleaned[f"deputy_{m.person.pk}"].lower()
            for m in self.memberships
            if cleaned.get(f"status_{m.person.pk}") == Attendance.Status.DEPUTISED
            and cleaned.get(f"deputy_{m.person.pk}")
        }
        users = {
            user.email.lower(): user for user in get_user_model().objects.filter(email__in=emails)
        }
        self.deputies = {}
        for membership in self.memberships:
            pk = membership.person.pk
            status, email = cleaned.get(f"status_{pk}"), cleaned.get(f"deputy_{pk}")
            if status != Attendance.Status.DEPUTISED:
                continue
            if not email:
                if f"deputy_{pk}" not in self.errors:
                    self.add_error(
                        f"deputy_{pk}", "Enter the email address of the person who deputised."
                    )
            elif email.lower() not in users:
                self.add_error(f"deputy_{pk}", "No one with that email address has an account.")
            elif users[email.lower()].pk == pk:
                self.add_error(f"deputy_{pk}", "A member cannot deputise for themselves.")
            else:
                self.deputies[pk] = users[email.lower()]
        return cleaned

    def recorded(self):
        """(person, status, deputy) for each member whose status was given."""
        for membership in self.memberships:
            pk = membership.person.pk
            status = self.cleaned_data.get(f"status_{pk}")
            if status:
                yield membership.person, status, self.deputies.get(pk)


class MinutesForm(forms.Form):
    """A minute for each agenda item."""

    def __init__(self, *args, items, entries, locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        attrs = {"rows": 5, "readonly": True} if locked else {"rows": 5}
        for number, item in items:
            entry = entries.get(item.pk)
            self.fields[f"minute_{item.pk}"] = forms.CharField(
                label=item_label(number, item),
                required=False,
                widget=forms.Textarea(attrs=attrs),
                initial=entry.text if entry else "",
            )

    def changed_minutes(self, entries):
        """(item, text) for each item whose minute was written or changed."""
        for _, item in self.items:
            text = self.cleaned_data[f"minute_{item.pk}"]
            entry = entries.get(item.pk)
            if (entry.text if entry else "") != text:
                yield item, text


class ApproveMinutesForm(forms.Form):
    at_meeting = forms.TypedChoiceField(
        label="Approved at",
        coerce=int,
        help_text="Minutes are approved as a true record at a later meeting of the group that "
        "is under way or has been held. The approval is recorded as that meeting’s decision.",
    )

    def __init__(self, *args, later_meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.later_meetings = {meeting.pk: meeting for meeting in later_meetings}
        self.fields["at_meeting"].choices = [
            (meeting.pk, f"{meeting.title} ({meeting.start:%d %B %Y})")
            for meeting in later_meetings
        ]

    @property
    def meeting(self):
        return self.later_meetings[self.cleaned_data["at_meeting"]]


class CorrectionForm(forms.Form):
    text = forms.CharField(label="Corrected minute", widget=forms.Textarea(attrs={"rows": 5}))
    reason = forms.CharField(
        label="Reason for the correction",
        max_length=500,
        help_text="Kept with the minutes, with your name and the date.",
        error_messages={"required": "Give a reason for the correction."},
    )


class DecisionForm(forms.Form):
    """What a meeting decided; its date is the meeting's, so it is not asked for."""

    text = forms.CharField(
        label="What was decided", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    votes_for = forms.IntegerField(label="Votes for", required=False, min_value=0)
    votes_against = forms.IntegerField(label="Votes against", required=False, min_value=0)
    abstentions = forms.IntegerField(label="Abstentions", required=False, min_value=0)

    def clean(self):
        cleaned = super().clean()
        votes = [cleaned.get(name) for name in ("votes_for", "votes_against", "abstentions")]
        if any(v is not None for v in votes) and cleaned.get("votes_for") is None:
            self.add_error("votes_for", "Enter the votes for, or leave all the vote counts empty.")
        return cleaned


class CorrectDecisionForm(DecisionForm):
    """A correction of a recorded decision: the corrected wording and vote, and why."""

    reason = forms.CharField(
        label="Reason for the correction",
        max_length=500,
        help_text="Kept in the meeting's history with your name, the date and what changed.",
        error_messages={"required": "Give a reason for the correction."},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give a reason for the correction.")
        return reason

    @property
    def corrected(self):
        return {name: self.cleaned_data[name] for name in DecisionForm.base_fields}


class ActionForm(forms.Form):
    description = forms.CharField(
        label="What needs to be done", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    owner = forms.TypedChoiceField(label="Owner", coerce=int)
    due = forms.DateField(label="Due date", widget=DateInput)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {m.person.pk: m.person for m in memberships}
        self.fields["owner"].choices = [("", "Choose a member")] + [
            (m.person.pk, f"{m.person.get_full_name()} ({m.get_role_display()})")
            for m in memberships
        ]

    @property
    def owner_person(self):
        return self.people[self.cleaned_data["owner"]]
