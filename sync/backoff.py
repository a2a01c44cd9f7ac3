"""How long to wait before trying again: capped exponential back-off with full jitter.

"Full jitter" draws the whole wait from [0, min(cap, base * 2**attempt)]
rather than adding a little noise to a fixed curve: when the network comes
back, hundreds of workstations that all went offline together do not all
come back in the same second.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Backoff:
    """A back-off curve; `attempt` counts from 1 for the wait after the first failure."""

    base_s: float = 0.5
    cap_s: float = 60.0

    def ceiling(self, attempt: int) -> float:
        """The longest wait after `attempt` failures."""
        # min() before the power would overflow for a long outage's attempt count.
        exponent = min(max(attempt - 1, 0), 32)
        return min(self.cap_s, self.base_s * 2**exponent)

    def wait(self, attempt: int, rng: random.Random | None = None) -> float:
        """A random wait in [0, ceiling(attempt)]."""
        draw = (rng or random).uniform
        return draw(0.0, self.ceiling(attempt))
