"""Platform emulator: a real HTTP server that speaks the platform API, for tests.

FastAPI + SQLite on loopback, implementing the routes of
`shared/platform-api.md` with seed data from `resources/demo`, plus fault
injection. Start it in-process with `server.PlatformServer` or the
`platform_server` fixture (`fixtures.py`), or by hand with
`python -m tests.platform serve --port 8012 --data DIR`. See README.md.
"""
