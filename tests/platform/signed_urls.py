"""Signed, expiring download URLs: HMAC-SHA256 over the path and the expiry.

Like a cloud-storage signed URL, the link itself is the credential (no bearer
header), so a download can be resumed by a plain HTTP client until it expires.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import UTC, datetime


def signature(secret: bytes, path: str, expires: int) -> str:
    return hmac.new(secret, f"{path}\n{expires}".encode(), hashlib.sha256).hexdigest()


def sign(secret: bytes, path: str, ttl_s: float) -> tuple[str, str]:
    """Returns (path with query, ISO expiry)."""
    expires = int(time.time() + ttl_s)
    query = f"expires={expires}&signature={signature(secret, path, expires)}"
    iso = datetime.fromtimestamp(expires, UTC).isoformat().replace("+00:00", "Z")
    return f"{path}?{query}", iso


def check(secret: bytes, path: str, expires: int, given: str) -> str | None:
    """None when valid, else the reason it is not."""
    if not hmac.compare_digest(signature(secret, path, expires), given):
        return "Invalid signature"
    if expires < time.time():
        return "Signed URL expired"
    return None
