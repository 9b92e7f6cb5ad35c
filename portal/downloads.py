"""The one way a private file or export leaves the portal: the calling view has already asked
the permission question (and recorded the download); this marks the response so no shared
cache or browser keeps a copy."""

from django.http import FileResponse

PRIVATE = "private, no-store"


def private(response):
    """Mark a response as for this person only: no shared cache, and no copy kept."""
    response["Cache-Control"] = PRIVATE
    return response


def stream_file(stored, *, filename=None, as_attachment=True, is_private=True):
    """Stream a stored file (a filer file, or anything with `.file` and `.original_filename`).

    It is sent as a download called `filename` (the file's original name unless given), or
    shown in the browser when `as_attachment` is False; private unless the caller says the
    file is public."""
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=as_attachment,
        filename=filename or stored.original_filename,
    )
    return private(response) if is_private else response
