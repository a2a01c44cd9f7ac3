"""A smooth playhead from a coarse one: position interpolation for libvlc.

libvlc's ``get_time()`` only moves every 250–500 ms (measured with VLC 3.0 on
this project's demo video), which makes the playhead and the active cue jump.
`InterpolatedClock` turns those coarse readings into a position that moves
continuously:

* Every change of the coarse value *anchors* the clock: the coarse value is
  taken as the media position at the moment it changed. That moment lies
  between the previous reading and this one, so the midpoint is used (when
  readings are frequent), which halves the error due to the polling interval.
* Between anchors the position advances by ``elapsed wall time × rate``
  while playing and stands still while paused.
* It never runs backwards except on an explicit `reset` (a seek). When a new
  coarse value is *behind* the interpolated position by less than
  `max_lead_ms` (jitter, or the player resuming a little late after a seek),
  the reported position holds still until the media catches up instead of
  jumping back. A bigger lead means the media really stalled (buffering, a
  starved decoder); then the clock jumps back to the coarse value, because
  showing the wrong caption for seconds would be worse than one backward
  step.
* Seeks, rate changes, pause and play re-anchor explicitly.

Pure logic with an injectable time source: no Qt, no VLC, unit-tested on its
own. Times are milliseconds (float) and seconds from `time.monotonic`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Now = Callable[[], float]

# libvlc's coarsest update step measured here; a lead larger than this cannot be jitter.
DEFAULT_MAX_LEAD_MS = 500.0
# After a seek libvlc may still publish one or two values from before it; values
# this far from where the seek went are ignored for up to SEEK_SETTLE_S seconds.
SEEK_WINDOW_MS = 1000.0
SEEK_SETTLE_S = 1.5
# Readings further apart than this are not dated by their midpoint (see observe).
MIDPOINT_MAX_GAP_S = 0.05


class InterpolatedClock:
    """Media position interpolated between coarse readings of a player's clock.

    Call `observe` with every reading of the coarse clock (regularly, e.g.
    every 10 ms while playing), `reset` on seeks, `set_rate` on rate changes,
    and `pause` / `resume` when the player stops or starts moving. Read
    `position` whenever a smooth value is needed.
    """

    def __init__(self, now: Now = time.monotonic, *,
                 max_lead_ms: float = DEFAULT_MAX_LEAD_MS) -> None:
        self._now = now
        self.max_lead_ms = max_lead_ms
        self._anchor_ms = 0.0
        self._anchor_s = now()
        self._rate = 1.0
        self._playing = False
        self._floor_ms = 0.0  # the last position reported: the clock never goes below it
        self._coarse: float | None = None
        self._last_reading_s: float | None = None
        self._seek_target_ms: float | None = None
        self._seek_s = 0.0

    # --- reading ---------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def rate(self) -> float:
        return self._rate

    def position(self) -> float:
        """The interpolated media position in ms (monotonic between resets)."""
        value = max(self._line(self._now()), self._floor_ms)
        self._floor_ms = value
        return value

    def _line(self, at_s: float) -> float:
        if not self._playing:
            return self._anchor_ms
        return self._anchor_ms + (at_s - self._anchor_s) * 1000.0 * self._rate

    # --- feeding ---------------------------------------------------------------------

    def observe(self, coarse_ms: float) -> None:
        """Take one reading of the coarse clock; only a change of value carries news."""
        now = self._now()
        previous_reading_s = self._last_reading_s
        self._last_reading_s = now
        if coarse_ms == self._coarse:
            return
        first = self._coarse is None
        self._coarse = coarse_ms
        if not self._playing or first:
            # While paused the player's coarse value lags the real pause point,
            # and the first reading has no previous one to date its change:
            # the explicit anchors (reset/pause) are better than either.
            return
        if self._seek_target_ms is not None:
            if now - self._seek_s < SEEK_SETTLE_S and \
                    abs(coarse_ms - self._line(now)) > SEEK_WINDOW_MS:
                return  # a value published before the seek took effect
            self._seek_target_ms = None
        # The value changed somewhere between the previous reading and this one:
        # the midpoint halves the polling error. After a long gap (the GUI
        # thread was busy) the midpoint is a poor guess; "just now" errs late
        # but never ahead.
        changed_s = now
        if previous_reading_s is not None and now - previous_reading_s <= MIDPOINT_MAX_GAP_S:
            changed_s = (previous_reading_s + now) / 2
        lead = self._line(changed_s) - coarse_ms
        if lead > self.max_lead_ms:
            # The media stalled: follow it back rather than run on alone.
            self._floor_ms = coarse_ms
        self._anchor(coarse_ms, changed_s)

    def reset(self, position_ms: float, *, playing: bool | None = None) -> None:
        """Jump to a position (a seek): the only way the clock may go backwards."""
        now = self._now()
        if playing is not None:
            self._playing = playing
        self._anchor(position_ms, now)
        self._floor_ms = position_ms
        self._seek_target_ms = position_ms
        self._seek_s = now

    def set_rate(self, rate: float) -> None:
        """Change speed from now on, keeping the current position."""
        if rate <= 0:
            raise ValueError(f"rate must be positive, got {rate}")
        here = self.position()
        self._anchor(here, self._now())
        self._rate = rate

    def pause(self) -> float:
        """Stop advancing at the current position; returns that position."""
        here = self.position()
        self._playing = False
        self._anchor(here, self._now())
        return here

    def resume(self) -> None:
        """Start advancing from the current position."""
        if self._playing:
            return
        here = self.position()
        self._playing = True
        self._anchor(here, self._now())

    def _anchor(self, position_ms: float, at_s: float) -> None:
        self._anchor_ms = position_ms
        self._anchor_s = at_s
