"""The playhead interpolation for libvlc, with a fake monotonic clock (no Qt, no VLC)."""

from __future__ import annotations

import random
import statistics

import pytest

from ui.player.clock import InterpolatedClock


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, ms: float) -> None:
        self.now += ms / 1000


@pytest.fixture
def time_() -> FakeTime:
    return FakeTime()


def playing_clock(time_: FakeTime, at: float = 0.0,
                  coarse: float | None = None) -> InterpolatedClock:
    clock = InterpolatedClock(time_)
    clock.reset(at, playing=True)
    clock.observe(at if coarse is None else coarse)  # the first reading only sets the baseline
    return clock


def test_advances_with_wall_time_while_playing_and_stands_still_paused(time_: FakeTime) -> None:
    clock = playing_clock(time_, 5000)
    time_.advance(120)
    assert clock.position() == pytest.approx(5120)
    assert clock.pause() == pytest.approx(5120)
    time_.advance(500)
    assert clock.position() == pytest.approx(5120)
    clock.resume()
    time_.advance(80)
    assert clock.position() == pytest.approx(5200)


def test_rate_scales_the_advance_and_keeps_the_position(time_: FakeTime) -> None:
    clock = playing_clock(time_, 1000)
    time_.advance(100)
    clock.set_rate(2.0)
    assert clock.position() == pytest.approx(1100)
    time_.advance(100)
    assert clock.position() == pytest.approx(1300)
    with pytest.raises(ValueError, match="positive"):
        clock.set_rate(0)


def test_a_coarse_change_anchors_at_the_middle_of_the_polling_interval(time_: FakeTime) -> None:
    clock = playing_clock(time_, 0, coarse=0)
    time_.advance(240)
    clock.observe(0)
    time_.advance(10)
    clock.observe(300)  # changed between 240 and 250 ms: taken as 300 at 245 ms
    assert clock.position() == pytest.approx(305)


def test_behind_the_coarse_clock_it_jumps_forward(time_: FakeTime) -> None:
    clock = playing_clock(time_, 0, coarse=0)
    time_.advance(250)
    clock.observe(400)  # the media is further than the wall clock says: follow it
    assert clock.position() == pytest.approx(400)


def test_a_small_lead_holds_still_instead_of_running_backwards(time_: FakeTime) -> None:
    clock = playing_clock(time_, 0, coarse=0)
    time_.advance(300)
    assert clock.position() == pytest.approx(300)
    clock.observe(200)  # 100 ms behind us: less than a coarse step
    seen = []
    for _ in range(15):
        time_.advance(10)
        seen.append(clock.position())
    assert seen == sorted(seen)  # monotonic
    assert seen[0] == pytest.approx(300)  # held...
    assert seen[-1] == pytest.approx(350)  # ...until the media caught up, then moves on


def test_a_big_lead_means_the_media_stalled_and_the_clock_follows_it_back(
        time_: FakeTime) -> None:
    clock = playing_clock(time_, 0, coarse=0)
    time_.advance(2000)
    clock.observe(600)  # buffering: 1.4 s behind, far more than a coarse step
    assert clock.position() == pytest.approx(600)


def test_paused_readings_do_not_move_the_clock(time_: FakeTime) -> None:
    clock = playing_clock(time_, 1000)
    time_.advance(100)
    clock.pause()
    clock.observe(750)  # libvlc's value lags the real pause point
    assert clock.position() == pytest.approx(1100)


def test_a_seek_may_go_backwards_and_stale_values_from_before_it_are_ignored(
        time_: FakeTime) -> None:
    clock = playing_clock(time_, 20_000, coarse=20_000)
    time_.advance(100)
    clock.reset(3000, playing=True)
    assert clock.position() == pytest.approx(3000)
    time_.advance(10)
    clock.observe(20_250)  # published just before the seek took effect
    assert clock.position() == pytest.approx(3010)
    time_.advance(10)
    clock.observe(3000)  # the first value after the seek re-anchors: 3000 at 3005 ms...
    assert clock.position() == pytest.approx(3010)  # ...held at what was already shown
    time_.advance(20)
    assert clock.position() == pytest.approx(3025)


def test_follows_a_coarse_clock_within_a_frame(time_: FakeTime) -> None:
    """libvlc-like input: 250/500 ms steps, 10 ms polling with jitter, rate 1 and 1.5."""
    rng = random.Random(7)
    for rate in (1.0, 1.5):
        clock = playing_clock(time_, 0, coarse=0)
        clock.set_rate(rate)
        true_ms = coarse = 0.0
        next_update = 250.0
        errors = []
        for _ in range(2000):
            step = 10 + rng.uniform(-3, 3)
            time_.advance(step)
            true_ms += step * rate
            if true_ms >= next_update:
                coarse = next_update
                next_update += rng.choice((250.0, 500.0))
            clock.observe(coarse)
            errors.append(abs(clock.position() - true_ms))
        assert max(errors) < 40, rate
        assert statistics.median(errors) < 10, rate
