"""Passwords, access tokens and rotating refresh tokens.

Access tokens are HS256 JWTs made with the standard library, because the real
platform hands out `eyJ...` tokens and a client should be tested against the
same look (while treating them as opaque). Refresh tokens are random strings
stored hashed, grouped in families: each refresh revokes the presented token
and issues its successor in the same family; presenting a revoked one means it
was stolen or replayed, so the whole family is revoked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import uuid
from dataclasses import dataclass
from typing import Any, Protocol

from tests.platform.store import Store

_PBKDF2_ROUNDS = 10_000  # demo accounts only: cheap on purpose, tests log in a lot


class _Clock(Protocol):
    @property
    def tokens_not_before_ms(self) -> int: ...

    @property
    def settings(self) -> Any: ...


class TokenError(Exception):
    """The presented token is not acceptable; the message is the 401 detail."""


@dataclass(frozen=True)
class AccessClaims:
    user_id: str
    role: str
    expires_at: float


def hash_password(password: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(8)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), _PBKDF2_ROUNDS)
    return f"pbkdf2${salt}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        _, salt, _ = stored.split("$", 2)
    except ValueError:
        return False
    return hmac.compare_digest(hash_password(password, salt), stored)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenService:
    """Issues and checks tokens; its secret lives in the database's settings."""

    def __init__(
        self, store: Store, faults: _Clock, access_ttl_s: float, refresh_ttl_s: float
    ) -> None:
        self._store = store
        self._faults = faults
        self._access_ttl_s = access_ttl_s
        self._refresh_ttl_s = refresh_ttl_s
        secret = store.setting("token_secret")
        if secret is None:
            # Kept in the data dir so tokens survive a restart of a manual server.
            secret = secrets.token_hex(32)
            store.set_setting("token_secret", secret)
        self.secret = bytes.fromhex(secret)

    # -- access tokens ----------------------------------------------------------
    def access_ttl_s(self) -> float:
        override = self._faults.settings.access_token_ttl_s
        return float(override) if override is not None else self._access_ttl_s

    def issue_access(self, user_id: str, role: str) -> tuple[str, float]:
        now = time.time()
        expires_at = now + self.access_ttl_s()
        payload = {
            "sub": user_id,
            "role": role,
            "iat": int(now),
            # Millisecond claims so sub-second lifetimes work in fast tests.
            "iat_ms": int(now * 1000),
            "exp": int(expires_at),
            "exp_ms": int(expires_at * 1000),
            "jti": uuid.uuid4().hex,
            "typ": "access",
        }
        return self._sign(payload), expires_at

    def _sign(self, payload: dict[str, Any]) -> str:
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        signing_input = f"{header}.{body}".encode()
        signature = _b64(hmac.new(self.secret, signing_input, hashlib.sha256).digest())
        return f"{header}.{body}.{signature}"

    def _verified_payload(self, token: str) -> dict[str, Any]:
        try:
            header, body, signature = token.split(".")
        except ValueError as exc:
            raise TokenError("Malformed token") from exc
        expected = hmac.new(self.secret, f"{header}.{body}".encode(), hashlib.sha256).digest()
        try:
            valid = hmac.compare_digest(_unb64(signature), expected)
            payload: dict[str, Any] = json.loads(_unb64(body))
        except ValueError as exc:
            raise TokenError("Malformed token") from exc
        if not valid:
            raise TokenError("Invalid token signature")
        return payload

    def decode_access(self, token: str) -> AccessClaims:
        payload = self._verified_payload(token)
        now_ms = time.time() * 1000
        if payload.get("typ") != "access":
            raise TokenError("Not an access token")
        if payload["exp_ms"] <= now_ms:
            raise TokenError("Access token expired")
        if payload["iat_ms"] < self._faults.tokens_not_before_ms:
            raise TokenError("Access token expired")
        return AccessClaims(payload["sub"], payload["role"], payload["exp_ms"] / 1000)

    def subject_of(self, token: str) -> str | None:
        """The user a well-signed token names, expired or not (for idempotency scopes)."""
        try:
            return str(self._verified_payload(token)["sub"])
        except (TokenError, KeyError):
            return None

    # -- refresh tokens -----------------------------------------------------------
    @staticmethod
    def _hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    def issue_refresh(self, user_id: str, family_id: str | None = None) -> str:
        raw = secrets.token_urlsafe(32)
        now = time.time()
        self._store.execute(
            "INSERT INTO refresh_tokens (token_hash, user_id, family_id, expires_at, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                self._hash(raw),
                user_id,
                family_id or uuid.uuid4().hex,
                now + self._refresh_ttl_s,
                now,
            ),
        )
        return raw

    def rotate_refresh(self, raw: str) -> tuple[str, str]:
        """Spend a refresh token: returns (user_id, successor). Reuse kills the family."""
        # The error is raised after the transaction: raising inside would roll
        # back the family revocation that reuse detection must keep.
        error: str | None = None
        with self._store.tx() as db:
            row = db.one("SELECT * FROM refresh_tokens WHERE token_hash = ?", (self._hash(raw),))
            if row is None:
                error = "Unknown refresh token"
            elif row["revoked"]:
                db.execute(
                    "UPDATE refresh_tokens SET revoked = 1 WHERE family_id = ?", (row["family_id"],)
                )
                error = "Refresh token reuse detected; all sessions of this login revoked"
            elif row["expires_at"] <= time.time():
                error = "Refresh token expired"
            else:
                successor = self.issue_refresh(row["user_id"], row["family_id"])
                db.execute(
                    "UPDATE refresh_tokens SET revoked = 1, replaced_by = ? WHERE token_hash = ?",
                    (self._hash(successor), row["token_hash"]),
                )
                return row["user_id"], successor
        raise TokenError(error)

    def revoke_refresh(self, raw: str) -> None:
        self._store.execute(
            "UPDATE refresh_tokens SET revoked = 1 WHERE token_hash = ?", (self._hash(raw),)
        )
