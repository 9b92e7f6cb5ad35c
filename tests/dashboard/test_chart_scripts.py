"""The dashboard's SVG charts carry no script: the site's Content-Security-Policy (script-src
'self', enforced) would block an inline one and report it on every dashboard page."""

import pygal

from publications.dashboard import charts


def test_a_chart_is_drawn_with_no_inline_script():
    chart = pygal.Line(**charts._config(y_title="Score"))
    chart.x_labels = ["Apr 2024", "May 2024"]
    chart.add("Workforce </script><script>alert(1)</script>", [1.5, 2.5])
    chart.add("Equipment", [3, 4])
    assert "<script" in chart.render(is_unicode=True)  # what pygal writes itself
    svg = str(charts._render(chart))
    assert "<svg" in svg and "</svg>" in svg
    assert "<script" not in svg.lower()
    assert "Equipment" in svg and "Workforce &lt;/script&gt;" in svg
