"""Small bar charts drawn as inline SVG on the server: sharp in print, no JavaScript.

Each chart carries <title> and <desc> (role="img", aria-labelledby) and
prints its values next to the bars; the report also gives the figures in a
table, so nobody depends on colour or on seeing the chart.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from rapporter.text import antal

# Colours with at least 3:1 contrast against white, distinguishable in greyscale.
PALETTE = ("#1d4f7c", "#c2571a", "#4d7a1f", "#6b3f8f")
FONT = "Rapport Sans, DejaVu Sans, sans-serif"  # the shipped font (print.css)


def _label(text, limit=56):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(*, chart_id, title, desc, categories, series, stacked=False, width=640):
    """A horizontal bar chart, grouped (one bar per series) or stacked (one bar per row).

    categories: labels down the left; series: [(label, [value per category])].
    Stacked keeps a long list of agreements within one printed page.
    Returns safe SVG markup (empty string when there is nothing to draw).
    """
    if not categories or not series:
        return ""
    label_width, value_width = (300, 36) if stacked else (230, 40)
    bar_h, gap, group_gap, top = (11, 0, 5, 34) if stacked else (12, 2, 12, 34)
    bars_per_row = 1 if stacked else len(series)
    plot_width = width - label_width - value_width - 10
    group_h = bars_per_row * (bar_h + gap) - gap
    height = top + len(categories) * (group_h + group_gap) + 6
    if stacked:
        peak = max(sum(values) for values in zip(*(v for _n, v in series), strict=True))
    else:
        peak = max((v for _name, values in series for v in values), default=0)
    if not peak:
        return ""  # a chart of only zeros looks broken in print; the table says it
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}" '
        f'font-size="{9 if stacked else 11}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    # Legend on top.
    x = label_width
    for index, (name, _values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="18" font-size="11" fill="#222">{escape(name)}</text>')
        x += 24 + 7 * len(name)
    for row, category in enumerate(categories):
        y0 = top + row * (group_h + group_gap)
        parts.append(
            f'<text x="{label_width - 8}" y="{y0 + group_h / 2 + 3.5:.1f}" text-anchor="end" '
            f'fill="#222">{escape(_label(category))}</text>'
        )
        x = label_width
        for index, (_name, values) in enumerate(series):
            value = values[row]
            y = y0 if stacked else y0 + index * (bar_h + gap)
            w = plot_width * value / peak
            colour = PALETTE[index % len(PALETTE)]
            start = x if stacked else label_width
            parts.append(
                f'<rect x="{start:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}"/>'
            )
            if stacked:
                x += w
            else:
                parts.append(
                    f'<text x="{label_width + w + 4:.1f}" y="{y + bar_h - 2}" fill="#222">'
                    f"{value}</text>"
                )
        if stacked:
            total = sum(values[row] for _name, values in series)
            parts.append(f'<text x="{x + 4:.1f}" y="{y0 + bar_h - 2}" fill="#222">{total}</text>')
    parts.append(
        f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{height - 4}" '
        'stroke="#555" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def decisions_chart(rows):
    """Exclusions, terminations and rescissions per agreement (BeslutRad rows)."""
    if not rows:
        return ""
    return bar_chart(
        chart_id="diagram-beslut",
        title="Tillfälliga uteslutningar, uppsägningar och hävningar per ramavtal",
        desc="; ".join(
            f"{r.ramavtal}: "
            f"{antal(r.pauser, 'tillfällig uteslutning', 'tillfälliga uteslutningar')}, "
            f"{antal(r.uppsagningar, 'uppsägning', 'uppsägningar')}, "
            f"{antal(r.havningar, 'hävning', 'hävningar')}"
            for r in rows
        ),
        categories=[r.ramavtal for r in rows],
        stacked=True,
        series=[
            ("Tillfällig uteslutning", [r.pauser for r in rows]),
            ("Uppsägning", [r.uppsagningar for r in rows]),
            ("Hävning", [r.havningar for r in rows]),
        ],
    )


def tiers_chart(years):
    """Follow-ups per tier and year (TierYear rows)."""
    if not years:
        return ""
    return bar_chart(
        chart_id="diagram-nivaer",
        title="Uppföljning per nivå och år",
        desc="; ".join(
            f"{y.ar}: {antal(y.lopande, 'avvikelse', 'avvikelser')}, "
            f"{antal(y.handelsstyrda, 'händelsestyrd', 'händelsestyrda')} och "
            f"{antal(y.sarskilda, 'särskild uppföljning', 'särskilda uppföljningar')}"
            for y in years
        ),
        categories=[str(y.ar) for y in years],
        series=[
            ("Avvikelser (löpande)", [y.lopande for y in years]),
            ("Händelsestyrda", [y.handelsstyrda for y in years]),
            ("Särskilda", [y.sarskilda for y in years]),
        ],
    )
