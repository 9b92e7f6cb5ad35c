"""Forms of a group's file library: adding files (several at once) and a new version of one."""

from django import forms
from django.conf import settings

ACCEPT = ".pdf,.docx,.xlsx,.pptx"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input that takes several files; cleans to a list of uploads."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(upload, initial) for upload in data]
        return [single(data, initial)]


def _size_hint():
    limit = settings.PAPER_MAX_UPLOAD_MB
    return f"PDF, Word, Excel or PowerPoint files, each smaller than {limit} MB."


class LibraryUploadForm(forms.Form):
    files = MultipleFileField(
        label="Files to add",
        error_messages={"required": "Choose at least one file to add."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _size_hint() + " You can choose several at once."


class LibraryReplaceForm(forms.Form):
    file = forms.FileField(
        label="New version",
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "Choose the file that replaces this one."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            _size_hint() + " The version it replaces is kept and can still be downloaded."
        )
