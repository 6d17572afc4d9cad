"""Who owns a project: the people whose word on it is trusted without a maintainer's review.

A project's owners are the GitHub handles among its contacts plus its lead council's `maintainers`.
Handles are compared without their "@" and without regard to case, as GitHub compares logins. A team
handle ("my-council/digital-team") is kept for mentions, but never matches a login: whether someone
is in a team cannot be known from the catalogue, so team members are not owners here.
"""

from __future__ import annotations

from .catalogue import Catalogue
from .model import Project


def handle_key(handle: str) -> str:
    """A handle as GitHub compares it: no "@", any case."""
    return handle.strip().removeprefix("@").casefold()


def owner_handles(catalogue: Catalogue, project: Project) -> list[str]:
    """The project's contacts on GitHub, then its lead council's maintainers, each once, without "@"."""
    handles = [str(contact["github"]) for contact in project.get("contacts", []) if contact.get("github")]
    lead = catalogue.councils.get(project.lead_council)
    handles += [str(handle) for handle in lead.get("maintainers", [])] if lead else []
    found: dict[str, str] = {}
    for handle in handles:
        found.setdefault(handle_key(handle), handle.strip().removeprefix("@"))
    return list(found.values())


def is_owner(catalogue: Catalogue, project: Project, login: str) -> bool:
    """Whether a GitHub login is one of the project's owners (never true for an empty login)."""
    wanted = handle_key(login)
    return bool(wanted) and wanted in {handle_key(handle) for handle in owner_handles(catalogue, project)}
