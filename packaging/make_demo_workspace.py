"""Build the bundled demo workspace in ``resources/demo/``.

Run from the repository root::

    .venv/bin/python packaging/make_demo_workspace.py

It needs ``ffmpeg``/``ffprobe`` (with libx264, and libfreetype for the burned-in
text) and ``espeak-ng`` on PATH, plus webvtt-py in the interpreter. Everything
is generated from ffmpeg test sources and espeak-ng speech, so the result is
deterministic for a given ffmpeg/espeak-ng build and re-running it overwrites
the previous output.

Layout of the demo job (times are computed, the gaps and cuts are fixed):

* six scenes separated by hard cuts at known frame-aligned times;
* eight spoken lines from two espeak-ng voices, placed with fixed gaps after
  each other; each clip is trimmed to its audible samples so its measured
  length *is* the speech interval;
* English captions that follow the speech exactly, a French translation that
  merges two lines and splits another, and an English audio-description track
  whose cues sit in the silences; one description is too long for its gap and
  gets a suggested extended-AD pause point in the manifest.

The script validates its own output at the end (ffprobe duration, ffmpeg
scene detection against the known cuts, webvtt-py parsing) and exits non-zero
when anything is off.
"""

from __future__ import annotations

import array
import itertools
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import webvtt

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "resources" / "demo"

WIDTH, HEIGHT = 640, 360
FPS = 25
FRAME_MS = 1000 // FPS  # 40
DURATION_MS = 48_000
SAMPLE_RATE = 48_000
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# espeak-ng settings: dialogue and the (not mixed) description voice used only
# to measure how long each description takes to say.
SPEECH_RATE_WPM = 160
DESCRIPTION_VOICE = "en-gb"
DESCRIPTION_RATE_WPM = 175
SILENCE_THRESHOLD = 328  # about -40 dBFS on 16-bit samples

CAPTION_TAIL_MS = 200  # caption stays up a little after the speech ends
MIN_CUE_GAP_MS = 2 * FRAME_MS  # at least two frames between captions
DESCRIPTION_LEAD_MS = 200  # margin between speech (or a cut) and a description
SCENE_THRESHOLD = 0.3


@dataclass(frozen=True)
class Scene:
    label: str
    source: str  # lavfi source, without size/rate
    frames: int


SCENES: tuple[Scene, ...] = (
    Scene("Colour bars", "smptebars", 200),  # 0.0 - 8.0 s
    Scene("Test pattern", "testsrc2", 180),  # 8.0 - 15.2 s
    Scene("Fractal", "mandelbrot=maxiter=400", 195),  # 15.2 - 23.0 s
    Scene("Cream", "color=c=0xf3e9c6", 175),  # 23.0 - 30.0 s
    Scene("RGB stripes", "rgbtestsrc", 215),  # 30.0 - 38.6 s
    Scene("Gradient", "gradients=c0=0x0b6e4f:c1=0xf2a541:nb_colors=2:seed=7:speed=0.015", 235),
)

VOICES = {"Sam": "en-us", "Nadia": "en+f3"}


@dataclass(frozen=True)
class Line:
    speaker: str
    text: str  # what espeak-ng says
    gap_before_ms: int  # silence before this line (for the first line: its start)
    caption_en: str  # cue payload, may hold markup and a line break
    cue_id: str = ""
    cue_settings: str = ""


LINES: tuple[Line, ...] = (
    Line(
        "Sam",
        "Welcome to the review workstation demo.",
        2400,
        "Welcome to the review\nworkstation demo.",
        cue_id="welcome",
    ),
    Line(
        "Nadia",
        "Thanks. Let's check the captions against the picture.",
        800,
        "<v Nadia>Thanks. Let's check the captions\nagainst the picture.</v>",
    ),
    Line(
        "Sam",
        "These patterns help us line up sound and picture.",
        5000,
        "These patterns help us line up\nsound and picture.",
    ),
    Line(
        "Nadia",
        "Look, the picture just changed.",
        1200,
        "<i>Look,</i> the picture just changed.",
        cue_id="look",
    ),
    Line(
        "Sam",
        "Every cut in this video happens at a known time.",
        3400,
        "Every cut in this video\nhappens at a known time.",
    ),
    Line(
        "Sam",
        "So the shot changes should land on the right frames.",
        600,
        "So the shot changes should land\non the right frames.",
        cue_id="shot-changes",
        cue_settings="line:10% align:start",
    ),
    Line(
        "Nadia",
        "If the words and the voices line up, we can approve the job.",
        4800,
        "<v Nadia>If the words and the voices line up,\nwe can approve the job.</v>",
        cue_id="approve",
    ),
    Line(
        "Sam",
        "Great. Then let's send it back to the platform.",
        1000,
        "Great. Then let's send it\nback to the platform.",
    ),
)


