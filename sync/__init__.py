"""Talks to the accessible-video platform: API client, sign-in, outbox worker, downloads.

Knows the domain (`app`) and never a widget.
"""
