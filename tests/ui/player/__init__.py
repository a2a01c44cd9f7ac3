"""Tests of the video player: clock, caption overlay, both back ends, the widget."""
