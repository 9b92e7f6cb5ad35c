"""Forms for the registers: decisions filter, action updates and closing, interests and
declarations. They check the shape of what is typed; the services decide the rest."""

from django import forms
from django.utils import timezone

from ..models import Action, Interest


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _choices(objects, label=str):
    return [(str(obj.pk), label(obj)) for obj in objects]


class DecisionFilterForm(forms.Form):
    """Filters of the decision register; the group choices come from groups already loaded."""

    group = forms.ChoiceField(label="Group", required=False)
    date_from = forms.DateField(label="Decided on or after", required=False, widget=DateInput)
    date_to = forms.DateField(label="Decided on or before", required=False, widget=DateInput)
    q = forms.CharField(label="Words in the decision", required=False, max_length=200)

    def __init__(self, data, *, groups):
        super().__init__(data)
        self.groups = {str(group.pk): group for group in groups}
        self.fields["group"].choices = [("", "All groups"), *_choices(groups)]

    def clean_group(self):
        return self.groups.get(self.cleaned_data["group"])

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "The end of the date range must be on or after its start.")
        return cleaned


class ActionUpdateForm(forms.Form):
    text = forms.CharField(
        label="Progress update",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What has been done, and what is next.",
    )


class CloseActionForm(forms.Form):
    status = forms.ChoiceField(
        label="Close the action as",
        choices=[("", "Choose"), (Action.Status.DONE, "Done"), (Action.Status.DROPPED, "Dropped")],
    )
    meeting = forms.ChoiceField(label="Meeting that noted it")

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {str(meeting.pk): meeting for meeting in meetings}
        self.fields["meeting"].choices = [
            ("", "Choose a meeting"),
            *_choices(
                meetings,
                lambda meeting: f"{meeting.title} ({timezone.localtime(meeting.start):%-d %B %Y})",
            ),
        ]

    def clean_meeting(self):
        return self.meetings[self.cleaned_data["meeting"]]


class InterestForm(forms.ModelForm):
    class Meta:
        model = Interest
        fields = ["kind", "description", "organisation", "start", "end"]
        labels = {"kind": "Type of interest", "start": "Start date", "end": "End date"}
        help_texts = {
            "description": "For example: paid adviser, shareholder, partner works for them.",
            "end": "Leave empty if the interest continues.",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start": DateInput,
            "end": DateInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose a type"), *Interest.Kind.choices]


class DeclarationForm(forms.Form):
    """Who declared what on which item; choices are the members, items and their interests."""

    person = forms.ChoiceField(label="Person")
    item = forms.ChoiceField(label="Agenda item")
    interest = forms.ChoiceField(
        label="Interest from their register",
        required=False,
        help_text="Leave empty if the interest is not in their register.",
    )
    note = forms.CharField(
        label="Note for the minutes",
        required=False,
        max_length=500,
        help_text="For example: left the room for this item.",
    )

    def __init__(self, *args, members, items, interests, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(member.person.pk): member.person for member in members}
        self.items = {str(item.pk): item for item in items}
        self.interests = {str(interest.pk): interest for interest in interests}
        self.fields["person"].choices = [
            ("", "Choose a member"),
            *[(pk, person.get_full_name() or person.email) for pk, person in self.people.items()],
        ]
        self.fields["item"].choices = [
            ("", "Choose an item"),
            *[
                (pk, f"{number}. {item.title}")
                for number, (pk, item) in enumerate(self.items.items(), 1)
            ],
        ]
        grouped = {}
        for interest in interests:
            person = self.people.get(str(interest.person_id))
            if person is not None:
                grouped.setdefault(person.get_full_name() or person.email, []).append(
                    (str(interest.pk), f"{interest.get_kind_display()}: {interest.organisation}")
                )
        self.fields["interest"].choices = [("", "None"), *grouped.items()]

    def clean_person(self):
        return self.people[self.cleaned_data["person"]]

    def clean_item(self):
        return self.items[self.cleaned_data["item"]]

    def clean_interest(self):
        return self.interests.get(self.cleaned_data["interest"])
