"""The Qt desktop: windows, item models over the domain, the player, undo adapters."""
