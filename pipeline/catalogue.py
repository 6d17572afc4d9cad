"""Loading a content folder into a cross-linked catalogue, collecting every problem on the way."""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
import stat
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from . import rules, validation
from .freshness import Policy
from .loader import LoadError, load_file, reading
from .model import (
    ENTRY_TYPES,
    FOLDERS,
    LONDON,
    PAGES_FOLDER,
    SITE_SECTIONS,
    Council,
    Entry,
    MakerDay,
    Project,
)
from .problems import ERROR, Problem
from .welsh import check_document, split_body


def london_today() -> date:
    return datetime.now(LONDON).date()


@dataclass
class Catalogue:
    councils: dict[str, Council] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    makerdays: dict[str, MakerDay] = field(default_factory=dict)
    # Ids of every file found, valid or not, so one broken file does not
    # also make every reference to it an error.
    known_ids: dict[str, set[str]] = field(default_factory=lambda: {folder: set() for folder in FOLDERS})

    def __post_init__(self) -> None:
        self.link()

    def add(self, entry: Entry) -> None:
        self.in_folder(entry.folder)[entry.id] = entry

    def in_folder(self, folder: str) -> dict[str, Entry]:
        """The entries of one content folder ("projects"), by id; none for a folder that is not one."""
        found: dict[str, Entry] = getattr(self, folder) if folder in FOLDERS else {}
        return found

    def entries(self) -> Iterator[Entry]:
        yield from self.councils.values()
        yield from self.projects.values()
        yield from self.makerdays.values()

    def council_name(self, council_id: str) -> str:
        """The council's name, or its id when its entry is missing or could not be read."""
        council = self.councils.get(council_id)
        return council.name if council else council_id

    def link(self) -> None:
        """Build the indexes that answer 'who works with whom' questions."""
        self.led: defaultdict[str, list[Project]] = defaultdict(list)
        self.partnered: defaultdict[str, list[Project]] = defaultdict(list)
        self.pledges: defaultdict[str, list[tuple[Project, dict[str, Any]]]] = defaultdict(list)
        self.hosted: defaultdict[str, list[MakerDay]] = defaultdict(list)
        self.challenged_at: defaultdict[str, list[MakerDay]] = defaultdict(list)
        self.born_here: defaultdict[str, list[Project]] = defaultdict(list)
        for project in self.projects.values():
            self.led[project.lead_council].append(project)
            for council_id in project.partner_councils:
                self.partnered[council_id].append(project)
            for pledge in project.get("pledges", []):
                self.pledges[pledge["council"]].append((project, pledge))
            if project.get("born_at"):
                self.born_here[project.get("born_at")].append(project)
        for makerday in sorted(self.makerdays.values(), key=lambda day: day.starts):
            self.hosted[makerday.host_council].append(makerday)
            for project_id in dict.fromkeys(makerday.challenge_projects):
                self.challenged_at[project_id].append(makerday)

    def collaborators(self, council_id: str) -> dict[str, list[Project]]:
        """Other councils this council works with, through partnerships and pledges, with the shared projects."""
        shared: dict[str, list[Project]] = defaultdict(list)
        projects = (
            self.led[council_id] + self.partnered[council_id] + [p for p, _ in self.pledges[council_id]]
        )
        for project in dict.fromkeys(projects):
            pledgers = [pledge["council"] for pledge in project.get("pledges", [])]
            for other in dict.fromkeys(project.councils + pledgers):
                if other != council_id and other in self.councils:
                    shared[other].append(project)
        return dict(sorted(shared.items(), key=lambda item: self.councils[item[0]].name))


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to the current folder where possible."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative


def content_files(content_dir: Path) -> list[tuple[str, Path]]:
    """(folder, path) for every entry file; hidden files and folders are never read."""
    found = []
    for folder in FOLDERS:
        directory = content_dir / folder
        if directory.is_dir():
            found += [(folder, path) for path in sorted(directory.iterdir()) if not path.name.startswith(".")]
    return found


def read_entry(folder: str, path: Path, source: str | None = None) -> tuple[Entry | None, list[Problem]]:
    """Load and schema-check one file; the entry is None when it cannot be read at all.

    `source` is the path as problems show it (display_path(path) unless given).
    """
    source = source or display_path(path)
    problem = _not_a_plain_file(path, folder)
    if problem:
        return None, [Problem(source, 1, 1, ERROR, problem)]
    try:
        document = load_file(path)
    except LoadError as error:
        return None, [Problem(source, error.line, error.column, ERROR, error.message)]
    entry_type = ENTRY_TYPES[folder]
    problems = validation.check_schema(entry_type.kind, source, document)
    body = split_body(document.body)
    entry = entry_type(path.stem, source, path, document.data, body.english, document, body.welsh)
    return entry, problems


