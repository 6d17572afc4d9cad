"""`pipeline intake`: turn a submitted issue form into an entry file, or into plain-English problems.

The body is read as GitHub renders an issue form: a `### Label` heading before each answer,
`_No response_` for a blank and `- [X]` for a ticked box. Answers go into the front matter through
the schema paths the forms were generated from (pipeline.forms), so the two cannot drift apart.
Everything in the body is untrusted: it is only ever data, checked and written through the writer.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from . import forms, schemas
from .catalogue import load_catalogue
from .freshness import Policy
from .gfm import escape, one_line
from .loader import Document
from .model import FOLDER_OF_KIND, NOUN_OF_KIND
from .scaffold import put_at
from .validation import check_schema
from .writer import create_entry_file, slugify

FORM_OF_KIND = {
    "project": "add-project",
    "makerday": "add-makerday",
    "council": "add-council",
    "join": "join-project",
}
NO_RESPONSE = "_No response_"
MAX_BODY_CHARS = 64 * 1024
ENTRY_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID_LENGTH = 80
GITHUB_LOGIN = re.compile(r"^[A-Za-z0-9](-?[A-Za-z0-9]){0,38}$")
TICKED = re.compile(r"^- \[[xX]\] ", re.MULTILINE)
# C0 controls other than tab and newline, DEL, and the bidirectional overrides used to disguise text.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")

# (the form question it is about, or "" for the whole submission; what to do)
Note = tuple[str, str]


class IntakeError(Exception):
    """A submission that cannot become an entry; the notes go back to its author."""

    def __init__(self, notes: list[Note]):
        super().__init__("; ".join(message for _, message in notes))
        self.notes = notes


@dataclass
class Submission:
    """What an issue form gave: front matter, the entry's text and id, other answers, and problems."""

    kind: str
    form: forms.Form
    data: dict = field(default_factory=dict)
    body: str = ""
    entry_id: str = ""
    extras: dict[str, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    def refuse(self, question: str, message: str) -> None:
        self.notes.append((question, message))


# Reading the issue body ---------------------------------------------------------


def answers(body: str, labels: list[str]) -> dict[str, str]:
    """The answer under each expected `### Label` heading; a label found twice is refused.

    Only the form's own labels count as headings, so other `###` lines stay in the answer they are in.
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found: dict[str, int] = {}
    for number, line in enumerate(lines):
        heading = line[4:].strip() if line.startswith("### ") else None
        if heading in found:
            raise IntakeError(
                [(heading, "this question appears twice in the issue; keep only the form's answer.")]
            )
        if heading in labels:
            found[heading] = number
    starts = sorted(found.values())
    result = {}
    for heading, start in found.items():
        end = next((later for later in starts if later > start), len(lines))
        text = "\n".join(lines[start + 1 : end]).strip()
        result[heading] = "" if text == NO_RESPONSE else text
    return result


def clean(submission: Submission, question: str, text: str, markdown: bool = False) -> str:
    """The text, or "" with a note: control characters are refused, and HTML outside Markdown."""
    if CONTROL.search(text):
        submission.refuse(question, "remove the invisible control characters (retype the text if unsure).")
        return ""
    if not markdown and HTML_TAG.search(text):
        submission.refuse(question, "remove the HTML tags (the parts in < >); write plain text only.")
        return ""
    return text


def list_items(text: str) -> list[str]:
    """Values one per line or separated by commas, with any list bullets removed."""
    parts = (part.strip() for part in re.split(r"[\n,]", text))
    return [part.removeprefix("- ").removeprefix("* ").strip() for part in parts if part]


def choice(submission: Submission, question: str, text: str, options: list[tuple[str, str]]) -> str:
    """The schema value for a dropdown answer, given as its label (or as the value itself)."""
    wanted = text.strip().casefold()
    for value, option_label in options:
        if wanted in (option_label.casefold(), value.casefold()):
            return value
    listed = ", ".join(option_label for _, option_label in options)
    submission.refuse(question, f'"{text}" is not one of the choices; choose one of: {listed}.')
    return ""


def whole_pounds(text: str) -> str:
    return re.sub(r"[£,\s]", "", text).removesuffix(".00")


# Turning answers into an entry --------------------------------------------------


def field_value(submission: Submission, question: forms.Field, text: str):
    kind = submission.form.kind
    name = forms.label(kind, question)
    options = forms.choices(kind, question.path)
    if forms.is_list(kind, question.path):
        if options:
            items = [choice(submission, name, item, options) for item in re.split(r",\s*", one_line(text))]
        else:
            items = [clean(submission, name, item) for item in list_items(text)]
        return [item for item in items if item]
    text = clean(submission, name, one_line(text))
    if options:
        return choice(submission, name, text, options)
    if schemas.field_schema(kind, question.path).get("type") == "integer":
        return whole_pounds(text)
    return text


def entry_id(submission: Submission, text: str, fallback: str) -> str:
    question = forms.ENTRY_ID.label
    if not text:
        made = slugify(fallback)
        if not made:
            submission.refuse(question, "give one, as the title has no letters or digits to make it from.")
        return made
    if len(text) > MAX_ID_LENGTH or not ENTRY_ID.match(text):
        submission.refuse(
            question,
            "use only lower-case letters, digits and single hyphens "
            f"(up to {MAX_ID_LENGTH} characters), like bin-collection-reminders.",
        )
        return ""
    return text


def challenges(submission: Submission, text: str) -> list[dict]:
    found = []
    for line in (line.strip().removeprefix("- ") for line in text.split("\n")):
        project, colon, brief = line.partition(":")
        if not line.strip():
            continue
        if not colon or not brief.strip():
            submission.refuse(
                "Challenges",
                f'"{line}" needs the project\'s short name, a colon, then the brief, like: '
                "bin-collection-reminders: Design the reminder for a changed collection day.",
            )
            continue
        brief = clean(submission, "Challenges", one_line(brief))
        found.append({"project": one_line(project), "brief": brief})
    return found


def defaults(kind: str, today: date) -> dict:
    """Fields the forms do not ask for: a new project is reviewed today, a new maker day is on."""
    if kind == "project":
        return {"last_reviewed": today.isoformat()}
    return {"status": "scheduled"} if kind == "makerday" else {}


def in_schema_order(kind: str, data: dict) -> dict:
    order = list(schemas.field_schema(kind, ()).get("properties", {}))
    return {name: data[name] for name in sorted(data, key=order.index)}


def read_submission(text: str, kind: str, today: date) -> Submission:
    """Map an issue body onto a new entry's front matter, noting every problem found."""
    if len(text) > MAX_BODY_CHARS:
        raise IntakeError(
            [("", f"The issue is longer than {MAX_BODY_CHARS:,} characters; shorten the answers.")]
        )
    form = forms.FORMS_BY_NAME[FORM_OF_KIND[kind]]
    submission = Submission(kind, form)
    given = answers(text, [forms.label(form.kind, question) for question in form.questions])
    for question in form.questions:
        name = forms.label(form.kind, question)
        answer = given.get(name, "")
        if not answer:
            if forms.required(form.kind, question):
                submission.refuse(name, "this is needed; please fill it in.")
        elif isinstance(question, forms.Extra):
            submission.extras[question.name] = answer
        elif value := field_value(submission, question, answer):
            put_at(submission.data, question.path, value)
    extras = submission.extras
    if "consent" in extras and not TICKED.search(extras["consent"]):
        submission.refuse(forms.PUBLISHING.label, "tick the box to agree that the entry can be published.")
    if "challenges" in extras:
        submission.data["challenges"] = challenges(submission, extras["challenges"])
    body_label = next(
        (q.label for q in form.questions if isinstance(q, forms.Extra) and q.name == "body"), ""
    )
    submission.body = clean(submission, body_label, extras.get("body", ""), markdown=True)
    submission.data = in_schema_order(form.kind, {**defaults(kind, today), **submission.data})
    if kind in FOLDER_OF_KIND:
        title = submission.data.get("title") or submission.data.get("name") or ""
        submission.entry_id = entry_id(submission, one_line(extras.get("id", "")), title)
    return submission


# Checking and writing the entry -------------------------------------------------


def question_labels(form: forms.Form) -> dict[str, str]:
    """Form labels by field name as problems give it ("contacts.email"), list positions left out."""
    return {
        ".".join(part for part in question.path if part != "*"): forms.label(form.kind, question)
        for question in form.questions
        if isinstance(question, forms.Field)
    }


def explain(form: forms.Form, problems, already: set[str] = frozenset()) -> list[Note]:
    """Problems as notes on the form's questions; questions already noted are not noted twice."""
    by_field = question_labels(form)
    notes = []
    for problem in problems:
        name = re.sub(r"\[\d+\]", "", problem.field)
        while name and name not in by_field:
            name = name.rpartition(".")[0]
        question = by_field.get(name, "")
        if question not in already or not question:
            notes.append((question, problem.message))
    return notes


def catalogue_notes(submission: Submission, content: Path, today: date, policy: Policy) -> list[Note]:
    """What the whole catalogue's checks say about the entry, tried in a scratch folder."""
    folder = FOLDER_OF_KIND[submission.kind]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch, folder, f"{submission.entry_id or 'new-entry'}.md").resolve()
        create_entry_file(path, submission.data, submission.body)
        _, problems = load_catalogue(content, today, policy, extra_files=[(folder, path)])
    errors = [problem for problem in problems if problem.is_error and Path(problem.path).resolve() == path]
    return explain(submission.form, errors, {question for question, _ in submission.notes})


