"""The project's one way out for CSV files: formulas neutralised (defusedcsv), a UTF-8 byte
order mark so Excel reads the accents, and a download filename."""

import io

from defusedcsv import csv
from django.http import HttpResponse


def csv_response(filename, header, rows):
    """An attachment `filename` holding `header` then `rows` (iterables of cell values)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
