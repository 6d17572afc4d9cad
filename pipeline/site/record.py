"""The build record: what each page of the last build showed, so the next build renders only what changed.

Beside the output folder (`.output-pages.json` for output/), a build records the build's fingerprint
(a hash of the code, the templates, the schemas, the settings, "today" and the content that is not an
entry: see `fingerprint`), the output folder it describes, and for each page and feed the digest of
what it showed (pipeline.site.dependencies) with the size and modification time of its file. The next
build with the same fingerprint links each page whose digest is unchanged from the previous site into
the new one instead of rendering it again (a hard link: the same file, no copy), and renders the rest.

The record is input that anyone could have written, so nothing in it is trusted. It is used only when
it is of the right shape, names the output folder as it is now (device, inode and modification time),
and has the same fingerprint; a page is reused only when its path is one this build planned and its
file is still the size and age recorded. Anything else, and the page (or the whole site) is rendered
afresh: a record can only ever save time. It is removed before the new site is swapped in and written
after, so a build interrupted in between leaves no record, and the next build is a full one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import shutil
import stat
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from pelican.utils import sanitised_join

from .. import schemas
from ..model import FOLDERS
from ..settings import Settings
from ..similarity import Scored

logger = logging.getLogger(__name__)

FORMAT = 1
# Settings that name where this build writes, or how, not what it writes.
NOT_FINGERPRINTED = (
    "OUTPUT_PATH",
    "CACHE_PATH",
    "PIPELINE_CACHE",
    "PIPELINE_WORKERS",
    "PIPELINE_PREVIOUS",
    "PIPELINE_RECORDING",
)
PACKAGES = ("pelican", "jinja2", "markupsafe", "markdown-it-py", "nh3", "feedgenerator", "pyyaml", "babel")
PACKAGE_ROOT = Path(__file__).resolve().parents[1]

# A page's record: (digest, size, modification time in nanoseconds).
PageRecord = tuple[str, int, int]


def record_path(output: Path) -> Path:
    return output.parent / f".{output.name}-pages.json"


def _hash_files(digest: hashlib.blake2b, root: Path, skip: Iterable[str] = ()) -> None:
    """Every file under root, by path and content (folders named in `skip`, at the top, left out)."""
    skipped = set(skip)
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        if Path(folder) == root:
            folders[:] = [name for name in folders if name not in skipped]
        for name in sorted(files):
            path = Path(folder) / name
            digest.update(f"{path.relative_to(root)}\0".encode("utf-8", "surrogateescape"))
            digest.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())


def fingerprint(settings: Settings, settings_file: Path) -> str:
    """What every page depends on: when it differs from the last build's, every page is rendered."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT}\0{platform.python_version()}\0".encode())
    for package in PACKAGES:
        digest.update(f"{package} {metadata.version(package)}\0".encode())
    shown = sorted((key, repr(value)) for key, value in settings.items() if key not in NOT_FINGERPRINTED)
    digest.update(repr(shown).encode("utf-8", "surrogatepass"))
    digest.update(settings_file.read_bytes())
    for root in (PACKAGE_ROOT, Path(settings["THEME"]), schemas.SCHEMA_DIR):
        digest.update(f"\0{root.name}\0".encode())
        _hash_files(digest, root)
    content = Path(settings["PATH"])
    if content.is_dir():
        _hash_files(digest, content, skip=FOLDERS)
    return digest.hexdigest()


def _folder_identity(folder: Path) -> list[int]:
    status = folder.stat()
    return [status.st_dev, status.st_ino, status.st_mtime_ns]


@dataclass
class Previous:
    """The previous site and what each of its pages showed, for this build to link unchanged pages from;
    and the similar projects it found, for this build to compare again only what changed."""

    site: Path
    pages: Mapping[str, PageRecord]
    similar: Scored | None = None
    reused: int = 0
    made: set[str] = field(default_factory=set)  # folders of the staging folder made so far

    def reuse(self, save_as: str, digest: str, staging: Path) -> bool:
        """Link the previous site's page into the staging folder when it showed the same; else False.

        `save_as` is a path this build planned, relative and inside the site; plain string paths and
        making each folder once keep this quick for tens of thousands of pages."""
        found = self.pages.get(save_as)
        if found is None or found[0] != digest or os.path.isabs(save_as) or ".." in save_as.split("/"):
            return False
        source = os.path.join(self.site, save_as)
        try:
            status = os.lstat(source)
            if (status.st_size, status.st_mtime_ns) != found[1:] or not stat.S_ISREG(status.st_mode):
                return False
            target = os.path.join(staging, save_as)
            folder = os.path.dirname(target)
            if folder not in self.made:
                os.makedirs(folder, exist_ok=True)
                self.made.add(folder)
            try:
                os.link(source, target)
            except OSError:  # a file system without hard links
                shutil.copy2(source, target)
        except OSError:
            return False
        self.reused += 1
        return True


