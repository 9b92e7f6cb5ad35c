"""Demo papers: short, real PDFs made with WeasyPrint, marked when they are confidential."""

from html import escape

from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .specs import CONFIDENTIAL, Purpose

# One fetcher for every paper: WeasyPrint's default builds a new one (and a TLS context)
# per document, and the papers fetch nothing anyway.
URL_FETCHER = URLFetcher(allowed_protocols=("data",))

PAPER_CSS = """
@page { size: A4; margin: 22mm 20mm;
  @top-left { content: "West Midlands Imaging Network"; font-size: 8pt; color: #4c6272; }
  @top-right { content: "MARKING"; font-size: 8pt; font-weight: bold; color: #d5281b; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45;
  color: #212b32; }
.marking { border: 3px solid #d5281b; color: #d5281b; font-weight: bold; padding: 6px 10px; }
.group { color: #005eb8; font-weight: bold; margin: 0; }
h1 { font-size: 18pt; margin: 4px 0 12px; }
h2 { font-size: 12pt; margin: 16px 0 4px; }
.facts { border-top: 1px solid #d8dde0; border-bottom: 1px solid #d8dde0; padding: 6px 0;
  font-size: 9.5pt; }
.lay { background: #e8edee; padding: 8px 10px; }
"""

ASKS = {
    Purpose.DECISION: "approve the recommendation in this paper",
    Purpose.DISCUSSION: "discuss the issues set out in this paper",
    Purpose.INFORMATION: "note the contents of this paper",
    Purpose.ASSURANCE: "take assurance from the progress reported",
}


def paper_pdf(*, group, meeting, item_number, topic, version):
    confidential = topic.visibility == CONFIDENTIAL
    day = timezone.localtime(meeting.start)
    asks = ASKS[topic.purpose]
    facts = [
        ("Meeting", f"{group.title}, {day.day} {day:%B %Y}"),
        ("Agenda item", str(item_number)),
        ("Purpose", Purpose(topic.purpose).label),
        ("Presented by", topic.presenter),
        ("Version", str(version) + (f": {topic.reissue}" if version > 1 else "")),
    ]
    parts = [
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(topic.title)}</title><style>",
        PAPER_CSS.replace("MARKING", "CONFIDENTIAL – PART B" if confidential else ""),
        "</style></head><body>",
    ]
    if confidential:
        parts.append(
            '<p class="marking">CONFIDENTIAL – PART B. For group members only; '
            "not for onward circulation.</p>"
        )
    parts += [
        f'<p class="group">{escape(group.title)}</p>',
        f"<h1>{escape(topic.title)}</h1>",
        '<p class="facts">',
        "<br>".join(f"<b>{label}:</b> {escape(value)}" for label, value in facts),
        "</p>",
    ]
    if topic.lay_summary:
        parts += [
            "<h2>Summary for patients and the public</h2>",
            f'<p class="lay">{escape(topic.lay_summary)}</p>',
        ]
    recommendation = topic.decision or f"That the {group.title} {asks}."
    parts += [
        "<h2>Purpose of this paper</h2>",
        f"<p>The {escape(group.title)} is asked to {asks}.</p>",
        "<h2>Background and proposal</h2>",
        f"<p>{escape(topic.paper)}</p>",
        "<h2>Recommendation</h2>",
        f"<p>{escape(recommendation)}</p>",
        "</body></html>",
    ]
    return HTML(string="".join(parts), url_fetcher=URL_FETCHER).write_pdf()
