"""`pipeline intake`: turn a submitted issue form into an entry, a change to one, or plain-English problems.

The body is read as GitHub renders an issue form: a `### Label` heading before each answer,
`_No response_` for a blank and `- [X]` for a ticked box. Answers go into the front matter through
the schema paths the forms were generated from (pipeline.forms), so the two cannot drift apart, and
are read the way people write them (pipeline.interpret): councils and projects by name, UK dates,
web addresses without https://, free-text tags, pasted bullets and curly quotes.

Four kinds of change come in: a new entry ("add"), a council asking to join a project ("join"), and,
from the update and confirm forms, an "update" or a "confirm" of a project, made with minimal-diff
edits (pipeline.edits) so the pull request shows only what changed. Everything in the body is
untrusted: it is only ever data, checked and written through the writer or the edits.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from . import edits, forms, schemas, similarity
from .catalogue import Catalogue, load_catalogue
from .freshness import Policy
from .gfm import escape, one_line
from .interpret import CouncilNames, ProjectNames, Reading, clean_pasted, read_date, read_list, read_tags
from .interpret import read_web_address as read_address
from .loader import Document, LoadError
from .model import FOLDER_OF_KIND, NOUN_OF_KIND, Project
from .owners import is_owner, owner_handles
from .problems import Problem
from .scaffold import put_at
from .settings import join_url, page_url
from .validation import check_file_name, check_schema, is_reserved_id, max_id_length
from .welsh import BODY_MARKER, split_body
from .writer import create_entry_file, entry_text, slugify

FORM_OF_KIND = {
    "project": "add-project",
    "makerday": "add-makerday",
    "council": "add-council",
    "join": "join-project",
}
# The update and confirm forms are both read with `--kind update`, told apart by their questions.
UPDATE_FORM = "update-project"
CONFIRM_FORM = "confirm-project"
KINDS = (*FORM_OF_KIND, "update")
NO_RESPONSE = "_No response_"
MAX_BODY_CHARS = 64 * 1024
GITHUB_LOGIN = re.compile(r"^[A-Za-z0-9](-?[A-Za-z0-9]){0,38}$")
TICKED = re.compile(r"^- \[[xX]\] ", re.MULTILINE)
# C0 controls other than tab and newline, DEL, and the bidirectional overrides used to disguise text.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?]")
TIME_OF_DAY = re.compile(r"^(?P<day>.*?)[\s,T]+(?:at\s+)?(?P<hour>[0-9]{1,2})[:.](?P<minute>[0-9]{2})$")
GITHUB_ADDRESS = re.compile(r"^(?:https?://)?(?:www\.)?github\.com/", re.IGNORECASE)

# Fields filled from questions that are not front-matter fields themselves, by the question's name.
FILLED_BY_EXTRA = {"challenges": "challenges", "news": "updates", "news_cy": "updates.cy"}
# (the form question it is about, or "" for the whole submission; what to do)
Note = tuple[str, str]
Data = dict[str, Any]


class IntakeError(Exception):
    """A submission that cannot become an entry; the notes go back to its author."""

    def __init__(self, notes: list[Note]):
        super().__init__("; ".join(message for _, message in notes))
        self.notes = notes


@dataclass
class Context:
    """The catalogue a submission is judged against, loaded once, with its names for looking things up."""

    content: Path
    today: date
    policy: Policy = field(default_factory=Policy)
    settings: Data = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.catalogue: Catalogue = load_catalogue(self.content, self.today, self.policy)[0]
        self.councils = CouncilNames.from_catalogue(self.catalogue)
        self.projects = ProjectNames.from_catalogue(self.catalogue)


@dataclass
class Submission:
    """What an issue form gave: front matter, the entry's text and id, other answers, and problems."""

    kind: str
    form: forms.Form
    data: Data = field(default_factory=dict)
    body: str = ""
    entry_id: str = ""
    extras: dict[str, str] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    def refuse(self, question: str, message: str) -> None:
        if (question, message) not in self.notes:
            self.notes.append((question, message))

    def check(self) -> None:
        if self.notes:
            raise IntakeError(self.notes)


