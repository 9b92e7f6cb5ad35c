"""The dashboard's charts, drawn on the server as SVG by pygal.

Every chart comes with the same figures as a table and a one-sentence summary (the templates
show both), so the chart itself is hidden from screen readers and never the only way in.
Series differ by line style as well as colour, and the SVG carries no script.
"""

import base64
import re
from dataclasses import dataclass
from decimal import Decimal

import pygal
from django.utils.safestring import mark_safe
from pygal.style import Style

from .models import format_score

# NHS.UK frontend colours with at least 3:1 contrast on white (WCAG 1.4.11): blue, green,
# purple, red, dark pink, grey.
NHS_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212b32",
    foreground_strong="#212b32",
    foreground_subtle="#4c6272",
    opacity="1",
    opacity_hover="1",
    colors=("#005eb8", "#007f3b", "#330072", "#d5281b", "#7c2855", "#4c6272"),
    font_family="Frutiger W01, Arial, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    legend_font_size=14,
    title_font_size=18,
    value_font_size=14,
    stroke_width=3,
)
DASHES = ("", "8, 4", "2, 4", "12, 4, 2, 4", "4, 4", "16, 6")


@dataclass
class Chart:
    """An SVG chart and the words that stand in for it."""

    svg: str
    summary: str

    def __html__(self):
        return self.svg

    @property
    def data_uri(self):
        """The chart as an image address, for the PDF (WeasyPrint draws these fastest)."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _config(**options):
    return {
        "style": NHS_STYLE,
        "disable_xml_declaration": True,
        "js": [],
        "width": 800,
        "height": 400,
        "explicit_size": False,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "print_values": False,
        "show_y_guides": True,
        "truncate_legend": -1,
        "truncate_label": -1,
        **options,
    }


# pygal gives every chart's legend the same ids (for its tooltips script, which we leave out);
# two charts on a page would repeat them.
REPEATED_IDS = re.compile(r' id="activate-serie-\d+"')
# Even with no scripts asked for (`js=[]`), pygal writes its config into the SVG as an inline
# <script>, which the site's Content-Security-Policy (script-src 'self') blocks and reports on
# every dashboard page. Nothing reads it, so it goes. (pygal escapes text, so no "</script>"
# can appear inside one.)
INLINE_SCRIPTS = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


def _render(chart):
    svg = INLINE_SCRIPTS.sub("", REPEATED_IDS.sub("", chart.render(is_unicode=True)))
    return mark_safe(svg)  # noqa: S308 (pygal's output of our own figures)


def maturity_chart(trend):
    """The score in each domain over time (the overall score is on its own chart)."""
    chart = pygal.Line(**_config(range=(0, 5), y_title="Score", dots_size=5))
    chart.x_labels = [f"{a.submitted_on:%b %Y}" for a in trend.assessments]
    for index, domain in enumerate(trend.domains):
        values = [
            float(a.scores[domain.pk].score)
            if domain.pk in a.scores and a.scores[domain.pk].score is not None
            else None
            for a in trend.assessments
        ]
        chart.add(domain.name, values, stroke_style={"dasharray": DASHES[index % len(DASHES)]})
    return Chart(_render(chart), trend.domain_summary())


def maturity_overall_chart(trend):
    chart = pygal.Bar(**_config(y_title="Overall score", show_legend=False))
    chart.x_labels = [f"{a.submitted_on:%b %Y}" for a in trend.assessments]
    chart.value_formatter = format_score_float
    chart.add("Overall score", [float(a.overall_score) for a in trend.assessments])
    return Chart(_render(chart), trend.summary())


def format_score_float(value):
    return format_score(Decimal(str(value)))


def qsin_chart(progress):
    chart = pygal.StackedBar(**_config(range=(0, 100), y_title="% of the standard"))
    chart.value_formatter = lambda value: f"{value:.0f}%"
    chart.x_labels = [f"{s.taken_on:%b %Y}" for s in progress.snapshots]
    chart.add("Complete", [s.percent_complete for s in progress.snapshots])
    chart.add("Commenced", [s.percent_commenced for s in progress.snapshots])
    return Chart(_render(chart), progress.summary())


def qsi_chart(matrix):
    chart = pygal.Bar(**_config(y_title="Trusts", show_legend=False, print_values=True, height=360))
    chart.value_formatter = lambda value: f"{value:.0f}"
    chart.x_labels = [f"Stage {stage.value}" for stage in matrix.stages]
    chart.add("Trusts", [count for _, count in matrix.by_stage])
    return Chart(_render(chart), matrix.summary())


def attendance_chart(rows, summary):
    """Attendance by group, as a horizontal bar per group."""
    chart = pygal.HorizontalBar(
        **_config(
            range=(0, 100),
            x_title="% of recorded attendance present or deputised",
            show_legend=False,
            height=max(240, 40 * len(rows) + 120),
        )
    )
    chart.value_formatter = lambda value: f"{value:.0f}%"
    chart.x_labels = [row.group.title for row in rows]
    chart.add("Attendance", [row.attendance_percent or 0 for row in rows])
    return Chart(_render(chart), summary)