def _not_a_plain_file(path: Path, folder: str) -> str | None:
    """Why a file in a content folder cannot be read as one of its files before opening it, or None."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        mode = 0  # gone or unreadable: load_file says so
    if stat.S_ISLNK(mode):
        return "this is a link; put the file itself here"
    if stat.S_ISDIR(mode):
        return f"this is a folder; only .md files go directly in {folder}"
    return validation.check_file_name(path.name)


def check_pages(content_dir: Path) -> list[Problem]:
    """Pages of the site's own (content/pages/) are read by the same loader and checked against the page
    schema; a page may not take the name of a part of the site."""
    folder = content_dir / PAGES_FOLDER
    problems: list[Problem] = []
    paths = sorted(folder.iterdir()) if folder.is_dir() and not folder.is_symlink() else []
    for path in (path for path in paths if not path.name.startswith(".")):
        source = display_path(path)
        with reading(source):
            problems += _page_problems(path, source)
    return problems


def _page_problems(path: Path, source: str) -> list[Problem]:
    problem = _not_a_plain_file(path, PAGES_FOLDER)
    if problem is None and path.stem in SITE_SECTIONS:
        problem = (
            f'a page cannot be called "{path.stem}": the site\'s {path.stem}/ section is there; '
            "give the page another name"
        )
    if problem:
        return [Problem(source, 1, 1, ERROR, problem)]
    try:
        document = load_file(path)
    except LoadError as error:
        return [Problem(source, error.line, error.column, ERROR, error.message)]
    problems = validation.check_schema("page", source, document)
    return problems or check_document(source, document)


def check_content_folder(content_dir: Path) -> list[Problem]:
    """Anything at the top of the content folder that Pipeline does not read, which would otherwise be
    left out without a word: a misspelt folder, or an entry put in the wrong place."""
    known = (*FOLDERS, PAGES_FOLDER)
    where = ", ".join(f"{content_dir.name}/{name}/" for name in known)
    problems = []
    for path in sorted(content_dir.iterdir()) if content_dir.is_dir() else []:
        if path.name.startswith(".") or path.name in known:
            continue
        shown = display_path(path)
        if path.is_dir() and not path.is_symlink():
            close = difflib.get_close_matches(path.name, known, n=1, cutoff=0.6)
            nudge = (
                f"did you mean {content_dir.name}/{close[0]}/?"
                if close
                else f"its files belong in one of {where}"
            )
            message = f"{shown}/ is not a folder Pipeline reads; {nudge}"
        else:
            message = (
                f"{shown} is not read by Pipeline: only the folders {where} are; move it into one of them"
            )
        problems.append(Problem(shown, 1, 1, ERROR, message))
    return problems


@contextlib.contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Loading makes many long-lived objects and no reference cycles: the cycle collector would only
    walk them again and again as they pile up (a tenth of the loading time at 10,000 entries)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class EntryFile:
    """One entry file as read: its entry (None when it could not be read) and its own problems."""

    folder: str
    path: Path
    source: str  # the path as problems show it
    entry: Entry | None
    problems: list[Problem]


def read_entry_file(folder: str, path: Path, source: str) -> EntryFile:
    with reading(source):
        entry, problems = read_entry(folder, path, source)
    return EntryFile(folder, path, source, entry, problems)


def source_name(shown_folder: str, name: str) -> str:
    """A file's path as problems show it, from its folder's (display_path of the resolved folder)."""
    return name if shown_folder == "." else os.path.join(shown_folder, name)


def read_one_entry_file(folder: str, path: Path) -> EntryFile:
    """One entry file read again alone (a preview's edited file), shown as read_entry_files shows it."""
    parent = path.parent.resolve()
    return read_entry_file(folder, parent / path.name, source_name(display_path(parent), path.name))


def read_entry_files(content_dir: Path, extra_files: Iterable[tuple[str, Path]] = ()) -> list[EntryFile]:
    """Read and schema-check every entry file under content_dir (plus extra files), each once."""
    found = content_files(Path(content_dir)) + list(extra_files)
    # Resolve the folder but not the file itself, so that a link is reported rather than followed;
    # each folder is resolved and put as problems show it once, not once per file.
    folders: dict[Path, tuple[Path, str]] = {}
    for path in {Path(path).parent for _, path in found}:
        resolved = path.resolve()
        folders[path] = resolved, display_path(resolved)
    files: dict[tuple[str, Path], str] = {}
    for folder, path in found:
        parent, shown = folders[Path(path).parent]
        name = Path(path).name
        files.setdefault((folder, parent / name), source_name(shown, name))
    with cycle_collection_paused():
        return [read_entry_file(folder, path, source) for (folder, path), source in files.items()]


def link_catalogue(
    files: Iterable[EntryFile], content_dir: Path, today: date, policy: Policy
) -> tuple[Catalogue, list[Problem]]:
    """The catalogue of the files' valid entries, linked, with every problem: the files' own, those of
    the rules across entries, and those of the content folder and its pages."""
    catalogue = Catalogue()
    problems: list[Problem] = []
    invalid: list[Entry] = []
    for file in files:
        catalogue.known_ids[file.folder].add(file.path.stem)
        problems += file.problems
        if file.entry and file.problems:
            invalid.append(file.entry)
        elif file.entry:
            catalogue.add(file.entry)
    catalogue.link()
    problems += rules.check_catalogue(catalogue, today, policy, invalid)
    problems += check_content_folder(Path(content_dir)) + check_pages(Path(content_dir))
    return catalogue, sorted(problems)


def load_catalogue(
    content_dir: Path, today: date, policy: Policy, extra_files: Iterable[tuple[str, Path]] = ()
) -> tuple[Catalogue, list[Problem]]:
    """Read every entry under content_dir (plus extra files), check it, and link the catalogue.

    Rules that depend on the day (dates in the future, maker day challenges that must be fresh) judge
    by `today` and the freshness `policy`. Returns the catalogue of valid entries and every problem
    found, sorted by file and line.
    """
    return link_catalogue(read_entry_files(content_dir, extra_files), content_dir, today, policy)
