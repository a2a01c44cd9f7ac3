"""Column types that keep SQLite's loose typing from changing what we stored.

JSON goes in TEXT columns so SQLite's type affinity never turns a JSON text
like `5` into an integer, and timestamps are stored as fixed-width ISO 8601
UTC text so they sort as text and read back as aware datetimes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def utc_now() -> datetime:
    """The current time as an aware UTC datetime, the only kind the database accepts."""
    return datetime.now(UTC)


class JSONText(TypeDecorator[Any]):
    """Any JSON value, stored as compact text (SQL NULL for None)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return json.loads(value)


class UtcTimestamp(TypeDecorator[datetime]):
    """An aware datetime stored as `YYYY-MM-DDTHH:MM:SS.ffffffZ`; naive datetimes are refused."""

    impl = String(27)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            # A naive time would silently mean "local time" on one machine
            # and UTC on another.
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC).strftime(_TIMESTAMP_FORMAT)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return datetime.strptime(value, _TIMESTAMP_FORMAT).replace(tzinfo=UTC)
