"""Reading every page of a list, in either of the two pagination styles met in the wild.

The platform pages as `{items, total, page, size}` (page from 1). Other
servers answer `{count, next, previous, results}` with `next` a full URL.
A bare JSON list is one complete page. A page limit stops a server whose
totals never add up from keeping the client in a loop.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sync.errors import UnexpectedAnswer
from sync.shapes import whole_number

# (path or absolute URL, query parameters) -> decoded JSON body
FetchPage = Callable[[str, Mapping[str, Any] | None], Awaitable[Any]]

MAX_PAGES = 500


@dataclass(frozen=True, slots=True)
class Page:
    items: list[Any]
    has_more: bool
    next_url: str | None


def read_page(body: Any, page: int, size: int) -> Page:
    """One page's items and whether (and where) the list goes on."""
    if isinstance(body, list):
        return Page(body, False, None)
    if not isinstance(body, Mapping):
        raise UnexpectedAnswer("The server sent a list in a shape this client does not know")
    if isinstance(body.get("results"), list):
        next_url = body.get("next")
        next_url = next_url if isinstance(next_url, str) and next_url else None
        return Page(list(body["results"]), next_url is not None, next_url)
    items = body.get("items")
    if not isinstance(items, list):
        raise UnexpectedAnswer("The server sent a list without its items")
    total = _int(body.get("total"))
    page_number = _int(body.get("page")) or page
    page_size = _int(body.get("size")) or size
    if total is not None:
        has_more = page_number * page_size < total and bool(items)
    else:
        has_more = len(items) >= page_size > 0
    return Page(list(items), has_more, None)


async def every_item(
    fetch: FetchPage, path: str, params: Mapping[str, Any] | None = None, size: int = 100
) -> list[Any]:
    """All items of a paginated list."""
    collected: list[Any] = []
    page_number = 1
    next_url: str | None = None
    for _ in range(MAX_PAGES):
        if next_url is not None:
            body = await fetch(next_url, None)
        else:
            body = await fetch(path, {**(params or {}), "page": page_number, "size": size})
        page = read_page(body, page_number, size)
        collected += page.items
        if not page.has_more:
            break
        next_url = page.next_url
        page_number += 1
    return collected


def _int(value: Any) -> int | None:
    # "²" passes str.isdigit() but not int(): the shared reader lets int() decide.
    return whole_number(value)
