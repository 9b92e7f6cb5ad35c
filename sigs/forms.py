"""Forms for SIG workspaces, protocol review and adoption. They check the shape of input;
the services decide."""

from django import forms
from wagtail.forms import TaskStateCommentForm

from governance.models import Membership

from .models import Adoption, SigPage, WorkItem
from .services.adoption import network_trusts


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ChairApprovalForm(TaskStateCommentForm):
    """The chair's approval, in the editor's workflow modal and on the review page."""

    decision_reference = forms.CharField(
        label="Decision reference",
        required=False,
        max_length=20,
        help_text="If the SIG agreed this version at a meeting, its reference in the decision "
        "register, for example D-2025-0042. Leave it blank and we record your approval as a "
        "decision of the SIG's latest meeting.",
    )

    def clean_decision_reference(self):
        from .services.protocols import find_decision

        reference = self.cleaned_data["decision_reference"].strip()
        if not reference:
            return None
        decision = find_decision(reference)
        if decision is None:
            raise forms.ValidationError(f"There is no decision {reference} in the register.")
        return decision


class ReviewCommentForm(forms.Form):
    text = forms.CharField(
        label="Your comment",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Members of the SIG and the chair see it. Say which section you mean.",
    )


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="We show this to the editors of the protocol.",
    )


class AdoptionForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Adoption.Status.choices)
    adopted_on = forms.DateField(
        label="Date adopted", required=False, widget=DateInput, help_text="If adopted."
    )
    adopt_by = forms.DateField(
        label="Adopting by", required=False, widget=DateInput, help_text="If adopting."
    )
    variation_reason = forms.CharField(
        label="Reason for the local variation",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for a local variation: what the trust does differently, and why.",
    )

    def __init__(self, *args, trust, **kwargs):
        super().__init__(*args, prefix=f"trust-{trust.pk}", **kwargs)
        self.trust = trust
        for name in ("status", "adopted_on", "adopt_by", "variation_reason"):
            self.fields[name].label = f"{self.fields[name].label}: {trust.name}"


class WorkItemForm(forms.ModelForm):
    class Meta:
        model = WorkItem
        fields = ["kind", "title", "status", "owner", "start", "due"]
        widgets = {"start": DateInput, "due": DateInput}
        labels = {"kind": "Kind of item", "start": "Start date"}

    def __init__(self, *args, sig, **kwargs):
        super().__init__(*args, **kwargs)
        members = sig.memberships.current().values("person_id")
        self.fields["owner"].queryset = (
            self.fields["owner"].queryset.filter(pk__in=members).order_by("last_name")
        )
        self.fields["owner"].help_text = "A current member of the SIG."


class TrustLeadForm(forms.Form):
    person = forms.ModelChoiceField(label="Member", queryset=Membership.objects.none())
    trust = forms.ModelChoiceField(label="Trust they lead for", queryset=network_trusts())

    def __init__(self, *args, sig, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.models import User

        members = sig.memberships.current().values("person_id")
        self.fields["person"].queryset = User.objects.filter(pk__in=members).order_by(
            "last_name", "first_name"
        )


class AttachmentForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    file = forms.FileField(label="File", help_text="A PDF, DOCX, XLSX or PPTX file.")


class SigFilterForm(forms.Form):
    category = forms.ChoiceField(
        label="Category",
        required=False,
        choices=[("", "All categories"), *SigPage.Category.choices],
    )
