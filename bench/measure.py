"""Repetitions, interleaved, and what is reported of them: median, min, max."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Samples:
    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def to_dict(self) -> dict[str, Any]:
        return {
            "median": self.median,
            "min": min(self.values),
            "max": max(self.values),
            "samples": list(self.values),
        }


@dataclass(frozen=True)
class Figure:
    """One row: ours against its reference, measured in the same run.

    `ratio` is ours ÷ reference for times and sizes; for a rate (`higher_is_better`) it is
    ours ÷ reference too, so "≥ 0.9×" reads as it is written.
    """

    name: str
    ours_label: str
    reference_label: str
    ours: Samples
    reference: Samples | None  # None: measured without the reference (no ratio)
    unit: str  # "s", "items/s", "MiB"
    goal: str  # e.g. "≤ 0.5×", or "< 1 s" with `limit`
    goal_ratio: float | None  # None: the goal is `limit`
    higher_is_better: bool = False
    notes: list[str] = field(default_factory=list)
    limit: float | None = None  # a goal of ours alone: its median below this, in `unit`

    @property
    def ratio(self) -> float | None:
        return (
            None if self.reference is None else self.ours.median / self.reference.median
        )

    @property
    def met(self) -> bool | None:
        if self.limit is not None:
            return self.ours.median < self.limit
        ratio = self.ratio
        if ratio is None or self.goal_ratio is None:
            return None
        return (
            ratio >= self.goal_ratio
            if self.higher_is_better
            else ratio <= self.goal_ratio
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit": self.unit,
            "ours": {"what": self.ours_label, **self.ours.to_dict()},
            "reference": {
                "what": self.reference_label,
                **(self.reference.to_dict() if self.reference else {}),
            },
            "ratio": self.ratio,
            "goal": self.goal,
            "met": self.met,
            "notes": self.notes,
        }


def timed(work: Callable[[], object]) -> float:
    """Seconds `work()` took."""
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def interleaved(
    sides: Mapping[str, Callable[[], float]], repetitions: int
) -> dict[str, Samples]:
    """Run each side once per repetition, alternating which goes first (ABBA...), so that a
    drift of the machine (heat, another process) weighs on both alike.

    Each side is a callable returning its own measurement (seconds, or a rate).
    """
    names = list(sides)
    values: dict[str, list[float]] = {name: [] for name in names}
    for repetition in range(repetitions):
        for name in names if repetition % 2 == 0 else reversed(names):
            values[name].append(sides[name]())
    return {name: Samples(tuple(v)) for name, v in values.items()}
