"""Checking uploaded papers: type by content, size, and a safe file name."""

from dataclasses import dataclass

from django.conf import settings

from portal.uploads import check_size, kind_by_content, safe_filename

from .errors import PaperRejected

ACCEPTED = ("pdf", "docx", "xlsx", "pptx")


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    kind: str


def check_upload(uploaded_file):
    """Return a safe name and the real type of an upload, or raise PaperRejected."""
    limit_mb = settings.PAPER_MAX_UPLOAD_MB
    check_size(
        uploaded_file,
        limit_mb=limit_mb,
        reject=PaperRejected,
        empty="The file is empty.",
        too_big=f"The file must be smaller than {limit_mb} MB.",
    )
    extension = uploaded_file.name.rsplit(".", 1)[-1].lower() if "." in uploaded_file.name else ""
    if extension not in ACCEPTED:
        raise PaperRejected("The file must be a PDF, DOCX, XLSX or PPTX.")
    kind = kind_by_content(uploaded_file)
    if kind != extension:
        raise PaperRejected(
            f"The file is called .{extension} but its content is not "
            f"{'an' if extension == 'xlsx' else 'a'} {extension.upper()} file."
        )
    return CheckedUpload(name=safe_filename(uploaded_file.name, kind, fallback="paper"), kind=kind)
