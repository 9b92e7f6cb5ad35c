"""Plain text out of uploaded documents (PDF with pypdf, DOCX with python-docx, and the text
parts of XLSX and PPTX packages) so the site search can find what is inside them."""

import io
import logging
import re
import zipfile
from xml.etree import ElementTree

from docx import Document
from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

# Enough for a long board paper; the index does not need every page of a 300-page report.
MAX_CHARS = 200_000
_OOXML_TEXT = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"
_SHEET_TEXT = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}t"


def extract_text(file, name):
    """The text of an open file (or a path-like storage file) named `name`; "" if it has
    none or cannot be read. Never raises for a damaged file: the search just won't find it."""
    kind = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    reader = _READERS.get(kind)
    if reader is None:
        return ""
    try:
        file.open("rb")
        file.seek(0)
        data = file.read()
    except (OSError, ValueError):
        logger.warning("Could not read %s for text extraction", name, exc_info=True)
        return ""
    finally:
        file.close()
    try:
        text = reader(io.BytesIO(data))
    except (PyPdfError, zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError):
        logger.warning("Could not extract text from %s", name, exc_info=True)
        return ""
    return _tidy(text)[:MAX_CHARS]


def _tidy(text):
    text = text.replace("\x00", "")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def pdf_text(stream):
    reader = PdfReader(stream)
    parts = []
    length = 0
    for page in reader.pages:
        part = page.extract_text() or ""
        parts.append(part)
        length += len(part)
        if length > MAX_CHARS:
            break
    return "\n\n".join(parts)


def docx_text(stream):
    document = Document(stream)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xml_texts(package, names, tag):
    parts = []
    for name in names:
        root = ElementTree.fromstring(package.read(name))  # noqa: S314 (Office XML from a checked upload)
        parts.append(" ".join(node.text or "" for node in root.iter(tag)))
    return "\n".join(parts)


def pptx_text(stream):
    with zipfile.ZipFile(stream) as package:
        slides = sorted(
            (n for n in package.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
            key=lambda n: int(re.search(r"\d+", n.rsplit("/", 1)[-1]).group()),
        )
        return _xml_texts(package, slides, _OOXML_TEXT)


def xlsx_text(stream):
    with zipfile.ZipFile(stream) as package:
        if "xl/sharedStrings.xml" not in package.namelist():
            return ""
        return _xml_texts(package, ["xl/sharedStrings.xml"], _SHEET_TEXT)


_READERS = {"pdf": pdf_text, "docx": docx_text, "pptx": pptx_text, "xlsx": xlsx_text}
