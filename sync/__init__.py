"""Talks to the accessible-video platform: API client, sign-in, outbox worker, downloads.

Knows the domain (`app`) and never a widget: it is plain asyncio, so the
window (through qasync), the command line and a child process all run the
same engine.

Layers, each knowing only the ones below it:

- `transport`: the one module that imports httpx (timeouts, retries,
  Retry-After, typed `errors`).
- `auth` (+ `secret_store`): sign-in, one refresh at a time, signed requests.
- `api` (+ `shapes`, `pages`): one method per platform endpoint, tolerant reading.
- `pull`, `push` (`track_upload`, `review_work_upload`, `track_merge`,
  `conflicts`), `worker`, `downloads`, `status_feed`: the engine.
- `session`: one profile and one server, put together; `command_line`: the
  functions behind `review-workstation sync|export|import`.
"""
