"""What can go wrong, and when: the fault switches and their thread-safe state.

The switches are read by the fault middleware (latency, errors, throttling,
dropped connections), by the token service (access-token lifetime), by the
media routes (signed-URL lifetime) and by the VTT routes (the concurrent
editor). Tests flip them through `PlatformServer.faults`; a person running the
emulator by hand uses environment variables or `POST /api/v1/_emulator/faults`.

Count-based switches (`fail_next`, `drop_after_next`, ...) are exact and are
what tests should prefer; the `*_rate` ones draw from a seeded random
generator, for soak runs by hand.
"""

from __future__ import annotations

import dataclasses
import os
import random
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

ENV_PREFIX = "PLATFORM_EMULATOR_"


@dataclass
class FaultSettings:
    """Every switch, off by default. Field names are the admin endpoint's JSON keys."""

    latency_ms: int = 0
    error_rate: float = 0.0
    error_statuses: list[int] = field(default_factory=lambda: [500, 502, 503])
    fail_next: int = 0
    throttle_rate: float = 0.0
    throttle_next: int = 0
    retry_after_s: int = 1
    drop_before_rate: float = 0.0
    drop_before_next: int = 0
    drop_after_rate: float = 0.0
    drop_after_next: int = 0
    # Sends the status line, headers and this many body bytes, then cuts the
    # connection: what a download resumed with Range must survive.
    truncate_next: int = 0
    truncate_after_bytes: int = 1024
    # Restrict the request faults above to some methods / a path regex
    # (matched with re.search against the path, e.g. "/vtt$").
    methods: list[str] | None = None
    path_regex: str | None = None
    access_token_ttl_s: float | None = None
    signed_url_ttl_s: float | None = None
    random_seed: int | None = None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> FaultSettings:
        """Settings from PLATFORM_EMULATOR_<FIELD> variables, for manual runs."""
        environ = dict(os.environ if environ is None else environ)
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = _parse_env_value(f.name, raw)
        return cls(**values)


def _parse_env_value(name: str, raw: str) -> Any:
    default = getattr(FaultSettings(), name)
    if name == "error_statuses":
        return [int(part) for part in raw.split(",") if part.strip()]
    if name == "methods":
        return [part.strip().upper() for part in raw.split(",") if part.strip()]
    if name == "path_regex":
        return raw
    if isinstance(default, float) or name in {"access_token_ttl_s", "signed_url_ttl_s"}:
        return float(raw)
    return int(raw)


_COUNTS = {
    "latency_ms",
    "fail_next",
    "throttle_next",
    "retry_after_s",
    "drop_before_next",
    "drop_after_next",
    "truncate_next",
    "truncate_after_bytes",
}
_RATES = {"error_rate", "throttle_rate", "drop_before_rate", "drop_after_rate"}
_LIFETIMES = {"access_token_ttl_s", "signed_url_ttl_s"}


def _coerce(name: str, value: Any) -> Any:
    """Check a switch's value up front: a bad one would break every later request."""
    if name in _COUNTS:
        number = int(value)
        if number < 0:
            raise ValueError(f"{name} must not be negative")
        return number
    if name in _RATES:
        rate = float(value)
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"{name} must lie between 0 and 1")
        return rate
    if name in _LIFETIMES:
        return None if value is None else float(value)
    if name in ("error_statuses", "methods"):
        if value is None and name == "methods":
            return None
        items = list(value)
        return (
            [int(s) for s in items] if name == "error_statuses" else [str(m).upper() for m in items]
        )
    return value


@dataclass(frozen=True)
class FaultPlan:
    """What the middleware does to one request, decided when it arrives."""

    latency_s: float = 0.0
    error_status: int | None = None
    throttle: bool = False
    drop_before: bool = False
    drop_after: bool = False
    truncate_after_bytes: int | None = None
    retry_after_s: int = 1

    @property
    def name(self) -> str | None:
        for label, active in (
            ("error", self.error_status is not None),
            ("throttle", self.throttle),
            ("drop_before", self.drop_before),
            ("drop_after", self.drop_after),
            ("truncate", self.truncate_after_bytes is not None),
        ):
            if active:
                return label
        return None


@dataclass(frozen=True)
class ConcurrentEdit:
    """A save by someone else, applied just before the client's next write."""

    author_id: str
    content: str | None  # None: the emulator edits the first cue's text itself.


