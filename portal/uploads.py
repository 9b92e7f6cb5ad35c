"""Checking an upload before it is stored: its size, its real type judged by its content
(never by its name alone), and a safe file name. Each caller raises its own typed error."""

import zipfile

import filetype
from django.utils.text import get_valid_filename

# What each Office Open XML type looks like inside: the part that only that kind of package
# holds. Everything else is judged by its signature.
OFFICE_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
HEAD_BYTES = 262  # what filetype needs to recognise any type it knows


def check_size(uploaded_file, *, limit_mb, reject, empty, too_big):
    """Raise `reject(empty)` for an empty file, `reject(too_big)` for one over `limit_mb`."""
    if uploaded_file.size == 0:
        raise reject(empty)
    if uploaded_file.size > limit_mb * 1024 * 1024:
        raise reject(too_big)


def kind_by_content(uploaded_file):
    """The upload's real type as an extension ("pdf", "docx", "png"…), or None if unknown.

    Office files are told apart by the part only that kind holds; anything else by the
    signature `filetype` knows. Leaves the file at its start."""
    uploaded_file.seek(0)
    head = uploaded_file.read(HEAD_BYTES)
    uploaded_file.seek(0)
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
    guess = filetype.guess(head)
    return guess.extension if guess else None


def safe_filename(name, kind, *, max_stem=100, fallback="file"):
    """A name safe to store and to send back: the upload's stem, cleaned, with its real type."""
    stem = name.rsplit(".", 1)[0]
    safe_stem = get_valid_filename(stem.replace("/", "_").replace("\\", "_"))[:max_stem]
    return f"{safe_stem or fallback}.{kind}"
