"""Personal data kept out of what the catalogue publishes as open data.

The Open Government Licence does not cover personal data. Contacts are published as roles, team
mailboxes, contact pages and GitHub handles; a person's name only for a public-facing role, which the
contact says with `public_facing: true` (the contact definition in schemas/definitions.schema.json).
The exports, per-entry JSON and embeds take an entry's fields through `public_fields`; `validate` warns
about email addresses that look like a person's (`personal_email`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from . import schemas

# Only the contact definition has this field, so it marks a contact wherever one is used.
PUBLIC_FACING = "public_facing"
# firstname.lastname@, first_last@ and f.lastname@: a dot or underscore between two runs of letters.
_PERSONAL_LOCAL_PART = re.compile(r"[a-z]+[._][a-z]{2,}(?:[._-]?[0-9]+)?", re.IGNORECASE)
# Words that make an address a team's even when it is written like a name: digital.team@, planning.data@.
TEAM_WORDS = frozenset(
    [
        "admin",
        "data",
        "design",
        "development",
        "digital",
        "enquiries",
        "help",
        "hub",
        "info",
        "mailbox",
        "office",
        "service",
        "services",
        "support",
        "team",
        "transformation",
    ]
)


@cache
def contact_fields(kind: str) -> tuple[tuple[str, ...], ...]:
    """Field paths of an entry kind that hold a contact, "*" standing for list items."""
    return tuple(
        path for path, node in schemas.walk_fields(kind) if PUBLIC_FACING in node.get("properties", {})
    )


def public_contact(contact: dict[str, Any]) -> dict[str, Any]:
    """The contact as it may be published: its name only when its role is public-facing."""
    if contact.get(PUBLIC_FACING) is True:
        return contact
    return {key: value for key, value in contact.items() if key != "name"}


def public_fields(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """An entry's fields with every contact made public (a copy: the entry itself is untouched)."""
    published = data
    for path in contact_fields(kind):
        published = _replace_at(published, path)
    return published


def _replace_at(value: Any, path: tuple[str, ...]) -> Any:
    """The value with the contacts at `path` made public, copied along the way, never changed in place."""
    if not path:
        return public_contact(value) if isinstance(value, dict) else value
    head, rest = path[0], path[1:]
    if head == "*":
        return [_replace_at(item, rest) for item in value] if isinstance(value, list) else value
    if isinstance(value, dict) and head in value:
        return {**value, head: _replace_at(value[head], rest)}
    return value


def personal_email(address: str) -> bool:
    """Whether an email address looks like one person's (jane.smith@, j.smith@) rather than a team's."""
    local = address.removeprefix("mailto:").partition("@")[0]
    if not _PERSONAL_LOCAL_PART.fullmatch(local):
        return False
    words = re.split(r"[._-]", local.lower())
    return not TEAM_WORDS.intersection(words)


def team_mailbox_example(address: str) -> str:
    """A team mailbox at the same domain, to suggest in place of a personal address."""
    domain = address.partition("@")[2] or "example.gov.uk"
    return f"digital@{domain}"
