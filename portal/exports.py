"""The project's one way out for spreadsheets (CSV and XLSX): cells that a spreadsheet would
run as a formula are kept as text, CSV starts with a UTF-8 byte order mark so Excel reads the
accents, and every file is a private download with the name the caller gives.

Every export in the portal goes through here; nothing else writes CSV or XLSX."""

import csv
import io
import re
from numbers import Number

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from .downloads import private

BOM = "\ufeff"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What defusedcsv guards (= + - @ and the DDE starters | %), plus a leading tab or carriage
# return, which some spreadsheets strip before reading the formula behind them (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "|", "%", "\t", "\r")
# "-12.5" or "1,000" is a number, not a formula: it is left alone, as defusedcsv does.
PLAIN_NUMBER = re.compile(r"-?[0-9,.]+")


def is_formula_like(value):
    """Whether a spreadsheet could run this text as a formula."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    )


def neutralise(value):
    """A CSV cell a spreadsheet shows as text: a leading apostrophe where it looks like a formula.

    Numbers and None pass through; anything else is written as its text."""
    if value is None or isinstance(value, Number):
        return value
    text = str(value)
    return "'" + text if is_formula_like(text) else text


class _Echo:
    """A file that hands back what is written, so csv.writer can feed a streaming response."""

    def write(self, value):
        return value


def _csv_lines(header, rows):
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


def csv_text(header, rows):
    """The whole CSV file as text (with its byte order mark), for a bundle such as a zip."""
    return "".join(_csv_lines(header, rows))


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private(response)


def csv_response(filename, header, rows):
    """An attachment `filename` holding `header` then `rows` (iterables of cell values)."""
    return _attachment(
        HttpResponse(csv_text(header, rows).encode(), content_type=CSV_TYPE), filename
    )


def csv_streaming_response(filename, header, rows):
    """As csv_response, written row by row as `rows` is read (for long registers)."""
    lines = (line.encode() for line in _csv_lines(header, rows))
    return _attachment(StreamingHttpResponse(lines, content_type=CSV_TYPE), filename)


def _xlsx_cell(cell, value):
    if is_formula_like(value):
        # Kept as a string cell with Excel's own "text" marker (the apostrophe a person would
        # type), so the text reads as written and stays text when the cell is edited.
        cell.data_type = "s"
        cell.quotePrefix = True


def xlsx_bytes(header, rows, *, sheet_title):
    """One sheet: a bold, frozen header row with a filter, then `rows`; numbers stay numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        _xlsx_cell(cell, cell.value)
    for row in rows:
        values = list(row)
        sheet.append(values)
        for cell, value in zip(sheet[sheet.max_row], values, strict=False):
            _xlsx_cell(cell, value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_response(filename, header, rows, *, sheet_title="Export"):
    """An attachment `filename` holding one sheet of `header` then `rows`."""
    body = xlsx_bytes(header, rows, sheet_title=sheet_title)
    return _attachment(HttpResponse(body, content_type=XLSX_TYPE), filename)