@dataclass(frozen=True)
class FrenchCue:
    lines: tuple[int, ...]  # indices of LINES this cue covers
    text: str
    part: int = 0  # for a line split into several cues: which part (0-based)
    parts: int = 1
    cue_id: str = ""


# A translation does not always align 1:1: lines 4 and 5 (same speaker, short
# pause) become one cue, line 6 is split in two.
FRENCH: tuple[FrenchCue, ...] = (
    FrenchCue((0,), "Bienvenue dans la démo\nde la station de relecture.", cue_id="welcome"),
    FrenchCue((1,), "<v Nadia>Merci. Vérifions les sous-titres\npar rapport à l'image.</v>"),
    FrenchCue((2,), "Ces mires nous aident à caler\nle son sur l'image."),
    FrenchCue((3,), "<i>Regarde,</i> l'image vient de changer.", cue_id="look"),
    FrenchCue(
        (4, 5),
        "Chaque coupe a lieu à un moment connu\u00a0:\nchaque plan doit changer à la bonne image.",
    ),
    FrenchCue((6,), "<v Nadia>Si les mots et les voix sont calés,</v>", part=0, parts=2),
    FrenchCue((6,), "<v Nadia>nous pouvons approuver le travail.</v>", part=1, parts=2),
    FrenchCue((7,), "Parfait. Alors renvoyons-le\nà la plateforme."),
)


@dataclass(frozen=True)
class Description:
    after_line: int  # it sits in the silence after this line (-1: before the first line)
    scene: int  # the scene it describes; the cue stays inside that scene
    text: str
    expect_fit: bool


DESCRIPTIONS: tuple[Description, ...] = (
    Description(-1, 0, "Colour bars fill the screen.", True),
    Description(1, 1, "A moving test pattern: colour bars crossed by a rainbow line.", True),
    Description(
        3,
        2,
        "A Mandelbrot fractal, green and red on a pink haze, slowly zooms in, "
        "its spiky edges branching into ever finer curls.",
        False,
    ),
    Description(5, 4, "Bands of red, green and blue brighten from left to right.", True),
    Description(7, 5, "A soft gradient of amber and dark green drifts by. The demo ends.", True),
)


class DemoError(RuntimeError):
    pass


# --------------------------------------------------------------------------- helpers


def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = proc.stderr[-3000:]
        raise DemoError(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{tail}")
    return proc


def snap_up(ms: float) -> int:
    return math.ceil(ms / FRAME_MS - 1e-9) * FRAME_MS


def snap_down(ms: float) -> int:
    return math.floor(ms / FRAME_MS + 1e-9) * FRAME_MS


def vtt_time(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def ffprobe_duration_ms(path: Path) -> int:
    out = run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)]
    ).stdout
    return round(float(out.strip()) * 1000)


def drawtext_available() -> bool:
    filters = run(["ffmpeg", "-hide_banner", "-filters"]).stdout
    return re.search(r"^\s*\S+\s+drawtext\s", filters, re.MULTILINE) is not None


def font_option() -> str:
    font = FONT_DIR / "DejaVuSansMono-Bold.ttf"
    return f"fontfile={font}:" if font.exists() else ""


# --------------------------------------------------------------------------- speech


