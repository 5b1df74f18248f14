"""Charts as inline SVG: the report is one file with no scripts, fonts or images fetched from anywhere.

Every chart has a text title and its numbers printed beside the bars, so it reads in print, on a phone
and to a screen reader (colour is never the only cue).
"""
from __future__ import annotations

import hashlib
from datetime import date
from html import escape
from typing import List, Optional, Tuple

BAR_COLOUR = "#1d70b8"
MUTED = "#505a5f"


def _chart_id(prefix: str, title: str) -> str:
    # Stable across runs (Python's own hash() is not), so the same data gives a byte-identical report.
    return prefix + hashlib.sha1(title.encode("utf-8")).hexdigest()[:10]


def month_label(month: str) -> str:
    """"2025-01" -> "Jan 25"."""
    try:
        return date(int(month[:4]), int(month[5:7]), 1).strftime("%b %y")
    except ValueError:
        return month


def bar_chart(title: str, bars: List[Tuple[str, Optional[float], str]]) -> str:
    """Horizontal bars: (label, value 0-1 or None when withheld, text shown at the end of the bar).

    Each label sits above its bar, so the chart stays narrow and its text readable on a phone.
    """
    row, bar_width, width = 44, 280, 420
    height = row * len(bars) + 6
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="{_chart_id("t", title)}">',
             f'<title id="{_chart_id("t", title)}">{escape(title)}</title>']
    for index, (label, value, shown) in enumerate(bars):
        y = index * row
        text = label if len(label) <= 58 else label[:57] + "\u2026"
        parts.append(f'<text x="0" y="{y + 15}" font-size="15" fill="#0b0c0c">{escape(text)}</text>')
        bar = max(1.0, value * bar_width) if value is not None else 0.0
        if value is not None:
            parts.append(f'<rect x="0" y="{y + 21}" width="{bar:.1f}" height="14" fill="{BAR_COLOUR}"/>')
        parts.append(f'<text x="{bar + 6:.1f}" y="{y + 34}" font-size="14" fill="{MUTED}">{escape(shown)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def column_chart(title: str, columns: List[Tuple[str, Optional[int]]]) -> str:
    """Vertical columns over months: (label, count or None when withheld)."""
    if not columns:
        return ""
    width_each, chart_height, top = 46, 120, 18
    biggest = max([value for _label, value in columns if value] or [1])
    width = width_each * len(columns) + 20
    parts = [f'<svg class="chart trend" role="img" viewBox="0 0 {width} {chart_height + top + 40}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="{_chart_id("c", title)}">',
             f'<title id="{_chart_id("c", title)}">{escape(title)}</title>']
    for index, (label, value) in enumerate(columns):
        x = 10 + index * width_each
        if value is None:
            parts.append(f'<text x="{x + width_each / 2 - 3:.0f}" y="{top + chart_height - 4}" font-size="11" '
                         f'text-anchor="middle" fill="{MUTED}">&lt;5</text>')
        else:
            height = max(1.0, value / biggest * chart_height)
            y = top + chart_height - height
            parts.append(f'<rect x="{x}" y="{y:.1f}" width="{width_each - 10}" height="{height:.1f}" '
                         f'fill="{BAR_COLOUR}"/>')
            parts.append(f'<text x="{x + (width_each - 10) / 2:.0f}" y="{y - 4:.1f}" font-size="11" '
                         f'text-anchor="middle" fill="#0b0c0c">{value}</text>')
        parts.append(f'<text x="{x + (width_each - 10) / 2:.0f}" y="{top + chart_height + 16}" font-size="10" '
                     f'text-anchor="middle" fill="{MUTED}">{escape(month_label(label))}</text>')
    parts.append("</svg>")
    return "".join(parts)
