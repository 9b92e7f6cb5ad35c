"""Forms for booking and for the organisers' tools. They check the shape of what was typed;
the services decide whether it is allowed."""

import datetime as dt

from django import forms
from django.utils import timezone

from governance.models import GroupPage

from .models import EventPage
from .models.events import event_date_errors

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BookingForm(forms.Form):
    """The event's booking questions; answers are kept by key (dietary, access, question id)."""

    def __init__(self, event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        if event.ask_dietary_needs:
            self.fields["dietary"] = forms.CharField(
                label="Dietary needs",
                required=False,
                max_length=500,
                help_text="For example vegetarian, halal, or a food allergy.",
            )
        if event.ask_access_needs:
            self.fields["access"] = forms.CharField(
                label="Access needs",
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Anything that would help you take part, such as step-free access, "
                "a hearing loop or captions.",
            )
        for question in event.questions.all():
            self.fields[f"question_{question.pk}"] = _question_field(question)

    def answers(self):
        answers = {}
        for name, value in self.cleaned_data.items():
            key = name.removeprefix("question_")
            if value:
                answers[key] = value
        return answers


# Up to this many fixed options show as radios; more show as a select (NHS.UK guidance).
MAX_RADIOS = 5
CHOOSE_ONE = "Choose one of the options"


def _question_field(question):
    """A booking question as a form field: radios or a select when the organiser gave fixed
    options, otherwise free text. A choice outside the options is refused."""
    options = question.option_list
    if not options:
        return forms.CharField(
            label=question.text,
            required=question.required,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    choices = [(option, option) for option in options]
    if len(options) <= MAX_RADIOS:
        widget = forms.RadioSelect
    else:
        widget = forms.Select
        choices = [("", "Choose one"), *choices]
    return forms.ChoiceField(
        label=question.text,
        required=question.required,
        choices=choices,
        widget=widget,
        error_messages={"required": CHOOSE_ONE, "invalid_choice": CHOOSE_ONE},
    )


def _months(past, today):
    first = today.replace(day=1)
    months = []
    for step in range(12):
        year, month = divmod(first.month - 1 + (-step if past else step), 12)
        months.append(dt.date(first.year + year, month + 1, 1))
    return [(m.strftime("%Y-%m"), m.strftime("%B %Y")) for m in months]


class EventFilterForm(forms.Form):
    MODE_CHOICES = [("", "Online or in person"), ("online", "Online"), ("in_person", "In person")]

    event_type = forms.ChoiceField(
        label="Type of event", required=False, choices=[("", "All types"), *EventPage.Type.choices]
    )
    group = forms.ModelChoiceField(
        label="Organised by",
        required=False,
        queryset=GroupPage.objects.none(),
        empty_label="Any group",
    )
    month = forms.ChoiceField(label="Month", required=False)
    mode = forms.ChoiceField(label="Online or in person", required=False, choices=MODE_CHOICES)
    has_places = forms.BooleanField(label="Only events with places left", required=False)

    def __init__(self, *args, past=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = (
            GroupPage.objects.live()
            .filter(organised_events__isnull=False)
            .distinct()
            .order_by("title")
        )
        self.fields["month"].choices = [("", "Any month"), *_months(past, timezone.localdate())]
        if past:
            del self.fields["has_places"]

    def filter(self, events):
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data["event_type"]:
            events = events.filter(event_type=data["event_type"])
        if data["group"]:
            events = events.filter(organising_group=data["group"])
        if data["month"]:
            year, month = (int(part) for part in data["month"].split("-"))
            events = events.filter(start__year=year, start__month=month)
        if data["mode"] == "online":
            events = events.filter(online=True)
        elif data["mode"] == "in_person":
            events = events.exclude(venue_name="", venue_address="")
        return events

    @property
    def only_with_places(self):
        return self.is_valid() and self.cleaned_data.get("has_places")

    @property
    def filtered(self):
        return self.is_valid() and any(self.cleaned_data.values())


class AttendeeMessageForm(forms.Form):
    subject = forms.CharField(max_length=150)
    body = forms.CharField(
        label="Message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Plain text. It is sent to each person separately, with a link to the event.",
    )
    include_waiting_list = forms.BooleanField(
        label="Send it to people on the waiting list too", required=False
    )


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label="Why is the event cancelled?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="We include this in the email to everyone who booked.",
    )
    confirm = forms.BooleanField(
        label="Yes, cancel this event and tell everyone who booked",
        error_messages={"required": "Tick the box to confirm that you want to cancel the event."},
    )


class ChangeEventForm(forms.Form):
    start = forms.DateTimeField(
        label="Starts", widget=DATETIME_WIDGET, help_text="UK time. For example 14/05/2025 09:30."
    )
    end = forms.DateTimeField(label="Ends", widget=DATETIME_WIDGET, help_text="UK time.")
    venue_name = forms.CharField(label="Venue", required=False, max_length=255)
    venue_address = forms.CharField(
        label="Venue address", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    online = forms.BooleanField(label="People can join online", required=False)
    join_url = forms.URLField(
        label="Online join link",
        required=False,
        help_text="Shown only to people with a confirmed place.",
        assume_scheme="https",
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        out_of_range = event_date_errors(start=start, end=end)
        for name, message in out_of_range.items():
            self.add_error(name, message)
        if start and end and end <= start and not out_of_range:
            self.add_error("end", "The event must end after it starts.")
        if data.get("online") and not data.get("join_url"):
            self.add_error("join_url", "Enter the link people use to join online.")
        if not data.get("online") and not data.get("venue_name"):
            self.add_error("venue_name", "Enter a venue, or say that people can join online.")
        return data
