"""Named sets of caption quality limits (reading speed, line length, timing).

A profile is only numbers; the rules that apply them live in
`app.captions.quality`. The built-in `netflix-en` profile follows the Netflix
English Timed Text Style Guide; `children` is the same with the slower reading
speed that guide sets for children's programmes. A job can tune any number
(`QualityProfile.custom`, `profile_from_dict`), most often the frame rate,
because the minimum gap is counted in frames of the programme's video.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.captions.timecode import frame_duration_ms

DEFAULT_PROFILE_NAME = "netflix-en"
CUSTOM_PROFILE_NAME = "custom"

# Fields a dict of overrides may set, grouped by the type its value must have.
# Kept as explicit sets (not derived from annotations) because the
# annotations are strings under `from __future__ import annotations`.
_INT_FIELDS = frozenset(
    {"max_chars_per_line", "max_lines", "min_duration_ms", "max_duration_ms", "min_gap_frames"}
)
_FLOAT_FIELDS = frozenset({"max_cps", "frame_rate"})
_BOOL_FIELDS = frozenset({"allow_overlaps", "allow_empty_cues"})
_STR_FIELDS = frozenset({"name", "label"})


@dataclass(frozen=True, slots=True)
class QualityProfile:
    """Limits one review is held to.

    `min_gap_frames` is counted in frames at `frame_rate`, as style guides
    state it; `min_gap_ms` converts it. The two `allow_*` flags switch off
    the overlap and empty-cue errors for material where those are intended
    (e.g. two speakers placed apart on screen at once).
    """

    name: str
    label: str
    max_cps: float = 20.0
    max_chars_per_line: int = 42
    max_lines: int = 2
    min_duration_ms: int = 833  # 5/6 s, rounded down to whole milliseconds
    max_duration_ms: int = 7000
    min_gap_frames: int = 2
    frame_rate: float = 25.0
    allow_overlaps: bool = False
    allow_empty_cues: bool = False

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise ValueError(f"invalid quality profile {self.name!r}: " + "; ".join(problems))

    @property
    def min_gap_ms(self) -> float:
        """The minimum gap in milliseconds at this profile's frame rate."""
        return self.min_gap_frames * frame_duration_ms(self.frame_rate)

    def with_overrides(self, **overrides: object) -> QualityProfile:
        """A copy with some numbers changed (keeps the name unless `name` is given).

        Values are checked as if they came from a settings file: integral
        floats are accepted for whole-number limits, anything else of the
        wrong type or out of range raises ValueError.
        """
        return dataclasses.replace(self, **_coerce(overrides))

    @classmethod
    def custom(
        cls, base: QualityProfile | str | None = None, **overrides: object
    ) -> QualityProfile:
        """A profile named ``custom``: `base` (default ``netflix-en``) with `overrides` applied."""
        if base is None:
            base = DEFAULT_PROFILE_NAME
        start = profile_named(base) if isinstance(base, str) else base
        named: dict[str, object] = {"name": CUSTOM_PROFILE_NAME, "label": "Custom"}
        named.update(overrides)
        return start.with_overrides(**named)


def _problems(profile: QualityProfile) -> list[str]:
    problems: list[str] = []
    if not profile.name:
        problems.append("name must not be empty")
    if not profile.max_cps > 0:
        problems.append(f"max_cps must be above 0, got {profile.max_cps}")
    if profile.max_chars_per_line < 1:
        problems.append(f"max_chars_per_line must be at least 1, got {profile.max_chars_per_line}")
    if profile.max_lines < 1:
        problems.append(f"max_lines must be at least 1, got {profile.max_lines}")
    if profile.min_duration_ms < 0:
        problems.append(f"min_duration_ms must not be negative, got {profile.min_duration_ms}")
    if profile.max_duration_ms < max(profile.min_duration_ms, 1):
        problems.append(
            f"max_duration_ms ({profile.max_duration_ms}) must be at least 1 and not below "
            f"min_duration_ms ({profile.min_duration_ms})"
        )
    if profile.min_gap_frames < 0:
        problems.append(f"min_gap_frames must not be negative, got {profile.min_gap_frames}")
    if not profile.frame_rate > 0:
        problems.append(f"frame_rate must be above 0, got {profile.frame_rate}")
    return problems


def _coerce(overrides: Mapping[str, object]) -> dict[str, Any]:
    """Check override names and value types, converting where no meaning is lost."""
    known = _INT_FIELDS | _FLOAT_FIELDS | _BOOL_FIELDS | _STR_FIELDS
    # Any because each value now has its field's type, which a dict cannot say.
    result: dict[str, Any] = {}
    for key, value in overrides.items():
        if key not in known:
            raise ValueError(
                f"unknown quality setting {key!r}; valid settings: {', '.join(sorted(known))}"
            )
        # bool is a subclass of int: without this, `max_lines: true` would mean 1.
        if isinstance(value, bool) and key not in _BOOL_FIELDS:
            raise ValueError(f"{key} must be a number, got {value!r}")
        if key in _INT_FIELDS:
            if isinstance(value, int):
                result[key] = value
            elif isinstance(value, float) and value.is_integer():
                result[key] = int(value)
            else:
                raise ValueError(f"{key} must be a whole number, got {value!r}")
            continue
        if key in _FLOAT_FIELDS:
            if not isinstance(value, int | float):
                raise ValueError(f"{key} must be a number, got {value!r}")
            result[key] = float(value)
            continue
        if key in _BOOL_FIELDS:
            if isinstance(value, bool):
                result[key] = value
                continue
            raise ValueError(f"{key} must be true or false, got {value!r}")
        if not isinstance(value, str):
            raise ValueError(f"{key} must be text, got {value!r}")
        result[key] = value
    return result


_BUILT_IN: dict[str, QualityProfile] = {
    profile.name: profile
    for profile in (
        QualityProfile(name="netflix-en", label="Netflix English (adult)"),
        # The Netflix guide lowers reading speed to 17 CPS for children's
        # programmes and leaves every other limit as for adults.
        QualityProfile(name="children", label="Netflix English (children)", max_cps=17.0),
    )
}

PROFILE_NAMES: tuple[str, ...] = tuple(_BUILT_IN)


def profile_named(name: str) -> QualityProfile:
    """The built-in profile called `name`; KeyError naming the valid ones otherwise."""
    try:
        return _BUILT_IN[name]
    except KeyError:
        raise KeyError(
            f"unknown quality profile {name!r}; valid profiles: {', '.join(PROFILE_NAMES)}"
        ) from None


def profile_from_dict(data: Mapping[str, object]) -> QualityProfile:
    """A custom profile from settings such as a job file.

    The optional ``base`` key names the built-in profile to start from
    (default ``netflix-en``); every other key overrides one field. Unknown
    keys and wrongly typed values raise ValueError; an unknown base raises
    KeyError.
    """
    overrides = dict(data)
    base = overrides.pop("base", DEFAULT_PROFILE_NAME)
    if not isinstance(base, str):
        raise ValueError(f"base must be a profile name, got {base!r}")
    return QualityProfile.custom(base, **overrides)