@dataclass
class Outcome:
    """What intake decided: the entry changed, how, whether its owner vouches for it, and what to say."""

    change: str  # "add", "update", "confirm" or "join"
    entry: Path
    title: str
    owner_confirmed: bool = False
    changed: bool = True
    message: str = ""  # the commit message (its first line is the pull request's title)
    comment: str = ""  # Markdown for the issue
    possible_duplicates: list[Data] = field(default_factory=list)

    def as_json(self) -> Data:
        found: Data = {
            "entry": self.entry.as_posix(),
            "change": self.change,
            "owner_confirmed": self.owner_confirmed,
            "changed": self.changed,
            "message": self.message,
            "comment": self.comment,
        }
        if self.change == "add":
            found["possible_duplicates"] = self.possible_duplicates
        return found


# Reading the issue body ---------------------------------------------------------


def answers(body: str, labels: list[str]) -> dict[str, str]:
    """The answer under each expected `### Label` heading; a label found twice is refused.

    Only the form's own labels count as headings, so other `###` lines stay in the answer they are in.
    """
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found: dict[str, int] = {}
    for number, line in enumerate(lines):
        heading = line[4:].strip() if line.startswith("### ") else None
        if heading is None:
            continue
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


def checked_length(text: str) -> None:
    if len(text) > MAX_BODY_CHARS:
        raise IntakeError(
            [("", f"The issue is longer than {MAX_BODY_CHARS:,} characters; shorten the answers.")]
        )


def clean(submission: Submission, question: str, text: str, markdown: bool = False) -> str:
    """The text, or "" with a note: control characters are refused, and HTML outside Markdown."""
    if CONTROL.search(text):
        submission.refuse(question, "remove the invisible control characters (retype the text if unsure).")
        return ""
    if not markdown and HTML_TAG.search(text):
        submission.refuse(question, "remove the HTML tags (the parts in < >); write plain text only.")
        return ""
    return clean_pasted(text)


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


def read_date_time(text: str) -> Reading[str]:
    """A date and time as people write them ("14/04/2027 09:30"), as the schema's "2027-04-14 09:30"."""
    try:
        schemas.parse_date_time(text)
        return Reading.understood(text)
    except ValueError:
        pass
    found = TIME_OF_DAY.match(" ".join(text.split()))
    if not found or not (int(found["hour"]) < 24 and int(found["minute"]) < 60):
        return Reading.ask("write the date and the time, like 14/04/2027 09:30")
    day = read_date(found["day"])
    if not day.ok:
        return day
    return Reading.understood(f"{day.value} {int(found['hour']):02}:{found['minute']}")


def understood(context: Context, submission: Submission, question: str, shape: str, text: str) -> Any:
    """One answer as the schema wants it, read as people write it; "" with a note when it cannot be."""
    readers = {
        "council": context.councils.find,
        "project": context.projects.find,
        "date": read_date,
        "date-time": read_date_time,
        "web-address": read_address,
    }
    if shape in readers:
        reading = readers[shape](text)
        if reading.problem:
            submission.refuse(question, f"{reading.problem}.".replace("?.", "?"))
        return reading.value or ""
    if shape == "pounds":
        return whole_pounds(text)
    if shape == "email":
        return text.strip("<>").removeprefix("mailto:")
    if shape == "github":
        return GITHUB_ADDRESS.sub("", text).strip("/")
    return text


def field_value(context: Context, submission: Submission, question: forms.Field, text: str) -> Any:
    kind = submission.form.kind
    name = forms.label(kind, question)
    options = forms.choices(kind, question.path)
    shape = forms.answer_type(kind, question.path)
    if forms.is_list(kind, question.path):
        text = clean(submission, name, text)
        if options:
            items = [choice(submission, name, item, options) for item in re.split(r",\s*", one_line(text))]
        elif shape == "tags":
            items = read_tags(text)
        else:
            items = [understood(context, submission, name, shape, item) for item in read_list(text)]
        return list(dict.fromkeys(item for item in items if item))
    text = clean(submission, name, one_line(text))
    if options:
        return choice(submission, name, text, options)
    return understood(context, submission, name, shape, text) if text else ""


