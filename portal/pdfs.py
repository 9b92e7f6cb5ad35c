"""The project's one way to make a PDF: WeasyPrint's tagged PDF/UA-1 output from a template
that names its language and title; and the way to join PDFs without losing either.

What cannot be tagged (members' uploaded papers inside a board pack) is said in the README."""

import functools
import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

PDF_VARIANT = "pdf/ua-1"
LANG = "en-GB"


class UntitledDocument(ValueError):
    """A PDF template without <title> or <html lang>: PDF/UA needs both."""


@functools.cache
def _no_fetching():
    """The templates carry their own styles and draw charts in as data: URIs, so nothing is ever
    fetched (no file: or http: a member's text could point at). One fetcher for every document:
    WeasyPrint's default builds a new one, and a TLS context (~0.1 s), per document."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",))


def tagged_pdf(html, *, base_url=None):
    """A tagged PDF/UA-1 from a whole HTML page: structure tree, MarkInfo, Title and Lang."""
    # WeasyPrint takes seconds to import: loaded by the first PDF, not by every web process.
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url, url_fetcher=_no_fetching()).render(
        pdf_variant=PDF_VARIANT
    )
    if not document.metadata.title or not document.metadata.lang:
        raise UntitledDocument("A PDF's template needs <html lang> and a <title>.")
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def join_pdfs(first, others, *, first_bookmark):
    """`first` (a tagged PDF made here) followed by `others` ((bookmark, PDF bytes) pairs).

    The result keeps `first`'s catalogue: its structure tree, MarkInfo, Lang and viewer
    preferences. The others' pages come in untagged (their own structure trees cannot be
    carried across by pypdf), so once any is added the PDF/UA claim is withdrawn rather than
    made falsely. The Title (from `first`) and Lang are set whatever happens."""
    reader = PdfReader(io.BytesIO(first))
    writer = PdfWriter(clone_from=reader)
    # The clone keeps `first`'s own bookmarks at the top; they go below `first_bookmark`.
    writer.root_object.pop(NameObject("/Outlines"), None)
    top = writer.add_outline_item(title=first_bookmark, page_number=0)
    _copy_outline(reader, reader.outline, writer, top)
    for bookmark, data in others:
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(data)), outline_item=bookmark)
        for page in writer.pages[start:]:
            _untag(page)
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(LANG)
    if others and "/Metadata" in root:
        # The XMP packet states PDF/UA conformance, which the untagged papers break.
        del root["/Metadata"]
    writer.add_metadata({"/Title": reader.metadata.title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _untag(page):
    """Drop a page's links into its own (lost) structure tree, so it cannot point into ours."""
    page.pop(NameObject("/StructParents"), None)
    for annotation in page.get("/Annots") or []:
        annotation.get_object().pop(NameObject("/StructParent"), None)


def _copy_outline(reader, items, writer, parent):
    """pypdf's outline shape: an item, then (optionally) a list of the items below it."""
    last = None
    for item in items:
        if isinstance(item, list):
            _copy_outline(reader, item, writer, last)
        else:
            page = reader.get_destination_page_number(item)
            last = writer.add_outline_item(title=item.title, page_number=page, parent=parent)