def synthesise(text: str, voice: str, rate_wpm: int, work: Path, name: str) -> array.array[int]:
    """Say ``text`` with espeak-ng; return mono 16-bit samples at SAMPLE_RATE, silence trimmed."""
    raw = work / f"{name}.raw.wav"
    pcm = work / f"{name}.wav"
    run(["espeak-ng", "-v", voice, "-s", str(rate_wpm), "-w", str(raw), text])
    run(
        ["ffmpeg", "-y", "-v", "error", "-i", str(raw), "-ac", "1", "-ar", str(SAMPLE_RATE),
         "-c:a", "pcm_s16le", str(pcm)]
    )  # fmt: skip
    with wave.open(str(pcm), "rb") as wav:
        if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
            raise DemoError(f"unexpected WAV format from ffmpeg for {name}")
        samples = array.array("h", wav.readframes(wav.getnframes()))
    if sys.byteorder != "little":
        samples.byteswap()
    loud = [i for i, s in enumerate(samples) if abs(s) > SILENCE_THRESHOLD]
    if not loud:
        raise DemoError(f"espeak-ng produced silence for {text!r}")
    return samples[loud[0] : loud[-1] + 1]


def samples_to_ms(count: int) -> int:
    return round(count * 1000 / SAMPLE_RATE)


@dataclass(frozen=True)
class Speech:
    start_ms: int
    end_ms: int
    voice: str
    speaker: str
    text: str


