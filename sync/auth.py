"""Signing in, keeping the session alive, and signed requests.

The access token lives in memory only. The refresh token arrives as the
`refresh_token` HttpOnly cookie and is kept in the secret store (the OS
keyring), so the next run can resume without a password.

On a 401 the request is retried once after one refresh. The platform
rotates refresh tokens and treats a spent token presented again as theft,
revoking the whole login; so only one refresh runs at a time (an
`asyncio.Lock`), and a request that waited for it reuses the token the
other refresh got instead of spending the refresh token again. The rotated
refresh token is stored before the new access token is used: were the
order reversed, a crash in between would leave only the spent token on
disk, and the next run would be signed out as a thief.

A refresh the server refuses raises `SignInRequired`; nothing queued is
dropped, the worker pauses until someone signs in again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from sync.errors import HttpError, SignInRequired, Unauthorized
from sync.secret_store import SecretStore
from sync.shapes import SignedInUser, mapping, required_text
from sync.transport import Response, Transport

_log = logging.getLogger(__name__)

REFRESH_COOKIE = "refresh_token"


class Authenticator:
    """The session of one person on one server; use `request` for every signed call."""

    def __init__(self, transport: Transport, secrets: SecretStore, account: str) -> None:
        self._transport = transport
        self._secrets = secrets
        self._account = account
        self._access_token: str | None = None
        self._refresh_token: str | None = None
        self._lock = asyncio.Lock()
        self.user: SignedInUser | None = None
        self.refresh_count = 0

    @property
    def signed_in(self) -> bool:
        return self._access_token is not None

    @property
    def memory_only_reason(self) -> str | None:
        """Why the session will not survive a restart (no usable keyring), or None."""
        return self._secrets.memory_only_reason

    async def sign_in(self, email: str, password: str) -> SignedInUser:
        """Log in with a password; raises `SignInRequired` with the server's reason if refused."""
        try:
            answer = await self._transport.request(
                "POST", "/auth/login", json={"email": email, "password": password}
            )
        except HttpError as error:
            if error.status in (400, 401, 403, 422):
                raise SignInRequired(error.detail) from None
            raise
        async with self._lock:
            await self._accept(answer)
        assert self.user is not None
        return self.user

    async def resume(self) -> SignedInUser:
        """Resume the stored session (one refresh); `SignInRequired` if there is none."""
        await self.renew(stale=self._access_token)
        if self.user is None:
            raise SignInRequired("The server did not say who is signed in")
        return self.user

    async def sign_out(self) -> None:
        """Revoke the session on the server when reachable, and forget it here in any case."""
        token, refresh = self._access_token, await self._current_refresh_token()
        try:
            if token is not None:
                headers = {"Authorization": f"Bearer {token}"}
                if refresh:
                    headers["Cookie"] = f"{REFRESH_COOKIE}={refresh}"
                await self._transport.request("POST", "/auth/logout", headers=headers)
        except Exception as error:  # signing out must work offline too
            _log.info("Could not tell the server about the sign-out: %s", error)
        finally:
            await self._forget()

    async def access_token(self) -> str:
        """A current access token (for the status WebSocket), refreshing when there is none."""
        return self._access_token or await self.renew(stale=None)

    async def renew(self, stale: str | None) -> str:
        """Get a new access token unless someone already replaced `stale`; one at a time."""
        async with self._lock:
            if self._access_token is not None and self._access_token != stale:
                return self._access_token
            refresh = await self._current_refresh_token()
            if not refresh:
                raise SignInRequired("Not signed in")
            try:
                answer = await self._transport.request(
                    "POST", "/auth/refresh", headers={"Cookie": f"{REFRESH_COOKIE}={refresh}"}
                )
            except HttpError as error:
                if error.is_final or error.status == 401:
                    await self._forget()
                    raise SignInRequired(f"Please sign in again: {error.detail}") from None
                raise
            self.refresh_count += 1
            await self._accept(answer)
            assert self._access_token is not None
            return self._access_token

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotency_key: str | None = None,
    ) -> Response:
        """A signed request: on a 401, refresh once and retry once."""
        token = self._access_token or await self.renew(stale=None)
        try:
            return await self._send(method, path, token, params, json, idempotency_key)
        except Unauthorized:
            fresh = await self.renew(stale=token)
        try:
            return await self._send(method, path, fresh, params, json, idempotency_key)
        except Unauthorized as error:
            self._access_token = None
            raise SignInRequired(f"The server refused a fresh session: {error.detail}") from None

    async def _send(
        self,
        method: str,
        path: str,
        token: str,
        params: Mapping[str, Any] | None,
        json: Any,
        idempotency_key: str | None,
    ) -> Response:
        return await self._transport.request(
            method,
            path,
            params=params,
            json=json,
            headers={"Authorization": f"Bearer {token}"},
            idempotency_key=idempotency_key,
        )

    async def _accept(self, answer: Response) -> None:
        """Take a login or refresh answer: store the rotated refresh token, then use the access."""
        body = mapping(answer.json(), "a sign-in answer")
        access = required_text(body, "access_token", "a sign-in answer")
        rotated = answer.cookies.get(REFRESH_COOKIE)
        if rotated:
            self._refresh_token = rotated
            await self._secrets.set(self._account, rotated)
        if body.get("user") is not None:
            self.user = SignedInUser.from_json(body["user"])
        self._access_token = access

    async def _current_refresh_token(self) -> str | None:
        if self._refresh_token is None:
            self._refresh_token = await self._secrets.get(self._account)
        return self._refresh_token

    async def _forget(self) -> None:
        self._access_token = None
        self._refresh_token = None
        await self._secrets.delete(self._account)