def entry_id(submission: Submission, text: str, fallback: str) -> str:
    question = forms.ENTRY_ID.label
    if not text:
        made = slugify(fallback)
        if fallback and not made:
            submission.refuse(question, "give one, as the title has no letters or digits to make it from.")
        elif is_reserved_id(made):
            submission.refuse(
                question,
                f'give one, as "{made}", made from the title, is a name Windows keeps for a device; '
                f"add a word to it, like {made}-digital.",
            )
            return ""
        return made
    if check_file_name(f"{text}.md"):
        submission.refuse(
            question,
            "use only lower-case letters, digits and single hyphens "
            f"(up to {max_id_length()} characters, and not a name Windows keeps for a device, like con or aux), "
            "like bin-collection-reminders.",
        )
        return ""
    return text


def challenges(context: Context, submission: Submission, text: str) -> list[Data]:
    """Maker day challenges, one a line: a project's title (or address), a colon, then the brief."""
    found = []
    for line in read_list(text, commas=False):
        project, colon, brief = line.partition(": " if ": " in line else ":")
        if not colon or not brief.strip():
            submission.refuse(
                "Challenges",
                f'"{line}" needs the project\'s title, a colon, then the brief, like: '
                "Bin collection reminders: Design the reminder for a changed collection day.",
            )
            continue
        project_id = understood(context, submission, "Challenges", "project", project)
        brief = clean(submission, "Challenges", one_line(brief))
        if project_id:
            found.append({"project": project_id, "brief": brief})
    return found


def defaults(kind: str, today: date) -> Data:
    """Fields the forms do not ask for: a new project is reviewed today, a new maker day is on."""
    if kind == "project":
        return {"last_reviewed": today.isoformat()}
    return {"status": "scheduled"} if kind == "makerday" else {}


def in_schema_order(kind: str, data: Data) -> Data:
    order = list(schemas.field_schema(kind, ()).get("properties", {}))
    return {name: data[name] for name in sorted(data, key=order.index)}


def read_answers(context: Context, submission: Submission, given: dict[str, str]) -> None:
    """Put each answer of the form into the submission: fields into its data, the rest into extras."""
    form = submission.form
    for question in form.questions:
        name = forms.label(form.kind, question)
        answer = given.get(name, "")
        if not answer:
            if forms.required(form.kind, question):
                submission.refuse(name, "this is needed; please fill it in.")
        elif isinstance(question, forms.Extra):
            submission.extras[question.name] = answer
        elif (value := field_value(context, submission, question, answer)) not in ("", []):
            put_at(submission.data, question.path, value)


def read_submission(text: str, kind: str, context: Context) -> Submission:
    """Map an issue body onto a new entry's front matter (or a join's pledge), noting every problem."""
    checked_length(text)
    form = forms.FORMS_BY_NAME[FORM_OF_KIND[kind]]
    submission = Submission(kind, form)
    read_answers(context, submission, answers(text, form_labels(form)))
    extras = submission.extras
    if "consent" in extras and not TICKED.search(extras["consent"]):
        submission.refuse(forms.PUBLISHING.label, "tick the box to agree that the entry can be published.")
    if "challenges" in extras:
        submission.data["challenges"] = challenges(context, submission, extras["challenges"])
    submission.body = entry_body(submission)
    submission.data = in_schema_order(form.kind, {**defaults(kind, context.today), **submission.data})
    if kind in FOLDER_OF_KIND:
        title = submission.data.get("title") or submission.data.get("name") or ""
        submission.entry_id = entry_id(submission, one_line(extras.get("id", "")), title)
    return submission


def extra_label(form: forms.Form, name: str) -> str:
    return next((q.label for q in form.questions if isinstance(q, forms.Extra) and q.name == name), "")


def entry_body(submission: Submission) -> str:
    """The entry's Markdown: the English description, then the Welsh one after a "# Cymraeg" line."""
    form, extras = submission.form, submission.extras
    english_label, welsh_label = extra_label(form, "body"), extra_label(form, "body_cy")
    english = clean(submission, english_label, extras.get("body", ""), markdown=True)
    welsh = clean(submission, welsh_label, extras.get("body_cy", ""), markdown=True)
    for label, text in ((english_label, english), (welsh_label, welsh)):
        if split_body(text).welsh_line:
            submission.refuse(label, f"remove the line '{BODY_MARKER}': the form adds it for you.")
    if not welsh.strip():
        return english
    if not english.strip():
        submission.refuse(
            welsh_label, f"write the English description in {english_label} too, so the English page has one."
        )
        return english
    return f"{english.rstrip()}\n\n{BODY_MARKER}\n\n{welsh.strip()}\n"


