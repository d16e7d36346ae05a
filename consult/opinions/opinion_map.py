"""The participants' map: where each participant stands, binned on a grid so that the page
stays small whatever the number of participants, drawn as SVG by the server."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

GRID = 24  # cells per side
SIZE = 240  # the SVG's view box, in its own units
# Distinct for every kind of colour vision (Okabe and Ito), in the order of the groups.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")


def map_cells(coordinates: np.ndarray, positions: list[int]) -> list[list[int]]:
    """[[group, column, row, people], …]: the participants at `coordinates` (n × 2), each in
    the group at its position, counted per grid cell and group."""
    if len(coordinates) == 0:
        return []
    low, high = coordinates.min(axis=0), coordinates.max(axis=0)
    span = np.where(high - low > 0, high - low, 1.0)
    cells = np.minimum(((coordinates - low) / span * GRID).astype(int), GRID - 1)
    counted: dict[tuple[int, int, int], int] = {}
    for (column, row), group in zip(cells.tolist(), positions, strict=True):
        counted[(group, column, row)] = counted.get((group, column, row), 0) + 1
    return [[group, column, row, people]
            for (group, column, row), people in sorted(counted.items())]


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    radius: float
    colour: str
    group: int
    people: int


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    group: int


def dots(cells: list[list[int]]) -> list[Dot]:
    """The cells as circles whose area grows with the people in them."""
    if not cells:
        return []
    most = max(cell[3] for cell in cells)
    step = SIZE / GRID
    return [Dot(x=(column + 0.5) * step, y=(row + 0.5) * step,
                radius=max(1.5, step * 0.55 * math.sqrt(people / most)),
                colour=COLOURS[group % len(COLOURS)], group=group, people=people)
            for group, column, row, people in cells]


def labels(cells: list[list[int]]) -> list[Label]:
    """Each group's letter at the centre of its people."""
    step = SIZE / GRID
    sums: dict[int, list[float]] = {}
    for group, column, row, people in cells:
        total = sums.setdefault(group, [0.0, 0.0, 0.0])
        total[0] += (column + 0.5) * step * people
        total[1] += (row + 0.5) * step * people
        total[2] += people
    return [Label(x=x / n, y=y / n, group=group) for group, (x, y, n) in sorted(sums.items())]
