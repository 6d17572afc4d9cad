"""The content cache and the worker processes: a rebuild renders only what changed, "today" is never
cached, and the site is the same however it was built."""

from __future__ import annotations

import filecmp
import json
import logging
import os
import time
from datetime import timedelta
from functools import partial
from pathlib import Path

import pytest
from catalogue_fixtures import COUNCIL, project_data
from sitebuild import CONTENT, SETTINGS, TODAY, page

from pipeline import markup
from pipeline.contentcache import CACHE_FILE, ContentCache
from pipeline.processes import CHUNK, ForkedWorkFailed, call_forked, run_shared
from pipeline.site.build import build_site
from pipeline.writer import entry_text

REVIEWED = TODAY - timedelta(days=10)
BODY = "## The problem\n\nResidents miss their **bin day**.\n\n- paper\n- glass\n"


def cached_build(content, output, cache, today=TODAY, **overrides):
    overrides = {"CACHE_PATH": str(cache), **overrides}
    return build_site(SETTINGS, content, output, today, search=False, overrides=overrides, cache=True)


class Renders:
    """The texts pipeline.markup.render has rendered (not taken from the cache), in this process or in
    those the build forks: one JSON line each in a file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.clear()

    def add(self, text: str) -> None:
        with self.path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(text) + "\n")

    def clear(self) -> None:
        self.path.write_text("", encoding="utf-8")

    def texts(self) -> list[str]:
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def renders(monkeypatch, tmp_path):
    """What pipeline.markup.render renders from now on."""
    rendered = Renders(tmp_path / "renders.jsonl")

    def counting_render(text):
        rendered.add(text)
        return original(text)

    original = markup.render
    monkeypatch.setattr(markup, "render", counting_render)
    return rendered


def test_a_cached_rebuild_shows_a_new_body_and_the_new_days_freshness(make_catalogue, tmp_path, renders):
    data = project_data(title="Bin collection app", last_reviewed=REVIEWED.isoformat())
    other = project_data(title="Recycling finder", last_reviewed=REVIEWED.isoformat())
    content = make_catalogue(
        tmp_path,
        files={
            "projects/bin-collection-app.md": entry_text(data, BODY),
            "projects/recycling-finder.md": entry_text(other, BODY.replace("bin day", "recycling day")),
        },
    )
    output, cache = tmp_path / "output", tmp_path / "cache"
    cached_build(content, output, cache)
    first = page(output, "projects/bin-collection-app/")
    assert first.find("main")["data-freshness"] == "fresh"
    assert "bin day" in first.select_one(".prose--body").get_text()
    assert (cache / CACHE_FILE).is_file()

    changed = BODY.replace("Residents miss", "Residents in flats miss")
    (content / "projects/bin-collection-app.md").write_text(entry_text(data, changed), encoding="utf-8")
    renders.clear()
    cached_build(content, output, cache, today=REVIEWED + timedelta(days=181))

    second = page(output, "projects/bin-collection-app/")
    assert second.find("main")["data-freshness"] == "stale"
    assert "Residents in flats miss their bin day" in second.select_one(".prose--body").get_text()
    unchanged = page(output, "projects/recycling-finder/")
    assert unchanged.find("main")["data-freshness"] == "stale"
    assert "recycling day" in unchanged.select_one(".prose--body").get_text()
    assert renders.texts() == [changed]  # the unchanged body came from the cache


def test_the_site_is_the_same_with_or_without_cache_and_workers(tmp_path):
    plain = build_site(SETTINGS, CONTENT, tmp_path / "plain", TODAY, search=False)
    cache = tmp_path / "cache"
    for name in ("cold", "warm"):
        built = cached_build(CONTENT, tmp_path / name, cache, PIPELINE_WORKERS=2)
        assert same_tree(plain, built), name


def same_tree(left, right) -> bool:
    files = sorted(path.relative_to(left) for path in left.rglob("*") if path.is_file())
    if files != sorted(path.relative_to(right) for path in right.rglob("*") if path.is_file()):
        return False
    _, mismatched, errors = filecmp.cmpfiles(left, right, [str(path) for path in files], shallow=False)
    return not mismatched and not errors


def test_a_cache_from_another_renderer_version_is_ignored(tmp_path):
    cache = ContentCache(tmp_path)
    cache.render(BODY)
    cache.save()
    stored = (tmp_path / CACHE_FILE).read_text(encoding="utf-8")
    (tmp_path / CACHE_FILE).write_text(stored.replace('"renderer":"', '"renderer":"old'), encoding="utf-8")
    assert ContentCache(tmp_path).stored == {}
    (tmp_path / CACHE_FILE).write_text("not json", encoding="utf-8")
    assert ContentCache(tmp_path).stored == {}


def test_the_cache_keeps_only_what_the_last_build_used(tmp_path):
    first = ContentCache(tmp_path)
    first.render(BODY)
    first.render(BODY + "\nMore.\n")
    first.save()
    second = ContentCache(tmp_path)
    assert len(second.stored) == 2
    assert second.render(BODY) == markup.render(BODY)
    second.save()
    assert len(ContentCache(tmp_path).stored) == 1


def test_tasks_shared_between_processes_run_once_each(tmp_path):
    def task(number):
        def write():
            (tmp_path / f"{number}.txt").write_text(str(number), encoding="utf-8")

        return write

    collected = []
    run_shared([task(number) for number in range(100)], 2, collect=lambda: "worker", adopt=collected.append)
    assert sorted(int(path.stem) for path in tmp_path.glob("*.txt")) == list(range(100))
    assert collected == ["worker"]


def test_a_task_failing_in_a_worker_fails_the_run():
    main_process = os.getpid()

    def fails_in_a_worker():
        if os.getpid() != main_process:
            raise ValueError("a template went wrong")
        time.sleep(0.01)  # so that the worker has started before the main process runs out of tasks

    with pytest.raises(ForkedWorkFailed, match="ValueError: a template went wrong"):
        run_shared([fails_in_a_worker] * 3 * CHUNK, 2, collect=lambda: None, adopt=lambda _: None)


def logs_and_answers(answer: int) -> int:
    logging.getLogger("pipeline.test").warning("worked out %d in a copy", answer)
    try:
        raise ValueError("a detail")
    except ValueError:
        logging.getLogger("pipeline.test").exception("and kept going")
    return answer


def test_what_a_forked_call_logs_is_handled_here(caplog):
    with caplog.at_level(logging.WARNING, logger="pipeline.test"):
        assert call_forked(logs_and_answers, 42) == 42
    assert [record.getMessage() for record in caplog.records] == ["worked out 42 in a copy", "and kept going"]
    assert "ValueError: a detail" in caplog.text
    assert all(record.name == "pipeline.test" for record in caplog.records)


def test_what_workers_log_is_handled_here(caplog):
    tasks = [partial(logs_and_answers, number) for number in range(3 * CHUNK)]
    with caplog.at_level(logging.WARNING, logger="pipeline.test"):
        run_shared(tasks, 2, collect=lambda: None, adopt=lambda _: None)
    logged = sorted(record.getMessage() for record in caplog.records if "worked out" in record.getMessage())
    assert logged == sorted(f"worked out {number} in a copy" for number in range(3 * CHUNK))


def test_a_forked_call_gives_its_result_or_its_error():
    assert call_forked(sorted, [3, 1, 2]) == [1, 2, 3]
    with pytest.raises(ForkedWorkFailed, match="ZeroDivisionError"):
        call_forked(divmod, 1, 0)


def test_a_feed_without_updates_is_dated_the_build_day(make_catalogue, tmp_path):
    council = {
        **COUNCIL,
        "name": "Quiet Vale",
        "official_name": "Quiet Vale Council",
        "gss_code": "E06000099",
    }
    content = make_catalogue(tmp_path, files={"councils/quiet-vale.md": council})
    feeds = []
    for name in ("first", "second"):
        output = build_site(SETTINGS, content, tmp_path / name, TODAY, search=False)
        feeds.append((output / "councils/quiet-vale/updates.atom.xml").read_text(encoding="utf-8"))
    assert feeds[0] == feeds[1]
    assert f"<updated>{TODAY.isoformat()}T12:00:00+00:00</updated>" in feeds[0]