class FaultController:
    """Thread-safe holder of the switches, the armed edits and a request log."""

    def __init__(self, settings: FaultSettings | None = None) -> None:
        self._lock = threading.Lock()
        self._settings = settings or FaultSettings()
        self._random = random.Random(self._settings.random_seed)
        self._edits: dict[tuple[str, str, str], ConcurrentEdit] = {}
        self._tokens_not_before_ms = 0
        self.log: deque[dict[str, Any]] = deque(maxlen=2000)

    # -- switches ---------------------------------------------------------
    @property
    def settings(self) -> FaultSettings:
        with self._lock:
            return dataclasses.replace(self._settings)

    def set(self, **changes: Any) -> FaultSettings:
        """Change some switches, keep the rest; TypeError for bad names, ValueError for values."""
        changes = {name: _coerce(name, value) for name, value in changes.items()}
        with self._lock:
            updated = dataclasses.replace(self._settings, **changes)
            if updated.path_regex:
                re.compile(updated.path_regex)
            if "random_seed" in changes:
                self._random = random.Random(updated.random_seed)
            self._settings = updated
            return dataclasses.replace(updated)

    def reset(self) -> None:
        """All switches off, armed edits dropped, tokens untouched, log cleared."""
        with self._lock:
            self._settings = FaultSettings()
            self._random = random.Random()
            self._edits.clear()
            self.log.clear()

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            data = dataclasses.asdict(self._settings)
            data["armed_concurrent_edits"] = [
                {"job_id": j, "lang": lang, "kind": k} for (j, lang, k) in self._edits
            ]
            return data

    def plan(self, method: str, path: str) -> FaultPlan:
        """Decide the faults for one request, consuming any `*_next` counters."""
        with self._lock:
            s = self._settings
            if s.methods and method.upper() not in {m.upper() for m in s.methods}:
                return FaultPlan(latency_s=s.latency_ms / 1000)
            if s.path_regex and not re.search(s.path_regex, path):
                return FaultPlan(latency_s=s.latency_ms / 1000)
            plan: dict[str, Any] = {
                "latency_s": s.latency_ms / 1000,
                "retry_after_s": s.retry_after_s,
            }
            if self._take(s, "fail_next") or self._draw(s.error_rate):
                plan["error_status"] = self._random.choice(s.error_statuses or [500])
            elif self._take(s, "throttle_next") or self._draw(s.throttle_rate):
                plan["throttle"] = True
            elif self._take(s, "drop_before_next") or self._draw(s.drop_before_rate):
                plan["drop_before"] = True
            elif self._take(s, "drop_after_next") or self._draw(s.drop_after_rate):
                plan["drop_after"] = True
            elif self._take(s, "truncate_next"):
                plan["truncate_after_bytes"] = s.truncate_after_bytes
            return FaultPlan(**plan)

    def _take(self, s: FaultSettings, name: str) -> bool:
        remaining = getattr(s, name)
        if remaining > 0:
            setattr(s, name, remaining - 1)
            return True
        return False

    def _draw(self, rate: float) -> bool:
        return rate > 0 and self._random.random() < rate

    # -- tokens -------------------------------------------------------------
    def expire_access_tokens(self) -> None:
        """Every access token issued so far stops working now."""
        with self._lock:
            self._tokens_not_before_ms = int(time.time() * 1000) + 1

    @property
    def tokens_not_before_ms(self) -> int:
        with self._lock:
            return self._tokens_not_before_ms

    # -- concurrent editor ----------------------------------------------------
    def arm_concurrent_edit(
        self,
        job_id: str,
        lang: str,
        kind: str = "captions",
        content: str | None = None,
        author_id: str = "u-linguist2",
    ) -> None:
        """Before the next write to this track, someone else saves a version."""
        with self._lock:
            self._edits[(job_id, lang, kind)] = ConcurrentEdit(author_id, content)

    def take_concurrent_edit(self, job_id: str, lang: str, kind: str) -> ConcurrentEdit | None:
        with self._lock:
            return self._edits.pop((job_id, lang, kind), None)

    # -- log ------------------------------------------------------------------
    def record(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self.log.append(entry)

    def requests(self, method: str | None = None, path: str | None = None) -> list[dict[str, Any]]:
        """Logged requests, optionally filtered by method and exact path."""
        with self._lock:
            entries = list(self.log)
        return [
            e
            for e in entries
            if (method is None or e["method"] == method.upper())
            and (path is None or e["path"] == path)
        ]
