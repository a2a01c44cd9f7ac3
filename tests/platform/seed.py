"""Seed data: one account per role, four jobs in different states, their tracks.

Ids are fixed strings so tests and manual sessions can name them. The first
job is the demo workspace's own job (its id comes from `job.json`); the other
three reuse its media and tracks. Every track has a draft version (timing
120 ms late, as a pipeline draft might be) and a corrected one, so the version
history, diff and restore have something to show.

Who has what, in the language-QC queues:

- linguist@demo.test: demo-0001 fr in_progress, demo-0001 de assigned,
  demo-0002 it rejected
- linguist2@demo.test: demo-0001 es submitted, demo-0002 fr in_review,
  demo-0002 pt approved
- reviewer@demo.test: demo-0001 es submitted, demo-0002 fr in_review
- demo-0003 (pending_qc) is unassigned; demo-0004 (final_review, another
  client, hidden from client@demo.test) is approved throughout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.platform.demo_workspace import DEMO_DIR, DemoWorkspace, load_demo_workspace
from tests.platform.store import Store, dumps
from tests.platform.tokens import hash_password
from tests.platform.vtt_text import (
    derive_language,
    estimated_speech_ms,
    parse_cues,
    shift_timings,
)

DEMO_PASSWORD = "demo-password"  # demo accounts only, documented as such
ORG_ID = "org-demo"
CLIENT_ID = "client-demo"
OTHER_CLIENT_ID = "client-other"
DRAFT_OFFSET_MS = 120


@dataclass(frozen=True)
class SeedUser:
    id: str
    email: str
    name: str
    role: str
    client_id: str | None = None


USERS = (
    SeedUser("u-linguist", "linguist@demo.test", "Lina Linguist", "linguist"),
    SeedUser("u-linguist2", "linguist2@demo.test", "Luc Linguist", "linguist"),
    SeedUser("u-reviewer", "reviewer@demo.test", "Rita Reviewer", "reviewer"),
    SeedUser("u-pm", "pm@demo.test", "Paul Manager", "project_manager"),
    SeedUser("u-production", "production@demo.test", "Priya Production", "production"),
    SeedUser("u-admin", "admin@demo.test", "Ada Admin", "admin"),
    SeedUser("u-client", "client@demo.test", "Cora Client", "client", CLIENT_ID),
)

JOB_IN_QC = "demo-0001"  # overridden by job.json's id when the demo workspace has one
JOB_SECOND_ROUND = "demo-0002"
JOB_PENDING_QC = "demo-0003"
JOB_FINAL_REVIEW = "demo-0004"

# (state, linguist, reviewer) per language, per job; the source language has no QC row.
QC_PLAN: dict[str, dict[str, tuple[str, str | None, str | None]]] = {
    JOB_IN_QC: {
        "fr": ("in_progress", "u-linguist", "u-reviewer"),
        "de": ("assigned", "u-linguist", None),
        "es": ("submitted", "u-linguist2", "u-reviewer"),
    },
    JOB_SECOND_ROUND: {
        "fr": ("in_review", "u-linguist2", "u-reviewer"),
        "it": ("rejected", "u-linguist", "u-reviewer"),
        "pt": ("approved", "u-linguist2", "u-reviewer"),
    },
    JOB_PENDING_QC: {
        "fr": ("unassigned", None, None),
        "de": ("unassigned", None, None),
    },
    JOB_FINAL_REVIEW: {
        "fr": ("approved", "u-linguist", "u-reviewer"),
        "es": ("approved", "u-linguist2", "u-reviewer"),
    },
}

_BASE_TIME = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def _at(minutes: int) -> str:
    stamp = _BASE_TIME + timedelta(minutes=minutes)
    return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def seed_database(store: Store, data_dir: Path, demo_dir: Path = DEMO_DIR) -> None:
    """Fill an empty database; a database that has users is left alone."""
    if store.scalar("SELECT COUNT(*) FROM users"):
        return
    demo = load_demo_workspace(data_dir, demo_dir)
    with store.tx():
        _seed_people(store)
        _seed_jobs(store, demo)
        _seed_conversation(store, demo.job_id)
        _seed_glossaries(store)
        store.set_setting("demo_spoken_ms", dumps({str(k): v for k, v in demo.spoken_ms.items()}))
        store.set_setting("seeded_from_demo", "yes" if demo.from_demo else "no")
        store.set_setting("main_job_id", demo.job_id)


def _seed_people(store: Store) -> None:
    store.execute("INSERT INTO organizations VALUES (?, ?)", (ORG_ID, "Demo Accessible Media"))
    password_hash = hash_password(DEMO_PASSWORD, salt="demo")
    for user in USERS:
        store.execute(
            "INSERT INTO users (id, email, name, role, password_hash, client_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (user.id, user.email, user.name, user.role, password_hash, user.client_id),
        )
        store.execute("INSERT INTO memberships VALUES (?, ?, ?)", (ORG_ID, user.id, user.role))


@dataclass(frozen=True)
class JobSpec:
    id: str
    plan: str  # key into QC_PLAN
    title: str
    status: str
    client_id: str
    project_id: str
    minutes: int  # created this long after the seed's base time


def _job_specs(demo: DemoWorkspace) -> list[JobSpec]:
    return [
        JobSpec(demo.job_id, JOB_IN_QC, demo.title, demo.status, CLIENT_ID, "project-demo-1", 0),
        JobSpec(JOB_SECOND_ROUND, JOB_SECOND_ROUND, "Demo: second review round", "in_qc",
                CLIENT_ID, "project-demo-1", 60),
        JobSpec(JOB_PENDING_QC, JOB_PENDING_QC, "Demo: awaiting source approval", "pending_qc",
                CLIENT_ID, "project-demo-2", 120),
        JobSpec(JOB_FINAL_REVIEW, JOB_FINAL_REVIEW, "Demo: final review", "final_review",
                OTHER_CLIENT_ID, "project-other-1", 180),
    ]  # fmt: skip


def _seed_jobs(store: Store, demo: DemoWorkspace) -> None:
    for spec in _job_specs(demo):
        job_id, plan, minutes = spec.id, QC_PLAN[spec.plan], spec.minutes
        languages = list(plan)
        requested = {
            "captions_vtt": True,
            "audio_description_vtt": True,
            "audio_description_mp3": True,
            "accessible_video_mp4": job_id == demo.job_id,
            "languages": languages,
            "tts_preferences": {"provider": "gemini", "model": "flash", "default_voice": "Kore"},
        }
        store.execute(
            "INSERT INTO jobs (id, title, status, source_language, notes, requested_outputs, "
            "duration_ms, frame_rate, org_id, client_id, project_id, media_path, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                job_id,
                spec.title,
                spec.status,
                demo.source_language,
                "",
                dumps(requested),
                demo.duration_ms,
                demo.frame_rate,
                ORG_ID,
                spec.client_id,
                spec.project_id,
                str(demo.media_path),
                _at(minutes),
                _at(minutes + 30),
            ),
        )
        for lang in [demo.source_language, *languages]:
            for kind in ("captions", "descriptions"):
                _seed_track(store, demo, job_id, lang, kind, plan, minutes, spec.status)
            _seed_pause_points(store, demo, job_id, lang)
        for lang, (state, linguist, reviewer) in plan.items():
            store.execute(
                "INSERT INTO language_qc (job_id, lang, state, linguist_id, reviewer_id, "
                "reviewed_cues, reject_reason, due_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    job_id,
                    lang,
                    state,
                    linguist,
                    reviewer,
                    dumps([0, 1] if state == "in_review" else []),
                    "Speaker labels missing in cues 2 and 4." if state == "rejected" else None,
                    _at(minutes + 7 * 24 * 60),
                    _at(minutes + 45),
                ),
            )


def _track_text(demo: DemoWorkspace, lang: str, kind: str) -> str:
    own = demo.tracks.get((lang, kind))
    if own is not None:
        return own
    source = (
        demo.tracks.get((demo.source_language, kind))
        or demo.tracks[(demo.source_language, "captions")]
    )
    return derive_language(source, lang)


def _seed_track(
    store: Store,
    demo: DemoWorkspace,
    job_id: str,
    lang: str,
    kind: str,
    plan: dict[str, tuple[str, str | None, str | None]],
    minutes: int,
    status: str,
) -> None:
    final = _track_text(demo, lang, kind)
    versions = [(final, "u-production", "Automatic draft")]
    if status != "pending_qc":
        editor = (plan.get(lang) or ("", None, None))[1] or "u-reviewer"
        draft = shift_timings(final, DRAFT_OFFSET_MS)
        versions = [(draft, "u-production", "Automatic draft"), (final, editor, "Timing corrected")]
    for number, (content, author, comment) in enumerate(versions, start=1):
        store.execute(
            "INSERT INTO vtt_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (job_id, lang, kind, number, content, _at(minutes + 10 * number), author, comment),
        )


def _seed_pause_points(store: Store, demo: DemoWorkspace, job_id: str, lang: str) -> None:
    is_source = lang == demo.source_language
    given = {p["cue_index"]: p for p in demo.pause_points} if is_source else {}
    cues = parse_cues(_track_text(demo, lang, "descriptions"))
    for cue in cues:
        point = given.get(cue.index)
        spoken = demo.spoken_ms.get(cue.index) if is_source else None
        if spoken is None:
            spoken = estimated_speech_ms(cue.text)
        if point is None and spoken > cue.end_ms - cue.start_ms:
            # The clip does not fit its gap: pause at the cue's start so it plays in full.
            point = {"timestamp_ms": cue.start_ms, "original_timestamp_ms": cue.start_ms}
        if point is not None:
            store.execute(
                "INSERT INTO pause_points VALUES (?, ?, ?, ?, ?)",
                (job_id, lang, cue.index, point["timestamp_ms"], point["original_timestamp_ms"]),
            )
    store.execute("INSERT INTO edit_states VALUES (?, ?, 1)", (job_id, lang))


def _seed_conversation(store: Store, main_job: str) -> None:
    notes = [
        ("note-0001", main_job, 5440, "Speaker change: label Nadia.", "en", "captions", 0),
        ("note-0002", main_job, 23200, "Description runs over the cut.", "en", "descriptions", 0),
        ("note-0003", JOB_SECOND_ROUND, 2400, "Intro title approved.", None, None, 1),
    ]
    for note_id, job_id, ts, body, language, kind, resolved in notes:
        store.execute(
            "INSERT INTO review_notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (note_id, job_id, ts, body, language, kind, resolved, "u-reviewer", _at(90), _at(90)),
        )
    comments = [
        (
            "comment-0001",
            JOB_SECOND_ROUND,
            "it",
            "u-reviewer",
            "Speaker labels are missing here.",
            1,
            5440,
        ),
        ("comment-0002", main_job, "es", "u-linguist2", "Merged two short cues.", 2, 13880),
    ]
    for row in comments:
        store.execute("INSERT INTO qc_comments VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (*row, _at(100)))


_GLOSSARY_TERMS = [
    ("audio description", "audiodescription", "Audiodeskription"),
    ("caption", "sous-titre", "Untertitel"),
    ("colour bars", "mire de barres", "Farbbalken"),
    ("cue", "réplique", "Cue"),
    ("cut", "coupe", "Schnitt"),
    ("fade", "fondu", "Blende"),
    ("frame", "image", "Einzelbild"),
    ("gradient", "dégradé", "Farbverlauf"),
    ("job", "tâche", "Auftrag"),
    ("language", "langue", "Sprache"),
    ("linguist", "linguiste", "Linguist"),
    ("pause point", "point de pause", "Pausenpunkt"),
    ("picture", "image", "Bild"),
    ("platform", "plateforme", "Plattform"),
    ("review", "relecture", "Prüfung"),
    ("reviewer", "relecteur", "Prüfer"),
    ("scene", "scène", "Szene"),
    ("screen", "écran", "Bildschirm"),
    ("shot change", "changement de plan", "Szenenwechsel"),
    ("sound", "son", "Ton"),
    ("speaker", "locuteur", "Sprecher"),
    ("stripes", "bandes", "Streifen"),
    ("subtitle", "sous-titre", "Untertitel"),
    ("test pattern", "mire", "Testbild"),
    ("timing", "synchronisation", "Timing"),
    ("track", "piste", "Spur"),
    ("translation", "traduction", "Übersetzung"),
    ("video", "vidéo", "Video"),
    ("voice", "voix", "Stimme"),
    ("workstation", "station de travail", "Arbeitsplatz"),
]


def _seed_glossaries(store: Store) -> None:
    store.execute(
        "INSERT INTO glossaries VALUES (?, ?, ?, ?, ?, ?)",
        ("gl-demo", "Demo broadcaster terminology", CLIENT_ID, "en", dumps(["fr", "de"]), 1),
    )
    store.execute(
        "INSERT INTO glossaries VALUES (?, ?, ?, ?, ?, ?)",
        ("gl-other", "Other client terminology", OTHER_CLIENT_ID, "en", dumps(["fr"]), 1),
    )
    position = 0
    for source, french, german in _GLOSSARY_TERMS:
        for lang, target in (("fr", french), ("de", german)):
            note = "Preferred term" if source in ("cue", "caption") else None
            store.execute(
                "INSERT INTO glossary_terms VALUES (?, ?, ?, ?, ?, ?)",
                ("gl-demo", position, source, target, lang, note),
            )
            position += 1
    for index, (source, french, _) in enumerate(_GLOSSARY_TERMS[:5]):
        store.execute(
            "INSERT INTO glossary_terms VALUES (?, ?, ?, ?, ?, ?)",
            ("gl-other", index, source, french, "fr", None),
        )
