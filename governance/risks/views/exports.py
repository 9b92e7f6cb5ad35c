"""Exports of the filtered register as CSV and XLSX, through the portal's one spreadsheet
writer (formulas kept as text, accents kept)."""

from portal.exports import csv_response, xlsx_response

from .. import services as risk_services


def _csv_response(rows, name):
    return csv_response(
        f"{name}.csv", risk_services.EXPORT_COLUMNS, risk_services.export_values(rows)
    )


def _xlsx_response(rows, name):
    return xlsx_response(
        f"{name}.xlsx",
        risk_services.EXPORT_COLUMNS,
        risk_services.export_values(rows),
        sheet_title="Risk register",
    )


EXPORTERS = {"csv": _csv_response, "xlsx": _xlsx_response}
