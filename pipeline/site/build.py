"""The site, built by Pelican, swapped into place only when whole.

The site is built into a temporary folder beside the output folder, by Pelican in a forked copy of
this process (so that the memory of the catalogue and its pages is given back before the next step),
indexed by Pagefind (see pipeline.site.search), and only then swapped in: an invalid catalogue or a
failed step leaves the previous site untouched, and pages of deleted entries never linger.

One build at a time writes to an output folder: a build holds a lock file beside it (`.output.lock`)
and a second build waits for the first to finish. Holding the lock, a build removes the temporary
folders an interrupted build left behind (`.output-building-*`, `.output-old-*`).
"""

from __future__ import annotations

import fcntl
import logging
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from .. import site as site_plugin
from ..problems import Problem
from ..processes import call_forked
from ..settings import DEFAULT_SETTINGS, Settings, settings_overrides
from . import record
from .errors import BuildFailed, InvalidCatalogue
from .search import build_index

logger = logging.getLogger(__name__)


class UnsafeOutput(ValueError):
    """The output folder would replace the content or the settings."""


def read_settings(
    settings_file: Path, content: Path | None, today: date | None, overrides: Settings
) -> Settings:
    """Pelican's settings from the file, with this package as the only plugin."""
    from pelican.settings import read_settings as read_pelican_settings

    override = {**settings_overrides(content, today, overrides), "PLUGINS": [site_plugin]}
    settings: Settings = read_pelican_settings(str(settings_file), override=override)
    return settings


def check_output_folder(output: Path, settings: Settings, settings_file: Path) -> None:
    """The output folder is replaced whole: refuse one that holds the content or the settings."""
    precious = [Path(settings["PATH"]).resolve(), settings_file.resolve()]
    if output == Path(output.anchor) or any(path == output or output in path.parents for path in precious):
        raise UnsafeOutput(f"{output} holds the content or the settings; choose another --output folder")


def run_pelican(settings: Settings) -> None:
    from pelican import Pelican
    from pelican.log import console

    console.quiet = True  # Pelican's own summary counts blog articles, which this site has none of.
    Pelican(settings).run()


def pelican_outcome(settings: Settings) -> record.Recording | list[Problem] | str:
    """Run Pelican: what it recorded, the catalogue's problems when they stop it, or why a later step
    failed (plain data, to send back from a forked process)."""
    try:
        run_pelican(settings)
    except InvalidCatalogue as invalid:
        return invalid.problems
    except BuildFailed as failed:
        return str(failed)
    recording: record.Recording = settings["PIPELINE_RECORDING"]
    return recording


def run_pelican_apart(settings: Settings) -> record.Recording:
    """Run Pelican in a forked copy of this process, so that the memory its catalogue and pages took goes
    back to the system before the search index is built; what it recorded. Anything else that goes
    wrong in the copy is a bug, raised here as ForkedWorkFailed with the copy's traceback."""
    outcome = call_forked(pelican_outcome, settings)
    if isinstance(outcome, list):
        raise InvalidCatalogue(outcome)
    if isinstance(outcome, str):
        raise BuildFailed(outcome)
    return outcome


def search_cache(output: Path) -> Path:
    """Where the search index's parts are kept between builds of `output` (pipeline.site.search)."""
    return output.parent / f".{output.name}-search"


def temporary_prefix(output: Path, purpose: str) -> str:
    """The name a build's temporary folder beside the output starts with: ".output-building-" and so on."""
    return f".{output.name}-{purpose}-"


@contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold the lock of the output folder, waiting for a build that holds it to finish."""
    with (output.parent / f".{output.name}.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.warning("Another build is writing %s: waiting for it to finish.", output)
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def remove_leftovers(output: Path, background: bool = False) -> None:
    """Remove the temporary folders of builds that were interrupted (call it holding the output's lock);
    with `background`, replaced sites (which nothing reads) are removed while the build goes on."""
    for purpose in ("building", "old"):
        for folder in output.parent.glob(temporary_prefix(output, purpose) + "*"):
            if background and purpose == "old":
                remove_in_background(folder)
            else:
                shutil.rmtree(folder, ignore_errors=True)


def remove_in_background(folder: Path) -> None:
    """Remove a folder in a process of its own, which goes on after this one ends (the next build
    removes whatever it leaves, as a leftover)."""
    code = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
    subprocess.Popen(
        [sys.executable, "-c", code, str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def swap_in(staging: Path, output: Path, background: bool = False) -> None:
    """Replace the output folder with the freshly built one.

    Once the new site is in place, failing to remove the old one is only a warning: the next build
    removes it. With `background`, the old one is removed while the build returns.
    """
    if not output.exists():
        staging.rename(output)
        return
    retired = Path(tempfile.mkdtemp(prefix=temporary_prefix(output, "old"), dir=output.parent))
    output.rename(retired / output.name)
    staging.rename(output)
    if background:
        remove_in_background(retired)
        return
    try:
        shutil.rmtree(retired)
    except OSError as error:
        logger.warning(
            "The new site is in %s, but the old one could not be removed from %s: %s", output, retired, error
        )


def build_site(
    settings_file: Path = DEFAULT_SETTINGS,
    content: Path | None = None,
    output: Path | None = None,
    today: date | None = None,
    search: bool = True,
    overrides: Settings | None = None,
    cache: bool = False,
    incremental: bool = False,
) -> Path:
    """Build the whole site into `output` (default: the settings' OUTPUT_PATH); returns that folder.

    `overrides` replaces settings after the settings file is read (paths in it must be absolute).
    With `cache`, Markdown rendered by earlier builds is read from, and this build's written to, the
    content cache in the CACHE_PATH folder (see pipeline.contentcache). With `incremental`, the pages
    the previous build of `output` wrote that show the same as they would now are linked from it rather
    than rendered again, the parts of the search index whose pages are all unchanged are linked from
    those kept beside it (see pipeline.site.search), and the previous site is removed in the background
    (see pipeline.site.record); every build records its pages, and keeps its search parts, for the next.

    Raises InvalidCatalogue when the catalogue has errors, BuildFailed when a later step
    fails; in both cases the output folder is left as it was.
    """
    settings = read_settings(settings_file, content, today, {"PIPELINE_CACHE": cache, **(overrides or {})})
    output = Path(output or settings["OUTPUT_PATH"]).resolve()
    check_output_folder(output, settings, settings_file)
    output.parent.mkdir(parents=True, exist_ok=True)
    fingerprint = record.fingerprint(settings, settings_file)
    with output_lock(output):
        remove_leftovers(output, background=incremental)
        previous = record.read_previous(output, fingerprint) if incremental else None
        staging = Path(tempfile.mkdtemp(prefix=temporary_prefix(output, "building"), dir=output.parent))
        try:
            building = {"OUTPUT_PATH": str(staging), "PIPELINE_PREVIOUS": previous}
            recording = run_pelican_apart({**settings, **building, "PIPELINE_RECORDING": record.Recording()})
            if search:
                build_index(staging, cache=search_cache(output), reuse=incremental)
            staging.chmod(0o755)
            pages = recording.pages(staging)
            record.forget(output)
            swap_in(staging, output, background=incremental)
            record.save(output, fingerprint, pages, recording.similar)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return output
