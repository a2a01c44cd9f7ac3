"""The Review Workstation's domain: cues, tracks, QC rules and the local database.

Nothing in this package imports Qt or talks to the network, so every rule can be
tested without a display or a server.
"""

__version__ = "0.1.0"
