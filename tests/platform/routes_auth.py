"""`/auth`: login, refresh with a rotating HttpOnly cookie, logout."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel

from tests.platform.context import Emulator, EmulatorDep
from tests.platform.security import CurrentUser, User, load_user, unauthorized
from tests.platform.tokens import TokenError, verify_password

router = APIRouter(prefix="/auth", tags=["auth"])

COOKIE = "refresh_token"
# The cookie only travels to the auth routes, as on the platform.
COOKIE_PATH = "/api/v1/auth"


class LoginBody(BaseModel):
    email: str
    password: str


def _token_answer(emu: Emulator, user: User, response: Response, refresh: str) -> dict[str, Any]:
    access, expires_at = emu.tokens.issue_access(user.id, user.role)
    response.set_cookie(
        COOKIE,
        refresh,
        max_age=int(emu.config.refresh_token_ttl_s),
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
    )
    response.headers["Cache-Control"] = "no-store"
    return {
        "access_token": access,
        "token_type": "bearer",
        # Not in the seed's example; handy for clients that refresh ahead of expiry.
        "expires_in": round(expires_at - time.time(), 3),
        "user": user.public(),
    }


@router.post("/login")
def login(body: LoginBody, response: Response, emu: EmulatorDep) -> dict[str, Any]:
    row = emu.store.one(
        "SELECT id, password_hash FROM users WHERE lower(email) = lower(?)", (body.email,)
    )
    if row is None or not verify_password(body.password, row["password_hash"]):
        raise HTTPException(401, "Invalid email or password")
    user = load_user(emu, row["id"])
    assert user is not None
    return _token_answer(emu, user, response, emu.tokens.issue_refresh(user.id))


@router.post("/refresh")
def refresh(request: Request, response: Response, emu: EmulatorDep) -> Any:
    raw = request.cookies.get(COOKIE)
    if not raw:
        raise unauthorized("No refresh token")
    try:
        user_id, successor = emu.tokens.rotate_refresh(raw)
    except TokenError as exc:
        raise unauthorized(str(exc)) from exc
    user = load_user(emu, user_id)
    if user is None:
        raise unauthorized("User no longer exists")
    return _token_answer(emu, user, response, successor)


@router.post("/logout", status_code=204)
def logout(
    request: Request,
    user: CurrentUser,
    emu: EmulatorDep,
) -> Response:
    # Bearer required (seed), so a stolen cookie alone cannot end a session.
    raw = request.cookies.get(COOKIE)
    if raw:
        emu.tokens.revoke_refresh(raw)
    answer = Response(status_code=204)
    answer.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="lax")
    return answer