def build_speech(work: Path) -> tuple[list[Speech], Path]:
    """Synthesise every line, place them on the timeline and write the mixed track."""
    track = array.array("h", bytes(2 * SAMPLE_RATE * DURATION_MS // 1000))
    speech: list[Speech] = []
    previous_end = 0
    for index, line in enumerate(LINES):
        voice = VOICES[line.speaker]
        clip = synthesise(line.text, voice, SPEECH_RATE_WPM, work, f"line{index}")
        # Starts sit on frame boundaries, so a cue can start on the exact frame.
        start_ms = snap_up(previous_end + line.gap_before_ms)
        offset = start_ms * SAMPLE_RATE // 1000
        if offset + len(clip) > len(track):
            raise DemoError(f"line {index} runs past the end of the video")
        track[offset : offset + len(clip)] = clip
        end_ms = start_ms + samples_to_ms(len(clip))
        speech.append(Speech(start_ms, end_ms, voice, line.speaker, line.text))
        previous_end = end_ms
    mix = work / "speech.wav"
    if sys.byteorder != "little":
        track.byteswap()
    with wave.open(str(mix), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(track.tobytes())
    return speech, mix


# --------------------------------------------------------------------------- video


def scene_starts_ms() -> list[int]:
    starts, frames = [], 0
    for scene in SCENES:
        starts.append(frames * FRAME_MS)
        frames += scene.frames
    if frames * FRAME_MS != DURATION_MS:
        raise DemoError(f"scenes add up to {frames * FRAME_MS} ms, not {DURATION_MS}")
    return starts


def build_video(audio: Path, target: Path, with_text: bool) -> None:
    cmd = ["ffmpeg", "-y", "-v", "error", "-fflags", "+bitexact"]
    for scene in SCENES:
        sep = "=" if "=" not in scene.source else ":"
        cmd += ["-f", "lavfi", "-i", f"{scene.source}{sep}size={WIDTH}x{HEIGHT}:rate={FPS}"]
    cmd += ["-i", str(audio)]
    font = font_option()
    parts: list[str] = []
    for i, scene in enumerate(SCENES):
        chain = f"[{i}:v]trim=end_frame={scene.frames},setpts=PTS-STARTPTS,setsar=1,format=yuv420p"
        if with_text:
            chain += (
                f",drawtext={font}text='Scene {i + 1} - {scene.label}':x=16:y=16:"
                "fontsize=24:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=6"
            )
        parts.append(chain + f"[s{i}]")
    concat_in = "".join(f"[s{i}]" for i in range(len(SCENES)))
    tail = f"{concat_in}concat=n={len(SCENES)}:v=1:a=0"
    if with_text:
        tail += (
            f",drawtext={font}timecode='00\\:00\\:00\\:00':rate={FPS}:x=(w-tw)/2:y=h-th-16:"
            "fontsize=32:fontcolor=white:box=1:boxcolor=black@0.7:boxborderw=8"
        )
    parts.append(tail + "[v]")
    cmd += [
        "-filter_complex", ";".join(parts),
        "-map", "[v]", "-map", f"{len(SCENES)}:a",
        "-c:v", "libx264", "-preset", "medium", "-crf", "30", "-pix_fmt", "yuv420p",
        "-g", str(2 * FPS), "-threads", "1", "-r", str(FPS),
        "-c:a", "aac", "-b:a", "64k", "-ac", "1", "-ar", str(SAMPLE_RATE),
        "-t", f"{DURATION_MS / 1000:.3f}",
        "-map_metadata", "-1", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
        "-movflags", "+faststart",
        str(target),
    ]  # fmt: skip
    run(cmd)


# --------------------------------------------------------------------------- text tracks


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str
    identifier: str = ""
    settings: str = ""


def write_vtt(path: Path, cues: list[Cue], notes: list[str]) -> None:
    out = ["WEBVTT", ""]
    for note in notes:
        out += ["NOTE", *note.splitlines(), ""]
    for cue in cues:
        if cue.identifier:
            out.append(cue.identifier)
        timing = f"{vtt_time(cue.start_ms)} --> {vtt_time(cue.end_ms)}"
        out.append(f"{timing} {cue.settings}".rstrip())
        out += [*cue.text.splitlines(), ""]
    path.write_text("\n".join(out), encoding="utf-8")


def caption_end(speech: list[Speech], index: int) -> int:
    """Speech end plus a short tail on a frame boundary, at least two frames before the next."""
    end = snap_up(speech[index].end_ms + CAPTION_TAIL_MS)
    # Do not hang over a shot change by a frame or two: end on the cut instead.
    for cut in scene_starts_ms()[1:]:
        if speech[index].end_ms <= cut < end:
            end = cut
    if index + 1 < len(speech):
        end = min(end, speech[index + 1].start_ms - MIN_CUE_GAP_MS)
    if end < speech[index].end_ms:
        raise DemoError(f"no room for caption {index} to cover its speech")
    return end


def english_captions(speech: list[Speech]) -> list[Cue]:
    return [
        Cue(s.start_ms, caption_end(speech, i), line.caption_en, line.cue_id, line.cue_settings)
        for i, (s, line) in enumerate(zip(speech, LINES, strict=True))
    ]


def french_captions(speech: list[Speech]) -> list[Cue]:
    cues: list[Cue] = []
    for fr in FRENCH:
        first, last = fr.lines[0], fr.lines[-1]
        start, end = speech[first].start_ms, caption_end(speech, last)
        if fr.parts > 1:
            # Split one spoken line by the share of characters in each part.
            siblings = [c for c in FRENCH if c.lines == fr.lines]
            weights = [len(re.sub(r"<[^>]+>", "", c.text)) for c in siblings]
            span = speech[first].end_ms - start
            bounds = [start]
            for k in range(1, fr.parts):
                bounds.append(snap_down(start + span * sum(weights[:k]) / sum(weights)))
            bounds.append(end)
            start = bounds[fr.part]
            end = bounds[fr.part + 1] - (MIN_CUE_GAP_MS if fr.part + 1 < fr.parts else 0)
        cues.append(Cue(start, end, fr.text, fr.cue_id))
    return cues


@dataclass(frozen=True)
class PlacedDescription:
    cue: Cue
    spoken_ms: int
    window_ms: int
    fits: bool
    pause_ms: int | None  # suggested extended-AD pause point, when it does not fit


def place_descriptions(speech: list[Speech], work: Path) -> list[PlacedDescription]:
    starts = scene_starts_ms()
    placed: list[PlacedDescription] = []
    for index, desc in enumerate(DESCRIPTIONS):
        gap_start = 0 if desc.after_line < 0 else speech[desc.after_line].end_ms
        nxt = desc.after_line + 1
        gap_end = speech[nxt].start_ms if nxt < len(speech) else DURATION_MS
        scene_start = starts[desc.scene]
        scene_end = scene_start + SCENES[desc.scene].frames * FRAME_MS
        # Describe the shot once it is on screen, and stop before the next cut or line.
        anchor = max(gap_start, scene_start)
        start = snap_up(anchor + DESCRIPTION_LEAD_MS) if anchor > 0 else DESCRIPTION_LEAD_MS
        latest_end = snap_down(min(gap_end - DESCRIPTION_LEAD_MS, scene_end))
        window = latest_end - start
        if window < 10 * FRAME_MS:
            raise DemoError(f"description {index} has almost no room ({window} ms)")
        spoken = samples_to_ms(
            len(synthesise(desc.text, DESCRIPTION_VOICE, DESCRIPTION_RATE_WPM, work, f"ad{index}"))
        )
        fits = spoken <= window
        if fits != desc.expect_fit:
            raise DemoError(
                f"description {index} was meant to {'fit' if desc.expect_fit else 'overflow'} "
                f"its gap: needs {spoken} ms, has {window} ms"
            )
        end = min(snap_up(start + spoken), latest_end) if fits else latest_end
        pause = None if fits or desc.after_line < 0 else speech[desc.after_line].end_ms
        placed.append(PlacedDescription(Cue(start, end, desc.text), spoken, window, fits, pause))
    return placed


# --------------------------------------------------------------------------- validation


def detect_cuts_ms(video: Path) -> list[int]:
    proc = run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(video), "-an",
         "-vf", f"select='gt(scene,{SCENE_THRESHOLD})',showinfo", "-f", "null", "-"]
    )  # fmt: skip
    times = re.findall(r"Parsed_showinfo.*?pts_time:\s*([0-9.]+)", proc.stderr)
    return [round(float(t) * 1000) for t in times]


def detect_sound_ms(video: Path) -> list[tuple[int, int]]:
    """Intervals of the encoded audio louder than -40 dB, ignoring pauses under 0.5 s."""
    proc = run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(video), "-vn",
         "-af", "silencedetect=noise=-40dB:d=0.5", "-f", "null", "-"]
    )  # fmt: skip
    events = re.findall(r"silence_(start|end):\s*([0-9.]+)", proc.stderr)
    sound: list[tuple[int, int]] = []
    cursor: int | None = 0
    for kind, value in events:
        ms = round(float(value) * 1000)
        if kind == "start" and cursor is not None:
            if ms > cursor:
                sound.append((cursor, ms))
            cursor = None
        elif kind == "end":
            cursor = ms
    if cursor is not None and cursor < DURATION_MS - FRAME_MS:
        sound.append((cursor, DURATION_MS))
    return sound


