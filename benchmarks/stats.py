"""What the benchmarks compute from their timings."""


def percentile(values, q: float):
    "The value below which a share q of the values lie (0.95: the 95th percentile), one of the values themselves."
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]
