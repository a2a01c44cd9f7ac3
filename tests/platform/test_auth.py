"""Login, refresh rotation with theft detection, logout, expiring access tokens."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.platform.fixtures import ServerFactory
from tests.platform.seed import DEMO_PASSWORD, USERS, SeedUser
from tests.platform.server import PlatformServer


def _login(client: httpx.Client, email: str = "linguist@demo.test") -> httpx.Response:
    return client.post("/auth/login", json={"email": email, "password": DEMO_PASSWORD})


def _use_cookie(client: httpx.Client, value: str) -> None:
    client.cookies.clear()
    client.cookies.set("refresh_token", value)


@pytest.mark.parametrize("user", USERS, ids=lambda u: u.role + ":" + u.email)
def test_every_demo_account_logs_in(platform_server: PlatformServer, user: SeedUser) -> None:
    with platform_server.client() as client:
        answer = _login(client, user.email)
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "bearer"
    assert body["access_token"].startswith("eyJ")
    assert body["user"] == {
        "id": user.id,
        "email": user.email,
        "role": user.role,
        "name": user.name,
    }
    cookie = answer.headers["set-cookie"]
    assert "refresh_token=" in cookie and "HttpOnly" in cookie and "Path=/api/v1/auth" in cookie


def test_wrong_password_and_missing_token_are_401(platform_server: PlatformServer) -> None:
    with platform_server.client() as client:
        bad = client.post("/auth/login", json={"email": "pm@demo.test", "password": "nope"})
        assert bad.status_code == 401
        assert bad.json() == {"detail": "Invalid email or password"}
        assert client.post("/auth/login", json={"email": "pm@demo.test"}).status_code == 422
        anonymous = client.get("/jobs")
        assert anonymous.status_code == 401
        assert anonymous.headers["www-authenticate"] == "Bearer"
        forged = client.get("/jobs", headers={"Authorization": "Bearer abc.def.ghi"})
        assert forged.status_code == 401


def test_refresh_rotates_the_cookie_and_reuse_revokes_the_family(
    platform_server: PlatformServer,
) -> None:
    with platform_server.client() as client:
        _login(client)
        first = client.cookies["refresh_token"]
        rotated = client.post("/auth/refresh")
        assert rotated.status_code == 200
        second = client.cookies["refresh_token"]
        assert second != first
        token = rotated.json()["access_token"]
        assert client.get("/jobs", headers={"Authorization": f"Bearer {token}"}).status_code == 200

        # An attacker (or a confused client) replays the spent cookie...
        _use_cookie(client, first)
        replay = client.post("/auth/refresh")
        assert replay.status_code == 401
        assert "reuse" in replay.json()["detail"]
        # ...so the legitimate, unspent successor is dead too.
        _use_cookie(client, second)
        after = client.post("/auth/refresh")
        assert after.status_code == 401


def test_refresh_without_cookie_is_401(platform_server: PlatformServer) -> None:
    with platform_server.client() as client:
        assert client.post("/auth/refresh").status_code == 401


def test_logout_revokes_the_refresh_token(platform_server: PlatformServer) -> None:
    with platform_server.client() as client:
        platform_server.http_login(client, "reviewer@demo.test")
        cookie = client.cookies["refresh_token"]
        assert client.post("/auth/logout").status_code == 204
        _use_cookie(client, cookie)
        again = client.post("/auth/refresh")
        assert again.status_code == 401


def test_short_lived_access_token_expires_then_refresh_works(
    platform_server: PlatformServer,
) -> None:
    platform_server.faults.set(access_token_ttl_s=0.6)
    with platform_server.client() as client:
        token = platform_server.http_login(client, "linguist@demo.test")
        assert client.get("/jobs").status_code == 200
        time.sleep(0.7)
        expired = client.get("/jobs")
        assert expired.status_code == 401
        assert expired.json()["detail"] == "Access token expired"
        platform_server.faults.set(access_token_ttl_s=None)
        fresh = client.post("/auth/refresh").json()["access_token"]
        assert fresh != token
        client.headers["Authorization"] = f"Bearer {fresh}"
        assert client.get("/jobs").status_code == 200


def test_expire_access_tokens_now(platform_server: PlatformServer) -> None:
    with platform_server.client("pm@demo.test") as client:
        assert client.get("/jobs").status_code == 200
        platform_server.faults.expire_access_tokens()
        assert client.get("/jobs").status_code == 401
        client.headers.update(platform_server.auth_headers("pm@demo.test"))
        assert client.get("/jobs").status_code == 200


def test_server_wide_token_lifetime(platform_server_factory: ServerFactory) -> None:
    server = platform_server_factory(access_token_ttl_s=0.2)
    with server.client() as client:
        body = _login(client).json()
        assert body["expires_in"] <= 0.2
        client.headers["Authorization"] = f"Bearer {body['access_token']}"
        time.sleep(0.3)
        assert client.get("/jobs").status_code == 401