def validate(manifest: dict[str, object], speech: list[Speech], counts: dict[str, int]) -> None:
    problems: list[str] = []
    video = OUT_DIR / str(manifest["media"])
    duration = ffprobe_duration_ms(video)
    if abs(duration - DURATION_MS) > 100:
        problems.append(f"ffprobe duration {duration} ms, manifest says {DURATION_MS} ms")

    expected_cuts = scene_starts_ms()[1:]
    found = detect_cuts_ms(video)
    for cut in expected_cuts:
        if not any(abs(cut - f) <= FRAME_MS for f in found):
            problems.append(f"scene detection missed the cut at {cut} ms (found {found})")
    for f in found:
        if not any(abs(cut - f) <= FRAME_MS for cut in expected_cuts):
            problems.append(f"scene detection found an unexpected cut at {f} ms")

    # The encoded speech must sit where the manifest says (AAC priming is trimmed
    # by the MP4 edit list, so the times should agree to a few milliseconds).
    sound = detect_sound_ms(video)
    spoken = [(s.start_ms, s.end_ms) for s in speech]
    if len(sound) != len(spoken) or any(
        abs(a[0] - b[0]) > FRAME_MS or abs(a[1] - b[1]) > FRAME_MS
        for a, b in zip(sound, spoken, strict=False)
    ):
        problems.append(f"audio in demo.mp4 is at {sound} ms, manifest speech is at {spoken} ms")

    for name, count in counts.items():
        try:
            parsed = webvtt.read(str(OUT_DIR / name))
        except Exception as exc:  # webvtt-py raises its own MalformedFileError and friends
            problems.append(f"{name} does not parse: {exc}")
            continue
        if len(parsed.captions) != count:
            problems.append(f"{name}: {len(parsed.captions)} cues parsed, {count} written")

    gaps = [b.start_ms - a.end_ms for a, b in itertools.pairwise(speech)]
    if sum(3000 <= g <= 6000 for g in gaps) < 2:
        problems.append(f"fewer than two 3-6 s speech gaps: {gaps}")
    if not any(g < 2000 for g in gaps):
        problems.append(f"no speech gap under 2 s: {gaps}")

    if problems:
        raise DemoError("demo workspace failed validation:\n  " + "\n  ".join(problems))


