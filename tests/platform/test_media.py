"""Downloads: signed expiring URLs, sha256, Range / If-Range, resuming a cut download."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest

from tests.platform.seed import JOB_IN_QC
from tests.platform.server import PlatformServer


def _assets(server: PlatformServer) -> dict[str, dict[str, Any]]:
    with server.client("linguist@demo.test") as client:
        listing = client.get(f"/jobs/{JOB_IN_QC}/downloads").json()
    return {a["filename"]: a for a in listing["assets"]}


def test_listing_has_signed_urls_sizes_and_checksums(platform_server: PlatformServer) -> None:
    assets = _assets(platform_server)
    assert {"source.mp4", "proxy.mp4", "en.captions.vtt", "fr.descriptions.vtt"} <= set(assets)
    video = assets["source.mp4"]
    assert video["kind"] == "source_video" and video["language"] is None
    assert "signature=" in video["url"] and "expires=" in video["url"]
    assert video["expires_at"].endswith("Z")
    assert assets["fr.captions.vtt"]["kind"] == "captions_vtt"
    assert assets["fr.captions.vtt"]["language"] == "fr"
    for asset in (video, assets["fr.captions.vtt"]):
        body = httpx.get(asset["url"]).content  # the URL is the credential: no bearer
        assert len(body) == asset["size_bytes"]
        assert hashlib.sha256(body).hexdigest() == asset["sha256"]


def test_tampered_and_expired_urls_are_refused(platform_server: PlatformServer) -> None:
    url = _assets(platform_server)["source.mp4"]["url"]
    assert httpx.get(url.replace("source.mp4", "proxy.mp4")).status_code == 403
    assert httpx.get(url[:-4] + "0000").status_code == 403
    platform_server.faults.set(signed_url_ttl_s=-1)
    expired = httpx.get(_assets(platform_server)["source.mp4"]["url"])
    assert expired.status_code == 403 and expired.json()["detail"] == "Signed URL expired"


@pytest.mark.parametrize(
    ("range_header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, None),
        ("bytes=-50", -50, None),
        ("bytes=10-10", 10, 10),
    ],
)
def test_range_requests_answer_206(
    platform_server: PlatformServer, range_header: str, first: int, last: int | None
) -> None:
    asset = _assets(platform_server)["source.mp4"]
    whole = httpx.get(asset["url"]).content
    size = len(whole)
    answer = httpx.get(asset["url"], headers={"Range": range_header})
    assert answer.status_code == 206
    start = first if first >= 0 else size + first
    end = last if last is not None else size - 1
    assert answer.headers["content-range"] == f"bytes {start}-{end}/{size}"
    assert answer.content == whole[start : end + 1]
    assert answer.headers["accept-ranges"] == "bytes"


def test_unsatisfiable_range_is_416(platform_server: PlatformServer) -> None:
    asset = _assets(platform_server)["en.captions.vtt"]
    size = asset["size_bytes"]
    answer = httpx.get(asset["url"], headers={"Range": f"bytes={size}-"})
    assert answer.status_code == 416
    assert answer.headers["content-range"] == f"bytes */{size}"
    ignored = httpx.get(asset["url"], headers={"Range": "bytes=5-3"})  # invalid: ignored
    assert ignored.status_code == 200


def test_if_range_honours_only_the_current_validator(platform_server: PlatformServer) -> None:
    asset = _assets(platform_server)["source.mp4"]
    head = httpx.head(asset["url"])
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == asset["size_bytes"]
    etag, modified = head.headers["etag"], head.headers["last-modified"]
    matching = httpx.get(asset["url"], headers={"Range": "bytes=0-9", "If-Range": etag})
    assert matching.status_code == 206 and len(matching.content) == 10
    by_date = httpx.get(asset["url"], headers={"Range": "bytes=0-9", "If-Range": modified})
    assert by_date.status_code == 206
    stale = httpx.get(asset["url"], headers={"Range": "bytes=0-9", "If-Range": '"other"'})
    assert stale.status_code == 200 and len(stale.content) == asset["size_bytes"]


def test_track_asset_changes_validator_when_a_version_is_saved(
    platform_server: PlatformServer,
) -> None:
    before = _assets(platform_server)["fr.captions.vtt"]
    etag = httpx.head(before["url"]).headers["etag"]
    with platform_server.client("linguist@demo.test") as linguist:
        track = linguist.get(f"/jobs/{JOB_IN_QC}/vtt", params={"lang": "fr"}).json()
        linguist.patch(
            f"/jobs/{JOB_IN_QC}/vtt",
            json={
                "lang": "fr",
                "kind": "captions",
                "content": track["content"] + "\n",
                "base_version": track["version"],
            },
        ).raise_for_status()
    after = _assets(platform_server)["fr.captions.vtt"]
    assert after["sha256"] != before["sha256"]
    resumed = httpx.get(after["url"], headers={"Range": "bytes=10-", "If-Range": etag})
    assert resumed.status_code == 200  # the old partial must be thrown away


def test_cut_download_resumes_with_range(platform_server: PlatformServer) -> None:
    asset = _assets(platform_server)["source.mp4"]
    platform_server.faults.set(truncate_next=1, truncate_after_bytes=100_000)
    received = bytearray()
    etag = ""
    with pytest.raises(httpx.TransportError), httpx.stream("GET", asset["url"]) as answer:
        etag = answer.headers["etag"]
        for chunk in answer.iter_bytes():
            received += chunk
    assert 0 < len(received) <= 100_000
    rest = httpx.get(asset["url"], headers={"Range": f"bytes={len(received)}-", "If-Range": etag})
    assert rest.status_code == 206
    received += rest.content
    assert hashlib.sha256(received).hexdigest() == asset["sha256"]