def form_labels(form: forms.Form) -> list[str]:
    return [forms.label(form.kind, question) for question in form.questions]


# Checking entries against the catalogue -----------------------------------------


def question_labels(form: forms.Form) -> dict[str, str]:
    """Form labels by field name as problems give it ("contacts.email"), list positions left out."""
    labels = {
        FILLED_BY_EXTRA[question.name]: question.label
        for question in form.questions
        if isinstance(question, forms.Extra) and question.name in FILLED_BY_EXTRA
    }
    labels.update(
        (".".join(part for part in question.path if part != "*"), forms.label(form.kind, question))
        for question in form.questions
        if isinstance(question, forms.Field)
    )
    return labels


def in_form_words(problem: Problem) -> str:
    """A problem's message without the field path it starts with, which a form user has never seen."""
    message = problem.message
    if problem.field and message.startswith(problem.field):
        rest = message[len(problem.field) :]
        message = ("the answer" + rest) if rest.startswith(" ") else rest.lstrip(": ")
    return message if message.endswith((".", "?")) else f"{message}."


def explain(form: forms.Form, problems: list[Problem], already: set[str] | None = None) -> list[Note]:
    """Problems as notes on the form's questions; questions already noted are not noted twice."""
    by_field = question_labels(form)
    noted = set(already or ())
    notes = []
    for problem in problems:
        name = re.sub(r"\[\d+\]", "", problem.field)
        while name and name not in by_field:
            name = name.rpartition(".")[0]
        question = by_field.get(name, "")
        if question and question in noted:
            continue
        noted.add(question)
        notes.append((question, in_form_words(problem)))
    return notes


def catalogue_problems(context: Context, kind: str, entry: str, text: str) -> list[Problem]:
    """The errors the whole catalogue's checks find in an entry's text, tried in a scratch folder."""
    folder = FOLDER_OF_KIND[kind]
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch, folder, f"{entry or 'new-entry'}.md").resolve()
        path.parent.mkdir(parents=True)
        path.write_bytes(text.encode("utf-8"))
        _, problems = load_catalogue(context.content, context.today, context.policy, [(folder, path)])
    return [problem for problem in problems if problem.is_error and Path(problem.path).resolve() == path]


# New entries ----------------------------------------------------------------------


def add_entry(submission: Submission, context: Context) -> Outcome:
    """Write the new entry if the whole catalogue accepts it; otherwise raise with every problem."""
    path = context.content / FOLDER_OF_KIND[submission.kind] / f"{submission.entry_id}.md"
    if submission.entry_id and path.exists():
        submission.refuse(
            forms.ENTRY_ID.label,
            f'there is already an entry called "{submission.entry_id}"; choose another short name, '
            "or use the update form if it is the same thing.",
        )
    text = entry_text(submission.data, submission.body)
    found = catalogue_problems(context, submission.kind, submission.entry_id, text)
    submission.notes += explain(submission.form, found, {question for question, _ in submission.notes})
    submission.check()
    create_entry_file(path, submission.data, submission.body)
    title = str(submission.data.get("title") or submission.data.get("name"))
    duplicates = possible_duplicates(context, submission, path) if submission.kind == "project" else []
    return Outcome(
        "add",
        path,
        title,
        comment=added_comment(context, title, duplicates),
        possible_duplicates=duplicates,
    )


def possible_duplicates(context: Context, submission: Submission, path: Path) -> list[Data]:
    """The existing projects so like the new one that it may be the same work."""
    candidate = Project(submission.entry_id, path.as_posix(), path, submission.data, submission.body)
    projects = context.catalogue.projects.values()
    matches = similarity.closest(projects, candidate, threshold=similarity.DUPLICATE_THRESHOLD)
    records = similarity.match_records(context.catalogue, matches)
    for record in records:
        record["phase"] = context.catalogue.projects[record["id"]].phase
    return records


def phase_label(phase: str) -> str:
    return dict(forms.choices("project", ("phase",))).get(phase, phase)


def added_comment(context: Context, title: str, duplicates: list[Data]) -> str:
    lines = [f"Thank you: **{escape(title)}** is ready to be added, once a maintainer has checked it."]
    if duplicates:
        lines += ["", duplicates_text(context, duplicates)]
    return "\n".join(lines) + "\n"


