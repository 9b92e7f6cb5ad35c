"""Checking uploaded papers: type by content, size, and a safe file name."""

import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.text import get_valid_filename

from .errors import PaperRejected

# What each accepted type looks like inside: PDFs by their signature, Office files by the
# part that only that kind of Office Open XML package holds.
OFFICE_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
ACCEPTED = ("pdf", "docx", "xlsx", "pptx")


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    kind: str


def check_upload(uploaded_file):
    """Return a safe name and the real type of an upload, or raise PaperRejected."""
    limit_mb = settings.PAPER_MAX_UPLOAD_MB
    if uploaded_file.size > limit_mb * 1024 * 1024:
        raise PaperRejected(f"The file must be smaller than {limit_mb} MB.")
    if uploaded_file.size == 0:
        raise PaperRejected("The file is empty.")
    extension = uploaded_file.name.rsplit(".", 1)[-1].lower() if "." in uploaded_file.name else ""
    if extension not in ACCEPTED:
        raise PaperRejected("The file must be a PDF, DOCX, XLSX or PPTX.")
    kind = _kind_by_content(uploaded_file)
    if kind != extension:
        raise PaperRejected(
            f"The file is called .{extension} but its content is not "
            f"{'an' if extension == 'xlsx' else 'a'} {extension.upper()} file."
        )
    stem = uploaded_file.name.rsplit(".", 1)[0]
    safe_stem = get_valid_filename(stem.replace("/", "_").replace("\\", "_"))[:100] or "paper"
    return CheckedUpload(name=f"{safe_stem}.{kind}", kind=kind)


def _kind_by_content(uploaded_file):
    uploaded_file.seek(0)
    head = uploaded_file.read(262)
    uploaded_file.seek(0)
    guess = filetype.guess(head)
    if guess and guess.extension == "pdf":
        return "pdf"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(uploaded_file) as package:
                names = set(package.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded_file.seek(0)
        for kind, part in OFFICE_PARTS.items():
            if part in names:
                return kind
    return None