@dataclass
class Recording:
    """What this build's pages showed (save_as -> digest), filled in while they are planned."""

    digests: dict[str, str] = field(default_factory=dict)
    similar: Scored | None = None

    def pages(self, site: Path) -> dict[str, PageRecord]:
        """Each recorded page's digest, size and modification time, as written into `site`."""
        found: dict[str, PageRecord] = {}
        for save_as, digest in self.digests.items():
            try:
                status = os.lstat(sanitised_join(str(site), save_as))
            except OSError:
                continue
            found[save_as] = (digest, status.st_size, status.st_mtime_ns)
        return found


def _page_records(stored: object) -> dict[str, PageRecord] | None:
    if not isinstance(stored, dict):
        return None
    pages: dict[str, PageRecord] = {}
    for save_as, value in stored.items():
        if not (
            isinstance(value, list)
            and len(value) == 3
            and isinstance(value[0], str)
            and all(type(number) is int for number in value[1:])
        ):
            return None
        pages[save_as] = (value[0], value[1], value[2])
    return pages


def read_previous(output: Path, expected: str) -> Previous | None:
    """The previous build of `output`, when its record can be trusted and it had the same fingerprint."""
    path = record_path(output)
    if not path.is_file() or not output.is_dir():
        return None
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        identity = _folder_identity(output)
    except (OSError, ValueError, RecursionError) as error:
        logger.warning("The build record %s cannot be read (%s): every page is rendered.", path, error)
        return None
    pages = _page_records(stored.get("pages")) if isinstance(stored, dict) else None
    if pages is None or stored.get("format") != FORMAT:
        logger.warning("The build record %s is not one Pipeline wrote: every page is rendered.", path)
        return None
    if stored.get("site") != identity or stored.get("fingerprint") != expected:
        return None
    return Previous(output, pages, read_similar(similar_path(output), expected))


def similar_path(output: Path) -> Path:
    return output.parent / f".{output.name}-similar.npz"


def read_similar(path: Path, expected: str) -> Scored | None:
    """The similar projects the previous build found, when the file is whole, consistent and of the same
    fingerprint; else None, and every project is compared again."""
    import numpy as np
    from scipy import sparse

    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in ("indptr", "indices", "data", "about")}
        about = json.loads(arrays["about"].tobytes().decode("utf-8"))
        ids, columns, matches = about["ids"], about["columns"], about["matches"]
        indptr, indices, data = arrays["indptr"], arrays["indices"], arrays["data"]
        shape = (len(ids), len(columns))
        if (
            about["fingerprint"] != expected
            or not all(isinstance(name, str) for name in [*ids, *columns])
            or data.dtype != np.float32
            or len(indptr) != shape[0] + 1
            or indptr[0] != 0
            or indptr[-1] != len(indices)
            or len(indices) != len(data)
            or np.any(np.diff(indptr) < 0)
            or (len(indices) and (indices.min() < 0 or indices.max() >= shape[1]))
        ):
            return None
        found = {
            str(project_id): [(str(other), float(score)) for other, score in listed]
            for project_id, listed in matches.items()
        }
        matrix = sparse.csr_matrix((data, indices, indptr), shape=shape)
        return Scored(ids, columns, matrix, found, int(about["top"]), float(about["threshold"]))
    except (OSError, ValueError, EOFError, KeyError, TypeError, AttributeError, RecursionError):
        return None  # numpy's loader raises these (an unpickling error is a ValueError) for a damaged file


def save_similar(path: Path, fingerprint_now: str, scored: Scored) -> None:
    import numpy as np

    about = {
        "fingerprint": fingerprint_now,
        "ids": scored.ids,
        "columns": scored.columns,
        "matches": scored.matches,
        "top": scored.top,
        "threshold": scored.threshold,
    }
    encoded = np.frombuffer(json.dumps(about).encode("utf-8"), dtype=np.uint8)
    matrix = scored.matrix
    handle, temporary = tempfile.mkstemp(prefix=path.name + "-", suffix=".npz", dir=path.parent)
    with os.fdopen(handle, "wb") as file:
        np.savez(file, indptr=matrix.indptr, indices=matrix.indices, data=matrix.data, about=encoded)
    os.replace(temporary, path)


def forget(output: Path) -> None:
    """Remove the record, before the site it describes is replaced."""
    record_path(output).unlink(missing_ok=True)
    similar_path(output).unlink(missing_ok=True)


def save(
    output: Path, fingerprint_now: str, pages: Mapping[str, PageRecord], similar: Scored | None = None
) -> None:
    """Record the site now in `output`, replacing the file whole; a warning if it cannot be written."""
    document = {
        "format": FORMAT,
        "fingerprint": fingerprint_now,
        "site": _folder_identity(output),
        "pages": pages,
    }
    path = record_path(output)
    try:
        handle, temporary = tempfile.mkstemp(prefix=path.name + "-", dir=output.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(document, file, separators=(",", ":"))
        os.replace(temporary, path)
        if similar is not None:
            save_similar(similar_path(output), fingerprint_now, similar)
    except OSError as error:
        logger.warning("The build record could not be saved in %s (%s).", path, error)
