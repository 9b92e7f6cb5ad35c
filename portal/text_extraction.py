"""Plain text out of uploaded documents (PDF with pypdf, DOCX with python-docx, and the text
parts of XLSX and PPTX packages) so the site search can find what is inside them.

A document is hostile until read: an Office file is a zip that can expand a thousandfold, and a
PDF can hide the same in its streams. So every file is read in a separate, bounded process
(limited memory, CPU time and wall time), and an Office package is checked before that for its
number of entries, expanded size and compression ratio. A file that trips a limit is indexed
without its text, and the reason is written to the admin's history of the thing it belongs
to. Nothing here raises for a bad file.
"""

import io
import logging
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

logger = logging.getLogger(__name__)

# Enough for a long board paper; the index does not need every page of a 300-page report.
MAX_CHARS = 200_000
_OOXML_TEXT = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"
_SHEET_TEXT = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}t"

# Limits on an Office package, checked from its directory before anything is expanded.
MAX_ZIP_ENTRIES = 2_000
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # expanded / compressed, for entries big enough to matter
RATIO_APPLIES_ABOVE = 1024 * 1024
# Limits on the process that reads a file (a zip's directory can lie; these cannot).
MAX_MEMORY_BYTES = 1024 * 1024 * 1024
MAX_CPU_SECONDS = 30
MAX_WALL_SECONDS = 45
SKIPPED_ACTION = "portal.search_text_skipped"
_THIS_FILE = str(Path(__file__).resolve())


@dataclass(frozen=True)
class Extraction:
    text: str = ""
    problem: str = ""  # why the text was not read, in words for the network office


def extract_text(file, name, *, record=None):
    """The text of an open file (or a path-like storage file) named `name`; "" if it has
    none or cannot be read. When a file is refused or cannot be read and `record` (the paper,
    the publication) is given, the reason goes in the admin's history of `record`."""
    extraction = read_text(file, name)
    if extraction.problem:
        logger.warning("Search text of %s not read: %s", name, extraction.problem)
        if record is not None:
            _log_problem(record, name, extraction.problem)
    return extraction.text


def read_text(file, name):
    """An Extraction: the file's text, or why there is none."""
    kind = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind not in _READERS:
        return Extraction()
    try:
        file.open("rb")
        file.seek(0)
        data = file.read()
    except (OSError, ValueError):
        logger.warning("Could not read %s for text extraction", name, exc_info=True)
        return Extraction(problem="The file could not be opened from storage.")
    finally:
        file.close()
    if kind in _ZIP_KINDS:
        problem = zip_problem(data)
        if problem:
            return Extraction(problem=problem)
    return _read_in_bounded_process(kind, data)


def zip_problem(data):
    """Why an Office package (a zip) is refused before it is opened, or ""."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "The file is damaged or is not really an Office document."
    if len(entries) > MAX_ZIP_ENTRIES:
        return f"The file holds more than {MAX_ZIP_ENTRIES:,} parts, which no document needs."
    expanded = sum(entry.file_size for entry in entries)
    if expanded > MAX_EXPANDED_BYTES:
        return (
            f"The file expands to {expanded // (1024 * 1024):,} MB, more than the "
            f"{MAX_EXPANDED_BYTES // (1024 * 1024)} MB read for the search."
        )
    for entry in entries:
        if entry.file_size > RATIO_APPLIES_ABOVE and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            return (
                f"A part of the file ({entry.filename}) is compressed more than "
                f"{MAX_RATIO} times, as only a “zip bomb” is."
            )
    return ""


def _limit_this_process():  # pragma: no cover (runs in the bounded process)
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY_BYTES, MAX_MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (MAX_CPU_SECONDS, MAX_CPU_SECONDS + 5))


def _read_in_bounded_process(kind, data):
    try:
        finished = subprocess.run(  # noqa: S603 (our own interpreter and module, no shell)
            # The file as a script, isolated: the reader needs none of the portal's set-up
            # (`-m portal...` would import the package and Django's URL machinery first).
            [sys.executable, "-I", _THIS_FILE, kind],
            input=data,
            capture_output=True,
            timeout=MAX_WALL_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Extraction(problem=f"Reading the file took longer than {MAX_WALL_SECONDS} seconds.")
    except OSError:
        logger.exception("Could not start the text extraction process")
        return Extraction(problem="The text reader could not be started.")
    if finished.returncode == 0:
        return Extraction(text=_tidy(finished.stdout.decode("utf-8", "replace"))[:MAX_CHARS])
    if finished.returncode == _DAMAGED:
        return Extraction(problem="The file is damaged or is not the kind its name says.")
    if finished.returncode == _TOO_BIG:
        return Extraction(
            problem=f"Reading the file needed more than {MAX_MEMORY_BYTES // 2**20} MB of memory."
        )
    if finished.returncode < 0:  # killed: the CPU limit (SIGXCPU/SIGKILL) or the memory limit
        return Extraction(
            problem=f"Reading the file needed more than {MAX_CPU_SECONDS} seconds of processing "
            f"or {MAX_MEMORY_BYTES // 2**20} MB of memory."
        )
    logger.warning("Text extraction failed (%s): %s", finished.returncode, finished.stderr[-2000:])
    return Extraction(problem="The file's text could not be read.")


def _log_problem(record, name, problem):
    from wagtail.log_actions import log

    try:
        log(instance=record, action=SKIPPED_ACTION, data={"file": name, "reason": problem})
    except Exception:  # the reason is in the log file already; the search goes on
        logger.exception("Could not record why %s has no search text", name)


def _tidy(text):
    text = text.replace("\x00", "")
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


# The readers, run inside the bounded process.


def pdf_text(stream):
    from pypdf import PdfReader

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
    from docx import Document

    document = Document(stream)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _xml_texts(package, names, tag):
    parts = []
    for name in names:
        root = ElementTree.fromstring(package.read(name))  # noqa: S314 (bounded, checked zip)
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
_ZIP_KINDS = {"docx", "pptx", "xlsx"}
_DAMAGED = 3
_TOO_BIG = 4


def _main(kind):  # pragma: no cover (runs in the bounded process)
    """`python portal/text_extraction.py KIND`: the document on stdin, its text on stdout."""
    _limit_this_process()
    data = sys.stdin.buffer.read()
    try:
        text = _READERS[kind](io.BytesIO(data))
    except MemoryError:
        return _TOO_BIG
    except Exception:  # noqa: BLE001 (any failure to parse is "damaged", with the details)
        import traceback

        traceback.print_exc()
        return _DAMAGED
    sys.stdout.buffer.write(text[: MAX_CHARS * 2].encode("utf-8", "replace"))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1]))