# --------------------------------------------------------------------------- main


def main() -> int:
    for tool in ("ffmpeg", "ffprobe", "espeak-ng"):
        if shutil.which(tool) is None:
            print(f"error: {tool} is not on PATH", file=sys.stderr)
            return 2
    with_text = drawtext_available()
    if not with_text:
        print("warning: ffmpeg has no drawtext; the video will carry no burned-in text")
    OUT_DIR.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="demo-workspace-") as tmp:
        work = Path(tmp)
        speech, mix = build_speech(work)
        descriptions = place_descriptions(speech, work)
        build_video(mix, OUT_DIR / "demo.mp4", with_text)

    en = english_captions(speech)
    fr = french_captions(speech)
    ad = [d.cue for d in descriptions]
    write_vtt(
        OUT_DIR / "en.captions.vtt",
        en,
        [
            "Demo captions, made by packaging/make_demo_workspace.py.\n"
            "Each cue starts with its espeak-ng line in demo.mp4 and ends a\n"
            "little after it; the shot-changes cue is raised to the top.",
        ],
    )
    write_vtt(
        OUT_DIR / "fr.captions.vtt",
        fr,
        ["Traduction française des sous-titres de démonstration.\n"
         "Deux répliques sont fusionnées et une autre est coupée en deux."],
    )  # fmt: skip
    write_vtt(
        OUT_DIR / "en.descriptions.vtt",
        ad,
        ["Audio description for the demo, placed in the silences between speech.\n"
         "Cue 2 is longer than its gap: see pause_points in job.json."],
    )  # fmt: skip

    pause_points = [
        {"cue_index": i, "timestamp_ms": d.pause_ms, "original_timestamp_ms": d.pause_ms}
        for i, d in enumerate(descriptions)
        if d.pause_ms is not None
    ]
    shot_changes = scene_starts_ms()[1:]
    manifest: dict[str, object] = {
        "id": "demo-0001",
        "title": "Demo: Colour bars and voices",
        "status": "in_qc",
        "source_language": "en",
        "duration_ms": DURATION_MS,
        "frame_rate": FPS,
        "media": "demo.mp4",
        "languages": {
            "en": {"captions": "en.captions.vtt", "descriptions": "en.descriptions.vtt"},
            "fr": {"captions": "fr.captions.vtt"},
        },
        "shot_changes_ms": shot_changes,
        "speech": [
            {"start_ms": s.start_ms, "end_ms": s.end_ms, "voice": s.voice,
             "speaker": s.speaker, "text": s.text}
            for s in speech
        ],
        "pause_points": pause_points,
        # Extra, informative keys.
        "scenes": [
            {"start_ms": start, "end_ms": start + scene.frames * FRAME_MS, "label": scene.label}
            for start, scene in zip(scene_starts_ms(), SCENES, strict=True)
        ],
        "descriptions": [
            {"cue_index": i, "start_ms": d.cue.start_ms, "end_ms": d.cue.end_ms,
             "spoken_ms": d.spoken_ms, "fits": d.fits}
            for i, d in enumerate(descriptions)
        ],
        "burned_in_timecode": with_text,
    }  # fmt: skip
    (OUT_DIR / "job.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )

    validate(
        manifest,
        speech,
        {"en.captions.vtt": len(en), "fr.captions.vtt": len(fr), "en.descriptions.vtt": len(ad)},
    )
    gaps = [b.start_ms - a.end_ms for a, b in itertools.pairwise(speech)]
    print(f"wrote {OUT_DIR.relative_to(ROOT)}: cuts at {shot_changes} ms, speech gaps {gaps} ms")
    for i, d in enumerate(descriptions):
        state = "fits" if d.fits else f"too long, pause at {d.pause_ms} ms"
        print(f"  description {i}: {d.spoken_ms} ms spoken in a {d.window_ms} ms window ({state})")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except DemoError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(1)
