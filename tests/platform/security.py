"""Who is calling and what they may touch: bearer auth, role checks, job visibility.

401 means "no valid access token" (the client should refresh once and retry);
403 means "valid token, wrong role" (final, never retried); a job the caller
may not see answers 404, as the platform does not reveal what it hides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from tests.platform.context import Emulator, EmulatorDep
from tests.platform.tokens import TokenError

ROLES = ("client", "linguist", "reviewer", "production", "project_manager", "admin")
STAFF = ("project_manager", "production", "admin")


@dataclass(frozen=True)
class User:
    id: str
    email: str
    name: str
    role: str
    client_id: str | None

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "email": self.email, "role": self.role, "name": self.name}

    def ref(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name}


def load_user(emu: Emulator, user_id: str) -> User | None:
    row = emu.store.one(
        "SELECT id, email, name, role, client_id FROM users WHERE id = ?", (user_id,)
    )
    return User(**row) if row else None


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})


def user_from_token(emu: Emulator, token: str) -> User:
    try:
        claims = emu.tokens.decode_access(token)
    except TokenError as exc:
        raise unauthorized(str(exc)) from exc
    user = load_user(emu, claims.user_id)
    if user is None:
        raise unauthorized("User no longer exists")
    return user


def current_user(request: Request, emu: EmulatorDep) -> User:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise unauthorized("Not authenticated")
    return user_from_token(emu, token.strip())


CurrentUser = Annotated[User, Depends(current_user)]


def ensure_role(user: User, *roles: str) -> None:
    """403 unless the caller's role is one of `roles`."""
    if user.role not in roles:
        raise HTTPException(403, f"Role '{user.role}' may not do this")


def visible_job(emu: Emulator, job_id: str, user: User) -> dict[str, Any]:
    """The job row, or 404 when it does not exist or the caller may not see it."""
    row = emu.store.one("SELECT * FROM jobs WHERE id = ?", (job_id,))
    if row is None or (user.role == "client" and row["client_id"] != user.client_id):
        raise HTTPException(404, "Job not found")
    return row
