"""Remove secrets from text before it goes into a log file or a crash report.

A crash report is copied into emails and tickets, so it must never carry
what would let a reader act as the person: access tokens, refresh cookies,
passwords, Authorization headers, API keys. The rules look at *names*
(`password=…`, `"access_token": "…"`, `Authorization: …`) and at the
*shape* of tokens that turn up without a name (JWTs, `Bearer …`), because
an exception message may quote a request or a dict in any of these forms.

Scrubbing keeps the name and replaces the value with `[removed]`, so a
reader still sees *that* a token was involved.
"""

from __future__ import annotations

import re

REMOVED = "[removed]"

# Names whose values are secrets wherever they appear (as JSON keys, Python
# dict keys, query parameters, cookies or `name=value` in a message).
_SECRET_NAMES = (
    r"access_token|refresh_token|id_token|token|password|passwd|secret|client_secret"
    r"|api[_-]?key|session(?:id)?|auth"
)

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Whole header lines: everything after the colon is secret (scheme included).
    (re.compile(r"(?im)\b((?:proxy-)?authorization|cookie|set-cookie)(\s*[:=]\s*)"
                r"(?:(['\"])(?:(?!\3).)*\3|[^\r\n]+)"),
     rf"\1\2{REMOVED}"),
    # "name": "value" / 'name': 'value' (JSON, Python reprs), and headers in a dict repr.
    (re.compile(rf"(?i)(['\"](?:{_SECRET_NAMES}|authorization|cookie)['\"]\s*:\s*)"
                r"(['\"])(?:\\.|(?!\2).)*\2"),
     rf"\1'{REMOVED}'"),
    # name=value in query strings, cookies and log messages.
    (re.compile(rf"(?i)\b({_SECRET_NAMES})=([^\s&;,'\")\]}}]+)"), rf"\1={REMOVED}"),
    # Bearer tokens quoted without their header name.
    (re.compile(r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]+"), f"Bearer {REMOVED}"),
    # JSON Web Tokens anywhere (three base64url parts, the first one a JSON header).
    (re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"), REMOVED),
)


def scrub_secrets(text: str) -> str:
    """`text` with every recognised secret replaced by `[removed]`."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return text