def write_entry(submission: Submission, content: Path, today: date, policy: Policy) -> Path:
    """Write the entry if the whole catalogue accepts it; otherwise raise with every problem."""
    path = content / FOLDER_OF_KIND[submission.kind] / f"{submission.entry_id}.md"
    if submission.entry_id and path.exists():
        submission.refuse(
            forms.ENTRY_ID.label,
            f'there is already an entry called "{submission.entry_id}"; choose another short name, '
            "or use the update form if it is the same thing.",
        )
    notes = submission.notes + catalogue_notes(submission, content, today, policy)
    if notes:
        raise IntakeError(notes)
    create_entry_file(path, submission.data, submission.body)
    return path


# Join requests ------------------------------------------------------------------


def mentions(catalogue, project) -> str:
    """The project's contacts on GitHub and its lead council's maintainers, as @mentions."""
    handles = [contact["github"] for contact in project.get("contacts", []) if contact.get("github")]
    lead = catalogue.councils.get(project.lead_council)
    handles += lead.get("maintainers", []) if lead else []
    return " ".join(f"@{handle.removeprefix('@')}" for handle in dict.fromkeys(handles))


def join_comment(submission: Submission, content: Path, today: date, policy: Policy) -> str:
    """The comment that mentions a project's contacts when a council asks to join it."""
    catalogue, _ = load_catalogue(content, today, policy)
    project_id = one_line(submission.extras.get("project", ""))
    project = catalogue.projects.get(project_id)
    pledge = submission.data.get("pledges", [{}])[0]
    if project_id and project is None:
        submission.refuse(
            "Project", f'there is no project called "{project_id}"; copy the short name from its web address.'
        )
    if pledge.get("council") and pledge["council"] not in catalogue.councils:
        submission.refuse(
            "Your council",
            f'there is no council called "{pledge["council"]}"; add it with the "Add your council" form first.',
        )
    if project is not None and not submission.notes:
        candidate = {**project.data, "pledges": [*project.get("pledges", []), pledge]}
        found = check_schema("project", project.source, Document(data=candidate, body="", body_line=1))
        submission.notes += explain(submission.form, found)
    if submission.notes:
        raise IntakeError(submission.notes)
    council = catalogue.councils[pledge["council"]]
    offer = dict(forms.choices("project", ("pledges", "*", "kind")))[pledge["kind"]].lower()
    amount = f" (£{pledge['amount_gbp']:,})" if pledge.get("amount_gbp") else ""
    lines = [
        f"{mentions(catalogue, project) or 'Maintainers'}: **{escape(council.name)}** would like to join "
        f"**{escape(project.title)}** and could offer **{offer}**{amount}."
    ]
    if pledge.get("note"):
        lines.append(f"\n> {escape(pledge['note'])}")
    snippet = yaml.safe_dump([pledge], sort_keys=False, allow_unicode=True, width=100)
    lines.append(f"\nTo record it, add this under `pledges:` in `{project.source}`:\n\n```yaml\n{snippet}```")
    return "\n".join(lines) + "\n"


# Reporting back -----------------------------------------------------------------


def problems_comment(notes: list[Note], author: str = "") -> str:
    greeting = f"Thank you, @{author}. " if GITHUB_LOGIN.match(author) else "Thank you. "
    items = "\n".join(
        f"- **{escape(question)}**: {escape(message)}" if question else f"- {escape(message)}"
        for question, message in notes
    )
    return (
        f"{greeting}This cannot be added yet. Please edit the issue to fix the following; "
        f"it is checked again when you save.\n\n{items}\n"
    )


def commit_message(submission: Submission, issue: int | None, author: str, author_id: int | None) -> str:
    """The commit (and pull request) message: what is added, the issue it closes, who wrote it."""
    title = submission.data.get("title") or submission.data.get("name")
    lines = [f"Add {NOUN_OF_KIND[submission.kind]}: {title}", ""]
    if issue:
        lines += [f"Submitted through the issue form in #{issue}.", "", f"Closes #{issue}"]
    if GITHUB_LOGIN.match(author) and author_id:
        lines += ["", f"Co-authored-by: {author} <{author_id}+{author}@users.noreply.github.com>"]
    return "\n".join(lines) + "\n"