def duplicates_text(context: Context, duplicates: list[Data]) -> str:
    """Markdown naming projects already in Pipeline that look like the new one, suggesting joining."""
    lines = ["Some projects already in Pipeline look like this one:", ""]
    for record in duplicates:
        project = context.catalogue.projects[record["id"]]
        where = f" ({page_url(context.settings, project.url)})" if "SITEURL" in context.settings else ""
        join = (
            f" [Join {escape(project.title)}]({join_url(context.settings, project)})"
            if context.settings.get("GITHUB_REPO")
            else ""
        )
        lines.append(
            f"- **{escape(project.title)}**{escape(where)}, led by {escape(record['lead_council_name'])}, "
            f"{phase_label(project.phase).lower()}.{join}"
        )
    lines += [
        "",
        "If one of them is the same work, think about joining it instead: sharing one project "
        "costs each council less. If yours is different, say how in the issue and a maintainer will "
        "carry on.",
    ]
    return "\n".join(lines)


# Updating and confirming projects -------------------------------------------------


def named_project(context: Context, submission: Submission) -> str:
    """The id of the project the form's "Project" answer names, or "" (noted) when it names none."""
    answer = submission.extras.get("project", "")
    return str(understood(context, submission, "Project", "project", answer)) if answer else ""


@dataclass
class ProjectChange:
    """An update or confirm form read against the project it names."""

    submission: Submission
    project: Project
    path: Path  # as the content folder was given, for messages and the pull request
    before: str
    after: str = ""


def read_change(text: str, context: Context) -> ProjectChange:
    """Which project the update or confirm form is about, and the form that was used."""
    checked_length(text)
    update, confirm = forms.FORMS_BY_NAME[UPDATE_FORM], forms.FORMS_BY_NAME[CONFIRM_FORM]
    given = answers(text, list(dict.fromkeys(form_labels(update) + form_labels(confirm))))
    form = update if set(given) - set(form_labels(confirm)) else confirm
    submission = Submission("project", form)
    read_answers(context, submission, given)
    project_id = named_project(context, submission)
    submission.check()
    project = context.catalogue.projects[project_id]
    path = entry_path(context, project)
    # Decoded as it is, byte order mark and line endings included: the edits keep them.
    return ProjectChange(submission, project, path, path.read_bytes().decode("utf-8"))


def entry_path(context: Context, project: Project) -> Path:
    return context.content / project.folder / project.path.name


def edited(change: ProjectChange, today: date) -> str:
    """The project's file with the form's changes made, every other character kept."""
    data, project, text = change.submission.data, change.project, change.before
    if "phase" in data:
        text = edits.set_field(text, "phase", data["phase"])
    if "looking_for" in data:
        text = edits.set_list(text, "looking_for", data["looking_for"])
    if "partner_councils" in data:
        joined = [c for c in data["partner_councils"] if c not in project.councils]
        text = edits.set_list(text, "partner_councils", project.partner_councils + joined)
    if "ends" in data:
        text = edits.set_field(text, "ends", data["ends"])
    news, news_cy = (change.submission.extras.get(name, "") for name in ("news", "news_cy"))
    if news_cy and not news:
        change.submission.refuse(forms.WELSH_NEWS, "write the news in English in What is new too.")
    elif news:
        welsh = clean(change.submission, forms.WELSH_NEWS, news_cy, markdown=True) or None
        text = edits.add_update(
            text, today, clean(change.submission, "What is new", news, markdown=True), welsh=welsh
        )
    return edits.set_field(text, "last_reviewed", today.isoformat())


def change_project(text: str, context: Context, author: str = "") -> Outcome:
    """Make an update or confirm form's change to the project's file, if the catalogue accepts it.

    On any problem nothing is written and IntakeError says what to fix, in the form's words.
    """
    change = read_change(text, context)
    submission = change.submission
    try:
        change.after = edited(change, context.today)
    except (edits.EditError, LoadError) as error:
        submission.refuse(
            "",
            f"The project's file could not be changed automatically ({error}); "
            "a maintainer will make the change by hand.",
        )
    submission.check()
    if change.after != change.before:
        problems = catalogue_problems(context, "project", change.project.id, change.after)
        submission.notes += explain(submission.form, problems)
        submission.check()
        change.path.write_bytes(change.after.encode("utf-8"))
    changed_names = edits.changed_fields(change.before, change.after) if change.after != change.before else []
    kind = "confirm" if set(changed_names) <= {"last_reviewed"} else "update"
    title = change.project.title
    return Outcome(
        kind,
        change.path,
        title,
        # Owners are judged from the catalogue before the change, and the change touches only this
        # project's own file, so an owner's update (even one adding partners) vouches for itself.
        owner_confirmed=is_owner(context.catalogue, change.project, author),
        changed=bool(changed_names),
        comment=change_comment(kind, title, changed_names),
    )


