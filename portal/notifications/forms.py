"""The notification preferences form: one set of radios per kind a person may choose about."""

from django import forms

from .registry import kinds


class PreferencesForm(forms.Form):
    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.kinds = kinds()
        for code, kind in self.kinds.items():
            if not kind.choosable:
                continue
            self.fields[code] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description
                + (" You cannot switch this off: you must be told." if kind.mandatory else ""),
                choices=kind.choices,
                initial=current.get(code, kind.default),
                widget=forms.RadioSelect,
                # Always posted by the page (one radio is always checked); a kind left out of
                # a post keeps its current choice.
                required=False,
                error_messages={
                    "required": f"Choose how to be told about {kind.label.lower()}",
                    "invalid_choice": f"“{kind.label}” cannot be switched off",
                },
            )

    def choices(self):
        """{kind code: channel} for the kinds this post chose about."""
        return {code: channel for code, channel in self.cleaned_data.items() if channel}

    def groups(self):
        """[(group heading, [bound field or fixed kind, …]), …] in the registry's order."""
        grouped = {}
        for code, kind in self.kinds.items():
            item = self[code] if code in self.fields else kind
            grouped.setdefault(kind.group, []).append(item)
        return list(grouped.items())
