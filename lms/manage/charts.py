"""Server-side SVG chart geometry (no JavaScript, nothing from a CDN).

Each function returns plain numbers and point lists; templates/_macros/charts.html draws
them, and every chart has a table with the same figures beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    target: float | None
    #: bar and target-mark lengths as a share of the chart width (0–1)
    share: float
    target_share: float | None


def bars(items: list[tuple[str, float, float | None]]) -> list[Bar]:
    """Horizontal bars scaled to the largest value or target."""
    top = max([v for _l, v, _t in items] + [t for _l, _v, t in items if t] + [1.0])
    return [
        Bar(label, value, target, value / top, target / top if target else None)
        for label, value, target in items
    ]


@dataclass(frozen=True)
class Radar:
    axes: list[tuple[str, float, float, float, float]]
    #: polygon points "x,y x,y …" per series
    series: list[str]
    rings: list[str]


def radar(labels: list[str], series: list[list[float | None]], *, size: float = 240) -> Radar:
    """A radar (spider) chart of shares between 0 and 1 on ``len(labels)`` axes."""
    centre, radius = size / 2, size / 2 - 40
    n = len(labels)

    def point(i: int, share: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return (
            round(centre + radius * share * math.cos(angle), 1),
            round(centre + radius * share * math.sin(angle), 1),
        )

    axes = []
    for i, label in enumerate(labels):
        x, y = point(i, 1.0)
        lx, ly = point(i, 1.18)
        axes.append((label, x, y, lx, ly))
    polygons = [
        " ".join(f"{x},{y}" for x, y in (point(i, v or 0.0) for i, v in enumerate(s)))
        for s in series
    ]
    rings = [
        " ".join(f"{x},{y}" for x, y in (point(i, r) for i in range(n)))
        for r in (0.25, 0.5, 0.75, 1.0)
    ]
    return Radar(axes, polygons, rings)


@dataclass(frozen=True)
class Line:
    points: str
    dots: list[tuple[float, float, int]]
    top: int


def line(values: list[int], *, width: float = 360, height: float = 140) -> Line:
    top = max(values + [1])
    step = width / max(len(values) - 1, 1)
    dots = [
        (round(i * step, 1), round(height - height * v / top, 1), v) for i, v in enumerate(values)
    ]
    return Line(" ".join(f"{x},{y}" for x, y, _v in dots), dots, top)
