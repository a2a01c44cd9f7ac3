"""Long, bounded soak runs of the sync engine against the misbehaving emulator."""
