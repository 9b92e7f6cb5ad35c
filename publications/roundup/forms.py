"""Forms of the round-up: signing up, choosing topics, and importing a suppression list."""

from django import forms

from .models import Subscriber

TOPIC_CHOICES = [
    ("events", "Events and training"),
    ("protocols", "Protocols"),
    ("governance", "Governance news"),
    ("jobs", "Jobs and opportunities"),
]


def _live_sigs():
    from sigs.models import SigPage

    return SigPage.objects.live().order_by("title")


class TopicsMixin(forms.Form):
    topics = forms.MultipleChoiceField(
        label="Which news would you like?",
        choices=TOPIC_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sig_choice = forms.ChoiceField(
        label="News from special interest groups (SIGs)",
        choices=[
            ("all", "News from every SIG"),
            ("chosen", "Only the SIGs I choose below"),
            ("none", "No SIG news"),
        ],
        widget=forms.RadioSelect,
        initial="all",
    )
    sigs = forms.ModelMultipleChoiceField(
        label="The SIGs you want news from",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sigs"].queryset = _live_sigs()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sig_choice") == "chosen" and not cleaned.get("sigs"):
            self.add_error("sigs", "Choose at least one SIG, or choose “News from every SIG”.")
        return cleaned

    def topic_flags(self):
        chosen = set(self.cleaned_data["topics"])
        flags = {name: name in chosen for name, _ in TOPIC_CHOICES}
        flags["all_sigs"] = self.cleaned_data["sig_choice"] == "all"
        return flags

    def chosen_sigs(self):
        return (
            list(self.cleaned_data["sigs"]) if self.cleaned_data["sig_choice"] == "chosen" else []
        )

    @staticmethod
    def initial_for(subscriber):
        topics = [name for name, _ in TOPIC_CHOICES if getattr(subscriber, name)]
        sigs = list(subscriber.sigs.all())
        choice = "all" if subscriber.all_sigs else ("chosen" if sigs else "none")
        return {"topics": topics, "sig_choice": choice, "sigs": sigs}


class SubscribeForm(TopicsMixin):
    email = forms.EmailField(label="Email address", max_length=254)
    first_name = forms.CharField(
        label="First name", max_length=100, required=False, help_text="So we can greet you."
    )
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)

    field_order = ["email", "first_name", "organisation", "topics", "sig_choice", "sigs"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].initial = [name for name, _ in TOPIC_CHOICES]


class PreferencesForm(TopicsMixin):
    receive = forms.TypedChoiceField(
        label="Do you want to receive the round-up?",
        choices=[("yes", "Yes, send me the round-up"), ("no", "No, unsubscribe me")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    field_order = ["receive", "topics", "sig_choice", "sigs"]

    @classmethod
    def for_subscriber(cls, subscriber, data=None):
        initial = cls.initial_for(subscriber)
        initial["receive"] = "yes" if subscriber.status == Subscriber.Status.SUBSCRIBED else "no"
        return cls(data=data, initial=initial)


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label="Send at (UK time)",
        help_text="For example 5/12/2026 09:00",
        input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class SuppressionImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="A column headed “email”, and optionally “reason” (bounce, complaint, "
        "unsubscribe). Up to 2 MB.",
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith(".csv"):
            raise forms.ValidationError("Choose a .csv file.")
        return uploaded
