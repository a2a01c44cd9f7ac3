"""Structured mutations of real files, as hypothesis strategies.

Random bytes mostly fail at the first line; mutating a real file reaches the
deep parts of a reader (cue timings, header blocks, inline tags, variants).
Each mutation is one thing that happens to files in the wild: cut short,
a line lost or repeated, lines swapped, one byte corrupted, line ends
changed, a hostile line pasted in.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


@st.composite
def mutated(draw: st.DrawFn, originals: Sequence[bytes], pastes: Sequence[bytes]) -> bytes:
    """One of `originals`, changed by one to four mutations."""
    data = draw(st.sampled_from(list(originals)))
    for _ in range(draw(st.integers(1, 4))):
        data = draw(_one_mutation(data, pastes))
    return data


@st.composite
def _one_mutation(draw: st.DrawFn, data: bytes, pastes: Sequence[bytes]) -> bytes:
    lines = _lines(data)
    kind = draw(st.sampled_from(
        ["truncate", "drop_lines", "repeat_line", "swap_lines", "flip_byte", "line_ends",
         "paste", "paste"]))
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if kind == "flip_byte" and data:
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    if kind == "line_ends":
        newline = draw(st.sampled_from([b"\n", b"\r\n", b"\r", b""]))
        return b"".join(line.rstrip(b"\r\n") + newline for line in lines)
    at = draw(st.integers(0, len(lines) - 1))
    if kind == "drop_lines":
        count = draw(st.integers(1, 5))
        return b"".join(lines[:at] + lines[at + count :])
    if kind == "repeat_line":
        return b"".join(lines[: at + 1] + [lines[at]] * draw(st.integers(1, 50)) + lines[at + 1 :])
    if kind == "swap_lines":
        other = draw(st.integers(0, len(lines) - 1))
        lines[at], lines[other] = lines[other], lines[at]
        return b"".join(lines)
    paste = draw(st.sampled_from(list(pastes)))
    return b"".join([*lines[:at], paste, *lines[at:]])
