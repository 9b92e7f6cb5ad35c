"""Forms for check-in, attendance, evaluation, the CPD log and recordings. They check the shape
of what was typed; the services decide."""

from django import forms
from django.utils import timezone

from portal.idempotency import OnceOnlyFormMixin

from .models import (
    CHECK_IN_CODE_LENGTH,
    VERIFICATION_CODE_LENGTH,
    CpdEntry,
    EventEvaluation,
    normalise_code,
)


class CheckInForm(forms.Form):
    code = forms.CharField(
        label="Check-in code",
        max_length=20,
        help_text="The 6-character code shown in the room or in the webinar.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CHECK_IN_CODE_LENGTH:
            raise forms.ValidationError(
                f"Enter the {CHECK_IN_CODE_LENGTH}-character code shown in the room."
            )
        return code


class VerifyForm(forms.Form):
    code = forms.CharField(
        label="Verification code",
        max_length=40,
        help_text="It is printed at the foot of the certificate, for example 7K2M-9QXD-4HRT-B8WN.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if len(code) != VERIFICATION_CODE_LENGTH:
            raise forms.ValidationError(
                f"Enter the {VERIFICATION_CODE_LENGTH}-character code printed on the certificate."
            )
        return code


class EvaluationForm(forms.ModelForm):
    would_recommend = forms.TypedChoiceField(
        label=EventEvaluation._meta.get_field("would_recommend").verbose_name,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = EventEvaluation
        fields = ["overall", "outcomes_met", "most_useful", "improvements", "would_recommend"]
        widgets = {
            "overall": forms.RadioSelect,
            "outcomes_met": forms.RadioSelect,
            "most_useful": forms.Textarea(attrs={"rows": 4}),
            "improvements": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A blank "---------" radio would be an answer nobody means to give.
        self.fields["overall"].choices = EventEvaluation.Rating.choices
        self.fields["outcomes_met"].choices = EventEvaluation.OutcomesMet.choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CpdEntryForm(OnceOnlyFormMixin, forms.ModelForm):
    """An activity the person adds to their own log."""

    class Meta:
        model = CpdEntry
        fields = [
            "activity_type",
            "title",
            "provider",
            "start_date",
            "end_date",
            "hours",
            "outcomes",
            "reflection",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "hours": forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
            "reflection": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"hours": "In hours, to the nearest quarter hour, for example 1.5."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_type"].choices = [("", "Choose a type")] + list(
            CpdEntry.ActivityType.choices
        )

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past.")
        return start

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date.")
        if start and end == start:
            cleaned["end_date"] = None
        return cleaned


class ReflectionForm(forms.ModelForm):
    """What the person may change about a network event in their log."""

    class Meta:
        model = CpdEntry
        fields = ["reflection"]
        widgets = {"reflection": forms.Textarea(attrs={"rows": 8})}


class WatchedRecordingForm(forms.Form):
    minutes = forms.IntegerField(
        label="How many minutes did you watch?",
        min_value=1,
        max_value=600,
        help_text="Count only the time you watched. It goes in your CPD log.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reflection = forms.CharField(
        label="Reflection",
        required=False,
        max_length=5000,
        help_text="What you learnt, and how it benefits your patients and service users.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, recording=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.recording = recording
        if recording is not None and recording.duration_minutes:
            self.fields["minutes"].help_text = (
                f"The recording lasts {recording.duration_minutes} minutes. "
                "Count only the time you watched. It goes in your CPD log."
            )

    def clean_minutes(self):
        minutes = self.cleaned_data["minutes"]
        length = self.recording.duration_minutes if self.recording else None
        if length and minutes > length:
            raise forms.ValidationError(f"The recording lasts {length} minutes.")
        return minutes


class AttendanceImportForm(forms.Form):
    report = forms.FileField(
        label="Attendance report (CSV)",
        help_text=(
            "The attendance report exported from Teams or Zoom, as it is. "
            "People are matched by email address."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.tsv,.txt,text/csv"}),
    )


class AttendanceForm(forms.Form):
    """A tick for each confirmed booking on the page of the check-in list shown.

    Each row also carries the tick as it was shown, and only rows the organiser changed are
    saved: someone who checked themselves in while the page was open stays checked in.
    """

    def __init__(self, *args, bookings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = list(bookings)
        for booking in self.bookings:
            self.fields[f"attended_{booking.pk}"] = forms.BooleanField(
                label=str(booking.person), required=False, initial=bool(booking.attended)
            )
            self.fields[f"shown_{booking.pk}"] = forms.BooleanField(
                required=False, initial=bool(booking.attended), widget=forms.HiddenInput
            )

    def rows(self):
        return [
            (booking, self[f"attended_{booking.pk}"], self[f"shown_{booking.pk}"])
            for booking in self.bookings
        ]

    def marks(self):
        """{booking id: attended} for the rows the organiser changed."""
        marks = {}
        for booking in self.bookings:
            ticked = self.cleaned_data[f"attended_{booking.pk}"]
            if ticked != self.cleaned_data[f"shown_{booking.pk}"] or booking.attended is None:
                marks[booking.pk] = ticked
        return marks
