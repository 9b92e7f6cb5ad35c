"""Asking to join a group, and the chair's decision on each request."""

from django import forms


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label="Message to the chair",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Say why you would like to join or what you would bring.",
    )


class JoinDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="We include it in the email that tells them your decision.",
    )

    def __init__(self, *args, join_request, **kwargs):
        super().__init__(*args, prefix=f"request-{join_request.pk}", **kwargs)
        person = join_request.person
        self.fields["note"].label = f"Note to {person.first_name or person}"
