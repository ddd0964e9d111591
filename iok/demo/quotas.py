"""Deal labels out to items in fixed shares, so even a small town has a few of each."""

import random


def deal(
    rng: random.Random, count: int, quotas: dict[str, tuple[float, int]], default: str
) -> list[str]:
    """A label for each of `count` items: every quota gets its share of them (at
    least its minimum), in random places; the items left over get `default`."""
    places = list(range(count))
    rng.shuffle(places)
    labels = [default] * count
    taken = 0
    for label, (share, minimum) in quotas.items():
        size = max(minimum, round(count * share))
        for place in places[taken : taken + size]:
            labels[place] = label
        taken += size
    return labels
