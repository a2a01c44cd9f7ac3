"""Secrets never survive scrubbing, in every form an exception message may quote them."""

from __future__ import annotations

import pytest

from app.secret_scrubbing import REMOVED, scrub_secrets

JWT = ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJyZXZpZXdlci0xIn0."
       "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")


@pytest.mark.parametrize(("text", "secret"), [
    ("Authorization: Bearer SECRET-ACCESS-1", "SECRET-ACCESS-1"),
    ("authorization = Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"),
    ('headers={"Authorization": "Bearer SECRET-2", "Accept": "json"}', "SECRET-2"),
    ("{'Cookie': 'refresh_token=SECRET-3'}", "SECRET-3"),
    ("Set-Cookie: refresh_token=SECRET-4; HttpOnly; Path=/auth", "SECRET-4"),
    ('{"email": "a@example.org", "password": "hunter2"}', "hunter2"),
    ("{'access_token': 'SECRET-5', 'token_type': 'bearer'}", "SECRET-5"),
    ("GET wss://host/ws/status?token=SECRET-6&since=3", "SECRET-6"),
    ("login failed for password=SECRET-7 (server said 401)", "SECRET-7"),
    (f"token rejected: {JWT}", JWT),
    ("sent bearer SECRET-8 to the server", "SECRET-8"),
    ('{"api_key": "SECRET-9"}', "SECRET-9"),
    ('{"refresh_token": "with \\"quotes\\" SECRET-10"}', "SECRET-10"),
])
def test_secrets_are_removed(text: str, secret: str) -> None:
    scrubbed = scrub_secrets(text)
    assert secret not in scrubbed
    assert REMOVED in scrubbed


def test_ordinary_words_and_the_names_of_secrets_stay() -> None:
    text = ('File "sync/auth.py", line 86, in renew: the token expired; '
            '{"email": "a@example.org", "token_type": "bearer"}')
    scrubbed = scrub_secrets(text)
    assert "a@example.org" in scrubbed
    assert 'sync/auth.py", line 86, in renew: the token expired' in scrubbed
    assert scrub_secrets("Authorization: Bearer X").startswith("Authorization: ")
