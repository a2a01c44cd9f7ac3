"""Opening a profile database: migrate it, connect, and recover from a crash.

The order matters. The schema is brought up to date (with a backup) before
any connection that expects the new schema exists, and outbox items left in
flight by a crash go back to pending before anything starts sending.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.paths import Profile
from app.storage.database import Database
from app.storage.outbox import Outbox
from app.storage.upgrade import upgrade_database

_log = logging.getLogger(__name__)


def open_database(path: Path) -> Database:
    """Open (creating, or migrating after a backup) the database at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    upgraded = upgrade_database(path)
    if upgraded.backup is not None:
        _log.info(
            "Upgraded %s from schema %s to %s; the old file is kept as %s",
            path,
            upgraded.from_revision,
            upgraded.to_revision,
            upgraded.backup,
        )
    database = Database(path)
    recovered = Outbox(database).recover_in_flight()
    if recovered:
        _log.info(
            "%d outbox items were interrupted while sending; they will be sent again", recovered
        )
    return database


def open_profile(profile: Profile) -> Database:
    """Open the database of a profile (see `app.paths.profile`)."""
    return open_database(profile.database_path)
