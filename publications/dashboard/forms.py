"""The dashboard's one form: the period its figures and the "Our year" data pack cover."""

from datetime import date

from django import forms
from django.utils import timezone

from governance.forms.registers import DateInput

from .services.metrics import Period

EARLIEST = date(2020, 1, 1)
LONGEST_DAYS = 10 * 366
# A period reaching further ahead than this is a typing slip (or a probe), not a plan.
YEARS_AHEAD = 10


class PeriodForm(forms.Form):
    start = forms.DateField(label="From", widget=DateInput, help_text="For example 1 April 2023.")
    end = forms.DateField(label="To", widget=DateInput, help_text="For example 31 March 2024.")

    def __init__(self, data=None, *, default=None):
        self.default = default or Period.last_twelve_months()
        super().__init__(
            data if data and ("start" in data or "end" in data) else None,
            initial={"start": self.default.start, "end": self.default.end},
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and start < EARLIEST:
            self.add_error("start", f"The portal holds nothing before {EARLIEST:%-d %B %Y}.")
        latest = date(timezone.localdate().year + YEARS_AHEAD, 12, 31)
        for name in ("start", "end"):
            if cleaned.get(name) and cleaned[name] > latest:
                self.add_error(name, f"Choose a date no later than {latest:%-d %B %Y}.")
                return cleaned
        if start and end:
            if end < start:
                self.add_error("end", "The end of the period must be on or after its start.")
            elif (end - start).days > LONGEST_DAYS:
                self.add_error("end", "Choose a period of 10 years or less.")
        return cleaned

    @property
    def period(self):
        """The period asked for, or the default while nothing (valid) has been asked."""
        if self.is_bound and self.is_valid():
            return Period(self.cleaned_data["start"], self.cleaned_data["end"])
        return self.default
