"""The site's settings (a Pelican settings file such as pelicanconf.py) and what is worked out from them.

The site, `pipeline build`, `pipeline stale` and `pipeline summary` read the same file, so they agree
on "today", on the site's address and on the GitHub links to an entry.
"""

from __future__ import annotations

import os
import runpy
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from .catalogue import london_today

if TYPE_CHECKING:
    from .model import Council, Entry, Project

# The settings, by their upper-case names, as plain data.
Settings = dict[str, Any]

DEFAULT_SETTINGS = Path("pelicanconf.py")
DEFAULTS = {"PATH": "content", "OUTPUT_PATH": "output", "CACHE_PATH": "cache", "SITEURL": ""}
PATH_SETTINGS = ("PATH", "OUTPUT_PATH", "CACHE_PATH")
GITHUB = "https://github.com"
JOIN_TEMPLATE = "join-project.yml"
UPDATE_TEMPLATE = "update-project.yml"
ADD_PROJECT_TEMPLATE = "add-project.yml"
CONFIRM_TEMPLATE = "confirm-project.yml"


def read_settings_file(
    settings_file: Path | None,
    content: Path | None = None,
    today: date | None = None,
    overrides: Settings | None = None,
) -> Settings:
    """The settings in the file (its upper-case names), as plain data; the defaults when there is no file.

    The file is read as Python, as Pelican reads it, with PATH, OUTPUT_PATH and CACHE_PATH made absolute
    against the file's folder. `content` replaces PATH and `today` sets PIPELINE_TODAY; `overrides`
    replaces settings after the file is read (paths in it must be absolute).
    """
    found: Settings = {}
    if settings_file is not None:
        found = {name: value for name, value in runpy.run_path(str(settings_file)).items() if name.isupper()}
    settings = {**DEFAULTS, **found, **settings_overrides(content, today, overrides)}
    folder = settings_file.resolve().parent if settings_file is not None else Path.cwd()
    for name in PATH_SETTINGS:
        settings[name] = os.path.normpath(folder / settings[name])
    return settings


def settings_overrides(content: Path | None, today: date | None, overrides: Settings | None) -> Settings:
    """What replaces the settings file's values: the content folder, "today" and any other overrides."""
    override = dict(overrides or {})
    if content is not None:
        override["PATH"] = str(content.resolve())
    if today is not None:
        override["PIPELINE_TODAY"] = today.isoformat()
    return override


def settings_today(settings: Settings) -> date:
    """The PIPELINE_TODAY setting when given (`--today` sets it), else the date in London."""
    fixed = settings.get("PIPELINE_TODAY")
    return date.fromisoformat(str(fixed)) if fixed else london_today()


def absolute_url(site_url: str, path: str) -> str:
    return f"{site_url.rstrip('/')}/{path.lstrip('/')}"


def page_url(settings: Settings, path: str) -> str:
    """The full address of a page of the site, like "projects/bin-app/"."""
    return absolute_url(settings.get("SITEURL", ""), path)


def source_path(settings: Settings, entry: Entry) -> str:
    """The entry's file in the GitHub repository."""
    content = settings.get("GITHUB_CONTENT_PATH", "content").strip("/")
    return f"{content}/{entry.folder}/{entry.id}.md"


def edit_url(settings: Settings, entry: Entry) -> str:
    """The GitHub page that edits the entry's file (the site's "Edit this page" link)."""
    branch = settings.get("GITHUB_BRANCH", "main")
    return f"{GITHUB}/{settings['GITHUB_REPO']}/edit/{branch}/{quote(source_path(settings, entry))}"


def issue_form_url(settings: Settings, form: str, title: str, fields: dict[str, str]) -> str:
    """A new GitHub issue from an issue form (its file name), with the title and fields filled in.

    GitHub fills in an issue form's `input` and `textarea` fields only from query parameters named
    after the fields' ids (not dropdowns or checkboxes, and never from `body=`).
    """
    query = urlencode({"template": form, **fields, "title": title}, quote_via=quote)
    return f"{GITHUB}/{settings['GITHUB_REPO']}/issues/new?{query}"


def join_url(settings: Settings, project: Project) -> str:
    """The join-project form with the project filled in."""
    return issue_form_url(settings, JOIN_TEMPLATE, f"Join project: {project.title}", {"project": project.id})


def confirm_url(settings: Settings, project: Project) -> str:
    """The confirm-project form with the project filled in: an owner only has to press Submit."""
    return issue_form_url(
        settings, CONFIRM_TEMPLATE, f"Confirm project: {project.title}", {"project": project.id}
    )


def update_url(settings: Settings, project: Project) -> str:
    """The update-project form with the project filled in."""
    return issue_form_url(
        settings, UPDATE_TEMPLATE, f"Update project: {project.title}", {"project": project.id}
    )


def add_project_url(settings: Settings, council: Council) -> str:
    """The add-project form with the council filled in as the lead council, by its name."""
    return issue_form_url(settings, ADD_PROJECT_TEMPLATE, "Add project: ", {"lead-council": council.name})
