"""Review reminders by email, for project owners who are not on GitHub.

The GitHub reminders (reminders.py) reach people through their GitHub handles, so a project whose
only contact is an email address never hears that it needs confirming. This module turns the output
of `pipeline stale --format json` into one plain-text email per such address, listing all of that
owner's projects with a link that confirms each one, and sends the emails or writes them to files.

Titles and council names come from entries anyone can propose, so everything taken from an entry is
put on one line without control characters before it reaches a header or the body, and the messages
use the email package's SMTP policy (unfolded, see UNFOLDED), which refuses a header containing a line
break.
"""

from __future__ import annotations

import hashlib
import re
import smtplib
import ssl
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

from . import freshness
from .dates import long_date
from .writer import slugify

# Plain ASCII addresses only. Spaces, control characters, "?" and "&" are refused: the schema allows
# "?" and "&", but they change what a mailto: link or a mail command does with the address.
SAFE_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%'*+/=^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# Unicode categories that must not reach a message: control, surrogate and private-use characters and
# line or paragraph breaks become spaces; invisible format characters (such as right-to-left overrides) are dropped.
BREAKS = {"Cc", "Cs", "Co", "Zl", "Zp"}
INVISIBLE = "Cf"
# Python 3.11 folds a long header by splitting its encoded words, and loses the spaces between accented
# words ("Llyfrgell Môn ôô" came back as "Llyfrgell  Mônôô"), so the messages are written unfolded. A
# subject holds at most SUBJECT_TITLE_LENGTH characters of a title, so its line stays well inside the
# 998 characters SMTP allows even when every character is encoded.
Record = dict[str, Any]
UNFOLDED = SMTP.clone(max_line_length=None)
SUBJECT_TITLE_LENGTH = 100
DEFAULT_PORT = 587
SMTP_TIMEOUT_SECONDS = 60
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}
# (unit, its length in days, the number of days from which the next unit reads better)


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: read from the environment by smtp_settings_from_env."""

    host: str
    port: int = DEFAULT_PORT
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str | None = None
    starttls: bool = True


@dataclass
class Owner:
    """An email address that is a project contact with no GitHub handle, and its projects to confirm."""

    address: str
    projects: list[Record]


# Reading the environment ------------------------------------------------------


def smtp_settings_from_env(environ: Mapping[str, str]) -> SmtpSettings | None:
    """The mail server from PIPELINE_SMTP_* variables, or None when PIPELINE_SMTP_HOST is not set.

    Raises ValueError, in words a maintainer can act on, for a port or STARTTLS value it cannot read.
    """
    host = environ.get("PIPELINE_SMTP_HOST", "").strip()
    if not host:
        return None
    return SmtpSettings(
        host=host,
        port=_port(environ.get("PIPELINE_SMTP_PORT", "")),
        user=environ.get("PIPELINE_SMTP_USER", "").strip() or None,
        password=environ.get("PIPELINE_SMTP_PASSWORD") or None,
        sender=environ.get("PIPELINE_SMTP_FROM", "").strip() or None,
        starttls=_switch("PIPELINE_SMTP_STARTTLS", environ.get("PIPELINE_SMTP_STARTTLS", "")),
    )


def _port(text: str) -> int:
    if not text.strip():
        return DEFAULT_PORT
    if not text.strip().isdecimal() or not 0 < int(text) < 65536:
        raise ValueError(f"PIPELINE_SMTP_PORT must be a port number, like {DEFAULT_PORT}, not {text!r}")
    return int(text)


def _switch(name: str, text: str) -> bool:
    """On unless the variable says off; an empty variable keeps the default."""
    word = text.strip().lower()
    if word in FALSE_WORDS:
        return False
    if not word or word in TRUE_WORDS:
        return True
    raise ValueError(f"{name} must be on or off (true or false), not {text!r}")


# Who to write to -------------------------------------------------------------


def one_line(text: str) -> str:
    """Text on a single line with no control or invisible characters, safe for a header or the body."""
    kept = (
        " " if unicodedata.category(character) in BREAKS else character
        for character in text
        if unicodedata.category(character) != INVISIBLE
    )
    return " ".join("".join(kept).split())


def owners(records: Iterable[Record]) -> tuple[list[Owner], list[str]]:
    """The owners to email, by address (ignoring case), and a warning for each address skipped.

    An owner is a contact with an email address and no GitHub handle: people with a handle are
    reminded on GitHub instead. Each owner's projects are the longest overdue first.
    """
    projects_by_address: dict[str, dict[str, Record]] = {}
    spelling: dict[str, str] = {}
    warnings = []
    for record in records:
        for address in email_only_addresses(record):
            if not SAFE_ADDRESS.fullmatch(address):
                warnings.append(skipped_address_warning(record, address))
                continue
            key = address.lower()
            spelling.setdefault(key, address)
            projects_by_address.setdefault(key, {}).setdefault(record["id"], record)
    found = [
        Owner(spelling[key], sorted(projects.values(), key=most_overdue_first))
        for key, projects in sorted(projects_by_address.items())
    ]
    return found, warnings


def email_only_addresses(record: Record) -> list[str]:
    """The project's contacts with an email address and no GitHub handle; none when it is orphaned
    (its contacts have left, and its reminders go to the council's maintainers on GitHub)."""
    if record.get("orphaned"):
        return []
    return [
        contact["email"].removeprefix("mailto:")
        for contact in record.get("contacts", [])
        if contact.get("email") and not contact.get("github")
    ]


def most_overdue_first(record: Record) -> tuple[int, str]:
    return (-record["days_overdue"], record["title"].casefold())


def skipped_address_warning(record: Record, address: str) -> str:
    return (
        f"Not emailed: the project “{one_line(record['title'])}” ({record['id']}) has the contact email "
        f"address “{one_line(address)}”, which is not a plain email address (it has spaces, control "
        f"characters, “?” or “&” in it, or letters with accents). Correct it in the project's entry: "
        f"{record['edit_url']}"
    )


# What to say -----------------------------------------------------------------


def overdue_text(record: Record) -> str:
    """How overdue a project's confirmation is, in words, with the date it falls or fell due."""
    days = record["days_overdue"]
    due = long_date(date.fromisoformat(record["review_due"]))
    when = (
        f"It was due on {due}." if days > 0 else f"Today is {due}." if days == 0 else f"It is due by {due}."
    )
    return f"{freshness.overdue_text(days).capitalize()}. {when}"


def subject(owner: Owner) -> str:
    if len(owner.projects) == 1:
        return f"Please confirm your Pipeline project is still accurate: {subject_title(owner.projects[0])}"
    return f"Please confirm {len(owner.projects)} Pipeline projects are still accurate"


def subject_title(record: Record) -> str:
    title = one_line(record["title"])
    if len(title) <= SUBJECT_TITLE_LENGTH:
        return title
    return title[: SUBJECT_TITLE_LENGTH - 1].rstrip() + "…"


def project_lines(record: Record) -> list[str]:
    return [
        one_line(record["title"]),
        f"Led by {one_line(record['lead_council_name'])}.",
        overdue_text(record),
        "",
        "Confirm it is still accurate:",
        one_line(record["confirm_url"]),
        "",
        "See the project page:",
        one_line(record["url"]),
    ]


def body(owner: Owner, stale: Record, manager: Record) -> str:
    """The message in GOV.UK's plain-text style: what to do first, then each project, then why."""
    many = len(owner.projects) > 1
    these = "these projects" if many else "this project"
    lines = [
        f"Please confirm that {these} on Pipeline {'are' if many else 'is'} still accurate.",
        "",
        f"Pipeline asks for every project to be confirmed every {stale['review_age_days']} days, so that "
        "other councils can trust what it says. A project that is not confirmed in time is shown as "
        "“not confirmed recently”.",
    ]
    for record in owner.projects:
        lines += ["", "---", "", *project_lines(record)]
    lines += ["", "---", "", *how_to_confirm(many), "", *sign_off(manager, these)]
    return "\n".join(lines) + "\n"


def how_to_confirm(many: bool) -> list[str]:
    link, project = ("Each confirm link", "a project") if many else ("The confirm link", "the project")
    which = "which projects are still accurate" if many else "if the project is still accurate"
    return [
        f"{link} opens a short form on GitHub with the project filled in. Check the project page first. "
        "If everything is still right, send the form. If something has changed, say what in the form.",
        "",
        f"If you do not have a GitHub account, reply to this email instead. Tell us {which} and what has "
        "changed.",
        "",
        f"If {project} has stopped, reply and tell us. We will mark it as archived and stop asking.",
    ]


def sign_off(manager: Record, these: str) -> list[str]:
    """Who the message is from, and why the owner got it and how to stop it."""
    return [
        "Thank you,",
        "",
        one_line(manager["role"]),
        "Pipeline",
        one_line(manager["email"]),
        "",
        f"You are getting this email because this address is listed as a contact for {these} on "
        f"Pipeline. To stop getting these emails, ask the {manager['role'].lower()} at {manager['email']} "
        "to change the contact.",
    ]


# The messages ----------------------------------------------------------------


def reminder_messages(
    stale: Record, settings: Record, sender: str | None = None, now: datetime | None = None
) -> tuple[list[EmailMessage], list[str]]:
    """One message per owner with only an email address, and a warning for each address skipped.

    `stale` is the output of `pipeline stale --format json` (its records have a confirm_url).
    `sender` is the From address (PIPELINE_SMTP_FROM); by default the community manager's, with the
    site's name. Replies go to the community manager.
    """
    found, warnings = owners(stale["projects"])
    manager = settings["COMMUNITY_MANAGER"]
    sender = sender or formataddr((settings.get("SITENAME", "Pipeline"), manager["email"]))
    sent_at = now or datetime.now(UTC)
    return [message(owner, stale, manager, sender, sent_at) for owner in found], warnings


def message(owner: Owner, stale: Record, manager: Record, sender: str, sent_at: datetime) -> EmailMessage:
    email = EmailMessage(policy=SMTP)
    email["From"] = sender
    email["To"] = Address(addr_spec=owner.address)
    email["Reply-To"] = manager["email"]
    email["Subject"] = subject(owner)
    email["Date"] = format_datetime(sent_at)
    email["Message-ID"] = message_id(owner, stale["today"], manager["email"])
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(body(owner, stale, manager), charset="utf-8")
    # Set after the content: the body's encoding needs a line length, the headers must not have one.
    email.policy = UNFOLDED
    return email


def message_id(owner: Owner, today: str, manager_email: str) -> str:
    """The same for the same reminder on the same day, so a mail server can drop a repeated run's copy."""
    about = "\n".join([today, owner.address.lower(), *(record["id"] for record in owner.projects)])
    digest = hashlib.sha256(about.encode("utf-8")).hexdigest()[:32]
    return f"<reminder.{digest}@{manager_email.rpartition('@')[2]}>"


def recipient(email: EmailMessage) -> str:
    return str(email["To"].addresses[0].addr_spec)


# Sending and dry runs -------------------------------------------------------


def send(messages: Iterable[EmailMessage], smtp: SmtpSettings) -> list[str]:
    """Send the messages over one connection; returns a sentence for each message the server refused.

    With starttls the connection is encrypted before anything else is said, and sending stops if the
    server cannot do that. Logs in only when a user is given.
    """
    refused = []
    with smtplib.SMTP(smtp.host, smtp.port, timeout=SMTP_TIMEOUT_SECONDS) as connection:
        if smtp.starttls:
            connection.starttls(context=ssl.create_default_context())
        if smtp.user:
            connection.login(smtp.user, smtp.password or "")
        for email in messages:
            try:
                connection.send_message(email)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
                refused.append(
                    f"The mail server did not accept the message to {recipient(email)}. "
                    f"It said: {server_reply(error)}"
                )
    return refused


def server_reply(error: smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError) -> str:
    """The server's code and words, like "550 No such mailbox"."""
    replies: list[tuple[int, bytes | str]] = (
        list(error.recipients.values())
        if isinstance(error, smtplib.SMTPRecipientsRefused)
        else [(error.smtp_code, error.smtp_error)]
    )
    return "; ".join(f"{code} {one_line(decoded(text))}" for code, text in replies)


def decoded(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply


def write_messages(messages: Iterable[EmailMessage], folder: Path) -> list[Path]:
    """Write each message, exactly as it would be sent, to a numbered .eml file named after its recipient."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, email in enumerate(messages, start=1):
        path = folder / f"{number:03d}-{slugify(recipient(email)) or 'message'}.eml"
        path.write_bytes(email.as_bytes(policy=UNFOLDED))
        paths.append(path)
    return paths
