"""Forms for publications: the index filters and adding a file to a publication."""

from django import forms

from governance.models import GroupPage

from .models import PublicationPage


class PublicationFilterForm(forms.Form):
    type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *PublicationPage.Type.choices]
    )
    group = forms.TypedChoiceField(label="Group", required=False, coerce=int, empty_value=None)
    year = forms.TypedChoiceField(
        label="Year published", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, groups, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "All groups")] + [(g.pk, g.title) for g in groups]
        self.fields["year"].choices = [("", "All years")] + [(y, str(y)) for y in years]

    def filter(self, publications):
        if not self.is_valid():
            return publications
        data = self.cleaned_data
        if data["type"]:
            publications = publications.of_type(data["type"])
        if data["group"]:
            publications = publications.of_group(GroupPage(pk=data["group"]))
        if data["year"]:
            publications = publications.in_year(data["year"])
        return publications

    @property
    def is_filtered(self):
        return self.is_valid() and any(self.cleaned_data.values())


class PublicationFileForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="A PDF, Word, Excel or PowerPoint file.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx"}),
    )
    version_label = forms.CharField(
        label="Version",
        max_length=60,
        help_text="How readers tell versions apart, for example “Version 2” or “March 2024”.",
    )
    replaces_current = forms.BooleanField(
        label="This is a new version: keep the current files as earlier versions",
        required=False,
        initial=True,
        help_text="Untick to add another file alongside the current ones, such as an appendix.",
    )
