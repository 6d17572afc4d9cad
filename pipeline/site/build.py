"""The site, built by Pelican, swapped into place only when whole.

The site is built into a temporary folder beside the output folder, indexed by Pagefind, and only
then swapped in: an invalid catalogue or a failed step leaves the previous site untouched, and pages
of deleted entries never linger.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from .. import site as site_plugin
from ..settings import DEFAULT_SETTINGS, Settings, settings_overrides
from .errors import BuildFailed


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


def run_pagefind(site: Path) -> None:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"]
    completed = subprocess.run(command, capture_output=True, text=True)
    if completed.returncode != 0:
        raise BuildFailed(f"the search index could not be built:\n{completed.stdout}{completed.stderr}")


def swap_in(staging: Path, output: Path) -> None:
    """Replace the output folder with the freshly built one."""
    if output.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
        output.rename(retired / output.name)
        staging.rename(output)
        shutil.rmtree(retired)
    else:
        staging.rename(output)


def build_site(
    settings_file: Path = DEFAULT_SETTINGS,
    content: Path | None = None,
    output: Path | None = None,
    today: date | None = None,
    search: bool = True,
    overrides: Settings | None = None,
    cache: bool = False,
) -> Path:
    """Build the whole site into `output` (default: the settings' OUTPUT_PATH); returns that folder.

    `overrides` replaces settings after the settings file is read (paths in it must be absolute).
    With `cache`, Markdown rendered by earlier builds is read from, and this build's written to, the
    content cache in the CACHE_PATH folder (see pipeline.contentcache).

    Raises InvalidCatalogue when the catalogue has errors, BuildFailed when a later step
    fails; in both cases the output folder is left as it was.
    """
    settings = read_settings(settings_file, content, today, {"PIPELINE_CACHE": cache, **(overrides or {})})
    output = Path(output or settings["OUTPUT_PATH"]).resolve()
    check_output_folder(output, settings, settings_file)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-building-", dir=output.parent))
    try:
        run_pelican({**settings, "OUTPUT_PATH": str(staging)})
        if search:
            run_pagefind(staging)
        staging.chmod(0o755)
        swap_in(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return output
