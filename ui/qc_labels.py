"""How the queue and the QC board write languages, people, dates and roles for people.

Codes and ISO times are what the server sends; the tables show words
("French (fr)", "1 May 2026 10:00, overdue"), and keep the raw value for
sorting so a date column sorts by time, not by its text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QTableView

_ROLE_WORDS = {
    "linguist": "Linguist",
    "reviewer": "Reviewer",
    "production": "Production",
    "project_manager": "Project manager",
    "admin": "Admin",
    "client": "Client",
}


def sentence(text: str) -> str:
    """First letter up, the rest as it is ('in QC' -> 'In QC', unlike str.capitalize)."""
    return text[:1].upper() + text[1:]


def compact_rows(view: QTableView) -> None:
    """Rows as tall as a line of text and a little air, so a page fits more of them."""
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)


def language_label(code: str) -> str:
    """'French (fr)'; a code Qt does not know stays as it came."""
    locale = QLocale(code)
    if locale.language() == QLocale.Language.C or not code:
        return code
    name = QLocale.languageToString(locale.language())
    return f"{name} ({code})" if name else code


def role_label(role: str) -> str:
    return _ROLE_WORDS.get(role, role.replace("_", " ").capitalize())


def person_label(person: Mapping[str, Any] | None) -> str:
    """A person's name from `{id, name}`; 'Nobody yet' when no one is assigned."""
    if not person:
        return "Nobody yet"
    return str(person.get("name") or person.get("email") or person.get("id") or "Someone")


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def due_label(value: str | None, now: datetime | None = None) -> str:
    """'1 May 2026 10:00 (overdue)' in UTC; 'No due date' when there is none."""
    when = parse_time(value)
    if when is None:
        return value or "No due date"
    text = when.astimezone(UTC).strftime("%-d %b %Y %H:%M")
    if when < (now or datetime.now(UTC)):
        return f"{text} (overdue)"
    return text


def time_label(value: str | None) -> str:
    when = parse_time(value)
    return "" if when is None else when.astimezone(UTC).strftime("%-d %b %Y %H:%M")
