"""The platform's roles, and the words the workflow uses for them in reasons."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    CLIENT = "client"
    LINGUIST = "linguist"
    REVIEWER = "reviewer"
    PRODUCTION = "production"
    PROJECT_MANAGER = "project_manager"
    ADMIN = "admin"


# The staff who hand out languages (the emulator's STAFF); linguists and
# reviewers only work on what they are given.
ASSIGNERS: frozenset[Role] = frozenset({Role.PROJECT_MANAGER, Role.PRODUCTION, Role.ADMIN})

_NAMES: dict[Role, str] = {
    Role.CLIENT: "a client",
    Role.LINGUIST: "a linguist",
    Role.REVIEWER: "a reviewer",
    Role.PRODUCTION: "production",
    Role.PROJECT_MANAGER: "a project manager",
    Role.ADMIN: "an admin",
}


def parse_role(value: str | Role) -> Role | None:
    """The role, or None for one this client does not know.

    A role added on the server later must not crash the window; it simply
    gets no permissions here, and the server stays the judge.
    """
    try:
        return Role(value)
    except ValueError:
        return None


def describe(roles: Iterable[Role]) -> str:
    """'a project manager, production or an admin', in the Role order."""
    wanted = set(roles)
    names = [_NAMES[role] for role in Role if role in wanted]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} or {names[-1]}"
