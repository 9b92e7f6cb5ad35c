"""Exports of the filtered register as CSV and XLSX."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from .. import services as risk_services

# Exports of the filtered register. Cells that a spreadsheet would run as a formula are
# written as text (CSV and formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_response(rows, name):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response)
    writer.writerow(risk_services.EXPORT_COLUMNS)
    for values in risk_services.export_values(rows):
        writer.writerow(
            f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
            for value in values
        )
    return response


def _xlsx_response(rows, name):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Risk register"
    sheet.append(risk_services.EXPORT_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in risk_services.export_values(rows):
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


EXPORTERS = {"csv": _csv_response, "xlsx": _xlsx_response}