def change_comment(kind: str, title: str, changed_names: list[str]) -> str:
    if not changed_names:
        return f"Thank you: **{escape(title)}** was already confirmed today, so there is nothing to change.\n"
    if kind == "confirm":
        return f"Thank you for confirming that **{escape(title)}** is still accurate.\n"
    labels = [field_title(name) for name in changed_names if name != "last_reviewed"]
    return f"Thank you: the update to **{escape(title)}** changes {escape(', '.join(labels))}.\n"


def field_title(name: str) -> str:
    return str(schemas.field_schema("project", (name,)).get("title", name)).lower()


# Join requests ------------------------------------------------------------------


def mentions(catalogue: Catalogue, project: Project) -> str:
    """The project's owners (its contacts on GitHub and its lead council's maintainers) as @mentions."""
    return " ".join(f"@{handle}" for handle in owner_handles(catalogue, project))


def join(submission: Submission, context: Context) -> Outcome:
    """The comment that mentions a project's owners when a council asks to join it."""
    catalogue = context.catalogue
    project_id = named_project(context, submission)
    pledge = submission.data.get("pledges", [{}])[0]
    submission.check()
    project = catalogue.projects[project_id]
    candidate = {**project.data, "pledges": [*project.get("pledges", []), pledge]}
    found = check_schema("project", project.source, Document(data=candidate, body="", body_line=1))
    submission.notes += explain(submission.form, found)
    submission.check()
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
    return Outcome(
        "join", entry_path(context, project), project.title, changed=False, comment="\n".join(lines) + "\n"
    )


# Taking in any form ---------------------------------------------------------------


def take_in(text: str, kind: str, context: Context, author: str = "") -> Outcome:
    """Whatever the form asks for, done: a new entry written, a project changed, or a join comment."""
    if kind == "update":
        return change_project(text, context, author)
    submission = read_submission(text, kind, context)
    if kind == "join":
        return join(submission, context)
    return add_entry(submission, context)


# Reporting back -----------------------------------------------------------------


def problems_comment(notes: list[Note], author: str = "", kind: str = "project") -> str:
    """The issue comment listing what to fix, each problem under the form question it is about."""
    done = "added" if kind in FOLDER_OF_KIND else "done"
    greeting = f"Thank you, @{author}. " if GITHUB_LOGIN.match(author) else "Thank you. "
    items = "\n".join(
        f"- **{escape(question)}**: {escape(message)}" if question else f"- {escape(message)}"
        for question, message in notes
    )
    return (
        f"{greeting}This cannot be {done} yet. Please edit the issue to fix the following; "
        f"it is checked again when you save.\n\n{items}\n"
    )


def plain_problems(notes: list[Note]) -> str:
    """The notes as plain lines, each once: "Partner councils: we could not find ..."."""
    return "\n".join(f"{question}: {message}" if question else message for question, message in notes)


VERBS = {"add": "Add", "update": "Update", "confirm": "Confirm", "join": "Join"}


def commit_message(
    outcome: Outcome, kind: str, issue: int | None, author: str, author_id: int | None, context: Context
) -> str:
    """The commit (and pull request) message: the change, the issue it closes, who asked for it."""
    noun = NOUN_OF_KIND.get(kind, "project")
    lines = [f"{VERBS[outcome.change]} {noun}: {outcome.title}", ""]
    if outcome.change == "confirm":
        lines += ["Confirmed as still accurate: only last_reviewed changes.", ""]
    if issue:
        lines += [f"Submitted through the issue form in #{issue}.", "", f"Closes #{issue}"]
    if outcome.possible_duplicates:
        lines += ["", duplicates_text(context, outcome.possible_duplicates)]
    if GITHUB_LOGIN.match(author) and author_id:
        lines += ["", f"Co-authored-by: {author} <{author_id}+{author}@users.noreply.github.com>"]
    return "\n".join(lines) + "\n"
