"""Jobs and languages: the server's view replaced on refresh, local facts kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.storage import JobInfo, JobStore, LanguageInfo


def test_a_job_round_trips_with_its_languages(jobs: JobStore) -> None:
    raw = {"id": "j1", "title": "Ferry", "outputs": {"fr": {"captions": {"version": 3}}}}
    jobs.upsert_job(
        JobInfo(
            id="j1",
            title="Ferry",
            status="in_qc",
            source_language="en",
            duration_ms=61_000,
            frame_rate=25.0,
            notes="Mind the names",
            raw_json=raw,
        ),
        [
            LanguageInfo(
                code="fr",
                qc_state="in_progress",
                linguist={"id": "u1", "name": "Ana"},
                reviewed_cues=[4, 1, 4],
            ),
            LanguageInfo(code="de"),
        ],
    )
    stored = jobs.get_job("j1")
    assert stored is not None
    assert (stored.title, stored.duration_ms, stored.frame_rate) == ("Ferry", 61_000, 25.0)
    assert stored.raw_json == raw
    assert [language.code for language in stored.languages] == ["de", "fr"]
    french = stored.language("fr")
    assert french is not None and french.linguist == {"id": "u1", "name": "Ana"}
    assert french.reviewed_cues == (1, 4) and french.reviewer is None


def test_a_refresh_replaces_server_fields_but_keeps_local_ones(jobs: JobStore, job: str) -> None:
    jobs.set_media_path(job, Path("/media/harbour.mp4"))
    jobs.set_available_offline(job, True)
    jobs.upsert_job(JobInfo(id=job, title="Harbour (final cut)", status="final_review"))
    stored = jobs.get_job(job)
    assert stored is not None
    assert (stored.title, stored.status) == ("Harbour (final cut)", "final_review")
    assert stored.media_path == Path("/media/harbour.mp4") and stored.available_offline
    # No language list in the answer: the stored languages stay.
    assert [language.code for language in stored.languages] == ["de", "fr"]


def test_a_language_list_replaces_the_stored_one(jobs: JobStore, job: str) -> None:
    jobs.upsert_job(
        JobInfo(id=job, title="t", status="in_qc"), [LanguageInfo(code="fr", qc_state="approved")]
    )
    stored = jobs.get_job(job)
    assert stored is not None
    assert [(lang.code, lang.qc_state) for lang in stored.languages] == [("fr", "approved")]


def test_one_language_can_be_updated(jobs: JobStore, job: str) -> None:
    jobs.save_language(job, LanguageInfo(code="de", qc_state="submitted"))
    stored = jobs.get_job(job)
    assert stored is not None
    german = stored.language("de")
    assert german is not None and german.qc_state == "submitted"
    with pytest.raises(LookupError):
        jobs.save_language("missing", LanguageInfo(code="de"))


def test_jobs_are_listed_by_title(jobs: JobStore) -> None:
    for job_id, title in [("3", "Canal"), ("1", "Bridge"), ("2", "Aqueduct")]:
        jobs.upsert_job(JobInfo(id=job_id, title=title, status="in_qc"))
    assert [job.title for job in jobs.list_jobs()] == ["Aqueduct", "Bridge", "Canal"]
    assert jobs.get_job("missing") is None
