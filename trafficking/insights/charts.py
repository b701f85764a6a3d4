"""Accessible charts drawn on the server as SVG: no script, no third-party request.

Every chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>``
(the figure's one-sentence summary) referenced by ``aria-labelledby``; the
numbers themselves are in the HTML table beside it, which is what screen
readers are pointed to. Colours are presentation attributes (the CSP blocks
inline styles) chosen for at least 3:1 against white for the bars and 4.5:1
for text. Text is escaped here, since this module builds markup by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .figure import Cell

BAR = "#1d5a85"  # 7.2:1 on white
HIDDEN_BAR = "#6b6b6b"  # 5.3:1: a suppressed value, drawn as a short grey stub
TEXT = "#1a1a1a"
GRID = "#767676"

WIDTH = 640
ROW = 44
LABEL_ROOM = 18


def _number(value: Cell) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _format(value: Cell, unit: str = "") -> str:
    if isinstance(value, float):
        text = f"{value:.1f}".rstrip("0").rstrip(".")
    elif value is None:
        text = "–"
    else:
        text = str(value)
    return f"{text}{unit}" if _number(value) is not None else text


def _open(chart_id: str, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}"'
        f' role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"'
        # Drawn left to right in every language: on a right-to-left page the
        # labels would otherwise run off the left edge.
        ' preserveAspectRatio="xMinYMin meet" focusable="false" direction="ltr">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[Cell],
    unit: str = "",
) -> SafeString:
    """Horizontal bars, the label above each bar so long labels fit at 390 px."""
    numbers = [_number(v) for v in values]
    largest = max([n for n in numbers if n is not None] or [0.0]) or 1.0
    height = ROW * len(labels) + 8
    parts = _open(chart_id, height, title, description)
    room = WIDTH - 90
    for index, (label, value, number) in enumerate(zip(labels, values, numbers, strict=True)):
        top = index * ROW + 4
        parts.append(
            f'<text x="0" y="{top + 13}" fill="{TEXT}" font-size="14">{escape(label)}</text>'
        )
        if number is None:
            width, fill = 6.0, HIDDEN_BAR
        else:
            width, fill = max(room * number / largest, 1.0 if number else 0.0), BAR
        parts.append(
            f'<rect x="0" y="{top + LABEL_ROOM}" width="{width:.1f}" height="18" fill="{fill}"/>'
        )
        parts.append(
            f'<text x="{width + 6:.1f}" y="{top + LABEL_ROOM + 14}" fill="{TEXT}"'
            f' font-size="14">{escape(_format(value, unit))}</text>'
        )
    parts.append("</svg>")
    # Every piece of text above went through escape().
    return mark_safe("".join(parts))  # noqa: S308


def column_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[Cell],
    every: int | None = None,
) -> SafeString:
    """Weekly columns with a labelled vertical axis; suppressed weeks get a grey stub.

    ``labels`` are short (a week's date); one in ``every`` is written under
    the axis so they never overlap.
    """
    height, bottom, left = 260, 220, 44
    numbers = [_number(v) for v in values]
    largest = max([n for n in numbers if n is not None] or [0.0]) or 1.0
    count = max(len(values), 1)
    step = (WIDTH - left - 8) / count
    every = every or max(1, round(count / 6))
    parts = _open(chart_id, height, title, description)
    top_label = _format(int(largest) if largest.is_integer() else largest)
    parts.append(
        f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - 4}" y2="{bottom}" stroke="{GRID}"/>'
        f'<line x1="{left}" y1="20" x2="{left}" y2="{bottom}" stroke="{GRID}"/>'
        f'<text x="{left - 4}" y="26" fill="{TEXT}" font-size="13" text-anchor="end">'
        f"{escape(top_label)}</text>"
        f'<text x="{left - 4}" y="{bottom}" fill="{TEXT}" font-size="13" text-anchor="end">0</text>'
    )
    for index, (label, number) in enumerate(zip(labels, numbers, strict=True)):
        x = left + index * step + step * 0.1
        width = max(step * 0.8, 1.0)
        if number is None:
            parts.append(
                f'<rect x="{x:.1f}" y="{bottom - 4}" width="{width:.1f}" height="4"'
                f' fill="{HIDDEN_BAR}"/>'
            )
        else:
            tall = (bottom - 20) * number / largest
            parts.append(
                f'<rect x="{x:.1f}" y="{bottom - tall:.1f}" width="{width:.1f}"'
                f' height="{tall:.1f}" fill="{BAR}"/>'
            )
        if index % every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{bottom + 18}" fill="{TEXT}" font-size="12">'
                f"{escape(label)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308
