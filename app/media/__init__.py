"""What the workstation learns from a media file: audio peaks and shot changes (via ffmpeg)."""
