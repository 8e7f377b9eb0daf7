"""Small timing helpers shared by the benchmarks: per-call samples and percentiles."""
from __future__ import annotations

import statistics
import time
from typing import Callable


def sample(call: Callable[[], object], rounds: int) -> list[float]:
    """Seconds per call, `rounds` samples, after one warm-up call."""
    call()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def describe(name: str, samples: list[float]) -> str:
    return (f"{name:<34} p50 {percentile(samples, 0.5) * 1e6:9.1f} µs   "
            f"p99 {percentile(samples, 0.99) * 1e6:9.1f} µs   mean {statistics.fmean(samples) * 1e6:9.1f} µs")
