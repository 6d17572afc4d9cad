"""Nothing a build reads from its own working state is trusted, and builds never trip over each other:
the content cache is sanitised and checked, interrupted builds are cleaned up, and two builds at once
take turns."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import threading
from pathlib import Path

import pytest
from sitebuild import CONTENT, SETTINGS, TODAY

from pipeline import contentcache
from pipeline.contentcache import CACHE_FILE, ContentCache
from pipeline.site import build as site_build
from pipeline.site.build import build_site

BODY = "Residents miss their **bin day**."
SUMMARY = "Bins *today*."


def cache_document(html: object, renderer: str | None = None, format: object = contentcache.FORMAT) -> str:
    renderer = renderer or contentcache.renderer_version()
    return json.dumps({"format": format, "renderer": renderer, "html": html})


def keys() -> tuple[str, str]:
    return contentcache._key("block", BODY), contentcache._key("inline", SUMMARY)


def test_cached_html_is_sanitised_again_before_it_is_marked_safe(tmp_path):
    block, inline = keys()
    hostile = (
        '<script>alert(1)</script><p onclick="x()">hi</p><a href="javascript:x()">y</a><iframe></iframe>'
    )
    (tmp_path / CACHE_FILE).write_text(cache_document({block: hostile, inline: "<p>" + hostile + "</p>"}))
    cache = ContentCache(tmp_path)
    for html in (cache.render(BODY), cache.render_inline(SUMMARY)):
        assert "script" not in html and "onclick" not in html and "javascript" not in html
        assert "iframe" not in html and "hi" in html


def test_honest_cached_html_comes_back_as_it_was_rendered(tmp_path):
    first = ContentCache(tmp_path)
    rendered = first.render(BODY + "\n\n[a link](https://example.org)"), first.render_inline(SUMMARY)
    first.save()
    again = ContentCache(tmp_path)
    assert (
        again.stored
        and (again.render(BODY + "\n\n[a link](https://example.org)"), again.render_inline(SUMMARY))
        == rendered
    )


@pytest.mark.parametrize(
    "text",
    [
        cache_document({"k": "<p>x</p>"})[:25],  # truncated
        "[" * 100_000 + "]" * 100_000,  # deeply nested
        "\udcff\udcfe not UTF-8",  # written as the bytes ff fe
        cache_document(["<p>a list</p>"]),
        cache_document({"k": ["not", "text"]}),
        cache_document({"k": {"nested": "x"}}),
        json.dumps(["not", "a", "cache"]),
        cache_document({"k": "<p>x</p>"}, format="1"),
    ],
)
def test_an_unusable_cache_is_ignored_with_a_warning(tmp_path, caplog, text):
    (tmp_path / CACHE_FILE).write_bytes(text.encode("utf-8", "surrogateescape"))
    with caplog.at_level(logging.WARNING, logger="pipeline.contentcache"):
        cache = ContentCache(tmp_path)
    assert cache.stored == {}
    assert "content cache" in caplog.text and "rendered afresh" in caplog.text
    assert "<strong>bin day</strong>" in cache.render(BODY)


def test_a_cache_of_another_renderer_is_thrown_away_quietly(tmp_path, caplog):
    (tmp_path / CACHE_FILE).write_text(cache_document({"k": "<p>x</p>"}, renderer="older"))
    with caplog.at_level(logging.WARNING):
        assert ContentCache(tmp_path).stored == {}
    assert caplog.text == ""


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_a_cache_that_cannot_be_written_is_a_warning(tmp_path, caplog):
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o500)
    cache = ContentCache(folder)
    cache.render(BODY)
    with caplog.at_level(logging.WARNING, logger="pipeline.contentcache"):
        cache.save()
    assert "could not be saved" in caplog.text


def test_a_cache_folder_that_is_a_file_is_a_warning(tmp_path, caplog):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be")
    cache = ContentCache(blocked / "inner")
    cache.render(BODY)
    with caplog.at_level(logging.WARNING, logger="pipeline.contentcache"):
        cache.save()
    assert "could not be saved" in caplog.text


# Builds ------------------------------------------------------------------------------


def test_the_next_build_removes_what_interrupted_builds_left(tmp_path):
    output = tmp_path / "output"
    leftovers = [tmp_path / ".output-building-abc123", tmp_path / ".output-old-def456"]
    for folder in leftovers:
        (folder / "output").mkdir(parents=True)
        (folder / "output" / "index.html").write_text("half a site")
    unrelated = tmp_path / ".other-building-xyz"
    unrelated.mkdir()
    build_site(SETTINGS, CONTENT, output, TODAY, search=False)
    assert not any(folder.exists() for folder in leftovers)
    assert unrelated.exists() and (output / "index.html").is_file()


def test_a_second_build_waits_for_the_first(tmp_path, caplog):
    output = tmp_path / "output"
    waiting = threading.Event()

    class Signal(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "waiting" in record.getMessage():
                waiting.set()

    handler = Signal()
    logging.getLogger("pipeline.site.build").addHandler(handler)
    failures: list[BaseException] = []

    def second_build() -> None:
        try:
            build_site(SETTINGS, CONTENT, output, TODAY, search=False)
        except BaseException as error:  # reported by the test, not lost in the thread
            failures.append(error)

    try:
        with (tmp_path / ".output.lock").open("a") as held:
            fcntl.flock(held, fcntl.LOCK_EX)  # the first build, still writing
            thread = threading.Thread(target=second_build)
            thread.start()
            assert waiting.wait(timeout=120)
            assert not output.exists() and not list(tmp_path.glob(".output-building-*"))
            fcntl.flock(held, fcntl.LOCK_UN)
        thread.join()
    finally:
        logging.getLogger("pipeline.site.build").removeHandler(handler)
    assert failures == [] and (output / "index.html").is_file()


def test_failing_to_remove_the_old_site_is_only_a_warning(tmp_path, monkeypatch, caplog):
    output = tmp_path / "output"
    build_site(SETTINGS, CONTENT, output, TODAY, search=False)
    (output / "stale.html").write_text("from the previous build")
    real_rmtree = shutil.rmtree

    def stuck_rmtree(path: str | Path, *args: object, **kwargs: object) -> None:
        if ".output-old-" in str(path) and not kwargs.get("ignore_errors"):
            raise PermissionError("the folder is in use")
        real_rmtree(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(site_build.shutil, "rmtree", stuck_rmtree)
    with caplog.at_level(logging.WARNING, logger="pipeline.site.build"):
        build_site(SETTINGS, CONTENT, output, TODAY, search=False)
    assert "could not be removed" in caplog.text
    assert (output / "index.html").is_file() and not (output / "stale.html").exists()
    monkeypatch.setattr(site_build.shutil, "rmtree", real_rmtree)
    build_site(SETTINGS, CONTENT, output, TODAY, search=False)
    assert not list(tmp_path.glob(".output-old-*"))
