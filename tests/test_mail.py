"""Email reminders for owners who are not on GitHub: what is said, to whom, and how it is sent.

The messages go through a real SMTP server on this machine (aiosmtpd) and are read back as a mail
client would read them.
"""

from __future__ import annotations

import copy
import json
import smtplib
import socket
import unicodedata
from datetime import UTC, date, datetime
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pipeline import freshness, mail
from pipeline.catalogue import load_catalogue
from pipeline.reminders import review_record
from pipeline.settings import read_settings_file

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 29)
NOW = datetime(2026, 11, 29, 9, 30, tzinfo=UTC)
SITE = "https://pipeline.example.org"
MANAGER = "community@pipeline.example.org"
HEADERS = {
    "From",
    "To",
    "Reply-To",
    "Subject",
    "Date",
    "Message-ID",
    "Auto-Submitted",
    "Content-Type",
    "Content-Transfer-Encoding",
    "MIME-Version",
}
INJECTION = "\r\nBcc: x@example.org"


@pytest.fixture(scope="module")
def settings() -> dict:
    return read_settings_file(REPO / "pelicanconf.py", REPO / "content", TODAY, {"SITEURL": SITE})


@pytest.fixture(scope="module")
def sample_report(settings) -> dict:
    """`pipeline stale --format json` for the sample catalogue on TODAY, as a reminder job reads it."""
    policy = freshness.Policy.from_settings(settings)
    catalogue, problems = load_catalogue(REPO / "content", TODAY, policy)
    assert problems == []
    waiting = freshness.needing_review(freshness.reviews(catalogue.projects.values(), TODAY, policy))
    records = [review_record(item, catalogue, settings) for item in waiting]
    return json.loads(json.dumps(freshness.report(TODAY, policy, records)))


@pytest.fixture
def report(sample_report) -> dict:
    """The sample report where Stroud's waste team also runs the Fife gritter tracker (its address
    written in capitals), and Cambridge's air quality team is on GitHub too."""
    changed = copy.deepcopy(sample_report)
    projects = {record["id"]: record for record in changed["projects"]}
    # In the sample the gritter tracker's contacts have all left; here Stroud's team has taken it on.
    projects["gritter-tracker"]["contacts"] = [{"role": "Waste team", "email": "WASTE@Stroud.example.org"}]
    projects["gritter-tracker"]["orphaned"] = False
    projects["air-quality-sensor-data"]["contacts"][0]["github"] = "cambridge-air"
    return changed


def project(report: dict, project_id: str) -> dict:
    return next(record for record in report["projects"] if record["id"] == project_id)


# A real SMTP server -----------------------------------------------------------


class Collector:
    """An aiosmtpd handler that keeps what arrives, refuses the addresses in `refuse` and refuses the
    messages to those in `refuse_message`."""

    def __init__(self, refuse: tuple[str, ...] = (), refuse_message: tuple[str, ...] = ()):
        self.envelopes = []
        self.peers = set()
        self.refuse = refuse
        self.refuse_message = refuse_message

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refuse:
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if set(envelope.rcpt_tos) & set(self.refuse_message):
            return "554 Message looks like spam"
        self.envelopes.append(envelope)
        self.peers.add(session.peer)
        return "250 Message accepted"


class Authenticator:
    def __init__(self):
        self.logins = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """start(handler, **server_options) -> SmtpSettings for a local server without TLS."""
    controllers = []

    def start(handler, **options) -> mail.SmtpSettings:
        controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **options)
        controller.start()
        controllers.append(controller)
        return mail.SmtpSettings(host="127.0.0.1", port=controller.port, starttls=False)

    yield start
    for controller in controllers:
        controller.stop()


def arrived(collector: Collector) -> dict:
    """The messages the server received, parsed as a mail client would, by recipient."""
    return {
        envelope.rcpt_tos[0]: message_from_bytes(envelope.content, policy=default)
        for envelope in collector.envelopes
    }


def sent(report: dict, settings: dict, smtp_server) -> tuple[Collector, dict]:
    collector = Collector()
    messages, _ = mail.reminder_messages(report, settings, now=NOW)
    assert mail.send(messages, smtp_server(collector)) == []
    return collector, arrived(collector)


# Who gets a message -----------------------------------------------------------


def test_each_owner_gets_one_message_over_one_connection(report, settings, smtp_server):
    collector, received = sent(report, settings, smtp_server)
    assert sorted(received) == [
        "community-grants@derry-city-and-strabane.example.org",
        "education-digital@highland.example.org",
        "parking-digital@city-of-bristol.example.org",
        "waste@stroud.example.org",
    ]
    assert all(len(envelope.rcpt_tos) == 1 for envelope in collector.envelopes)
    assert len(collector.peers) == 1


def test_an_owner_with_two_projects_gets_them_in_one_message_longest_overdue_first(
    report, settings, smtp_server
):
    _, received = sent(report, settings, smtp_server)
    text = received["waste@stroud.example.org"].get_content()
    assert received["waste@stroud.example.org"]["Subject"] == (
        "Please confirm 2 Pipeline projects are still accurate"
    )
    garden = project(report, "garden-waste-subscriptions")["title"]
    gritter = project(report, "gritter-tracker")["title"]
    assert 0 < text.index(garden) < text.index(gritter)


def test_owners_on_github_are_not_emailed(report, settings, smtp_server):
    collector, received = sent(report, settings, smtp_server)
    assert "air-quality@cambridge.example.org" not in received
    assert all("Air quality" not in message.get_content() for message in received.values())


# What the message says --------------------------------------------------------


def test_headers_say_who_from_to_whom_and_what_about(report, settings, smtp_server):
    _, received = sent(report, settings, smtp_server)
    message = received["parking-digital@city-of-bristol.example.org"]
    assert set(message.keys()) == HEADERS
    assert message["From"].addresses[0].addr_spec == MANAGER
    assert message["From"].addresses[0].display_name == "Pipeline"
    assert message["Reply-To"] == MANAGER
    assert message["To"] == "parking-digital@city-of-bristol.example.org"
    title = project(report, "resident-parking-permits")["title"]
    assert message["Subject"] == f"Please confirm your Pipeline project is still accurate: {title}"
    assert message["Date"].datetime == NOW
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@pipeline.example.org>")
    assert (message.get_content_type(), message.get_content_charset()) == ("text/plain", "utf-8")


def test_body_lists_each_project_with_how_overdue_and_its_links_in_full(report, settings, smtp_server):
    _, received = sent(report, settings, smtp_server)
    lines = received["waste@stroud.example.org"].get_content().splitlines()
    for project_id, overdue in [
        ("garden-waste-subscriptions", "Confirmation overdue by 8 months."),
        ("gritter-tracker", "Confirmation overdue by 7 months."),
    ]:
        record = project(report, project_id)
        assert record["confirm_url"] == (
            "https://github.com/localgovdigital/pipeline/issues/new?template=confirm-project.yml"
            f"&project={project_id}&title=Confirm%20project%3A%20{record['title'].replace(' ', '%20')}"
        )
        assert record["title"] in lines
        assert record["confirm_url"] in lines
        assert f"{SITE}/projects/{project_id}/" in lines
        assert f"Led by {record['lead_council_name']}." in lines
        assert any(line.startswith(overdue) for line in lines)
    assert "click here" not in " ".join(lines).lower()


def test_body_says_why_it_came_and_how_to_stop_it(report, settings, smtp_server):
    _, received = sent(report, settings, smtp_server)
    text = received["education-digital@highland.example.org"].get_content().replace("\r\n", "\n")
    assert "Confirmation due in 1 day. It is due by 30 November 2026." in text
    assert "Community manager\nPipeline\ncommunity@pipeline.example.org\n" in text
    assert "You are getting this email because this address is listed as a contact" in text
    assert f"To stop getting these emails, ask the community manager at {MANAGER}" in text
    assert "The confirm link opens a short form on GitHub" in text
    assert "If you do not have a GitHub account, reply to this email instead." in text
    assert "Each confirm link opens" in received["waste@stroud.example.org"].get_content()


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "Confirmation due today. Today is 29 November 2026."),
        (-10, "Confirmation due in 10 days. It is due by 29 November 2026."),
        (1, "Confirmation overdue by 1 day. It was due on 29 November 2026."),
        (20, "Confirmation overdue by 2 weeks. It was due on 29 November 2026."),
        (100, "Confirmation overdue by 3 months. It was due on 29 November 2026."),
        (800, "Confirmation overdue by 2 years. It was due on 29 November 2026."),
    ],
)
def test_overdue_in_words(days, expected):
    assert mail.overdue_text({"days_overdue": days, "review_due": TODAY.isoformat()}) == expected


@hypothesis_settings(deadline=None)
@given(days=st.integers(min_value=1, max_value=20_000))
def test_a_duration_never_overstates_and_is_off_by_less_than_its_unit(days):
    count, unit = freshness.duration(days)
    length = {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
    assert count * length <= days < (count + 1) * length
    assert freshness.duration_text(days) == f"{count} {unit}" + ("s" if count != 1 else "")


# Untrusted entry text ---------------------------------------------------------


def test_a_title_cannot_add_headers_or_recipients(report, settings, smtp_server):
    record = project(report, "resident-parking-permits")
    record["title"] = "Permits" + INJECTION
    record["lead_council_name"] = "Bristol" + INJECTION
    collector, received = sent(report, settings, smtp_server)
    message = received["parking-digital@city-of-bristol.example.org"]
    assert set(message.keys()) == HEADERS
    assert message["Subject"] == (
        "Please confirm your Pipeline project is still accurate: Permits Bcc: x@example.org"
    )
    assert "x@example.org" not in [
        address for envelope in collector.envelopes for address in envelope.rcpt_tos
    ]
    assert not any(line.startswith("Bcc:") for line in message.get_content().splitlines())


def test_the_messages_refuse_a_header_with_a_line_break(report, settings):
    messages, _ = mail.reminder_messages(report, settings, now=NOW)
    with pytest.raises(ValueError):
        messages[0]["Keywords"] = "reminder" + INJECTION


@hypothesis_settings(deadline=None)
@given(title=st.text(max_size=120), council=st.text(max_size=40))
def test_any_title_makes_one_message_with_only_its_own_headers(sample_report, settings, title, council):
    report = copy.deepcopy(sample_report)
    report["projects"] = [project(report, "resident-parking-permits")]
    report["projects"][0].update(title=title, lead_council_name=council)
    [message], warnings = mail.reminder_messages(report, settings, now=NOW)
    parsed = message_from_bytes(message.as_bytes(), policy=default)
    assert warnings == []
    assert set(parsed.keys()) == HEADERS
    assert parsed["To"] == "parking-digital@city-of-bristol.example.org"
    assert mail.one_line(title)[: mail.SUBJECT_TITLE_LENGTH - 1].rstrip() in parsed["Subject"]
    assert mail.one_line(title) in parsed.get_content()


@pytest.mark.parametrize(
    "title", ["Llyfrgell Môn ôô â – archebu lle", "Tîm digidol / Digital team: Gwasanaethau Cwsmeriaid ŵ ŷ"]
)
def test_a_welsh_title_keeps_its_spaces_in_the_subject(sample_report, settings, smtp_server, title):
    report = copy.deepcopy(sample_report)
    project(report, "resident-parking-permits")["title"] = title
    _, received = sent(report, settings, smtp_server)
    subject = received["parking-digital@city-of-bristol.example.org"]["Subject"]
    assert subject == f"Please confirm your Pipeline project is still accurate: {title}"


def test_a_long_title_is_shortened_in_the_subject_and_kept_whole_in_the_body(sample_report, settings):
    report = copy.deepcopy(sample_report)
    report["projects"] = [project(report, "resident-parking-permits")]
    report["projects"][0]["title"] = "Ŵ" * 300
    [message], _ = mail.reminder_messages(report, settings, now=NOW)
    assert message["Subject"].endswith(": " + "Ŵ" * 99 + "…")
    assert max(map(len, message.as_bytes().splitlines())) < 998
    assert "Ŵ" * 300 in message.get_content()


@hypothesis_settings(deadline=None)
@given(text=st.text())
def test_one_line_leaves_no_line_breaks_or_control_characters(text):
    kept = mail.one_line(text)
    assert kept == kept.strip() and "  " not in kept
    assert not any(
        unicodedata.category(character) in {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"} for character in kept
    )


@pytest.mark.parametrize(
    "address",
    [
        "parking?subject=x@bristol.example.org",
        "parking&team@bristol.example.org",
        "parking team@bristol.example.org",
        "parking\x00@bristol.example.org",
        "parking@bristol.example.org\r\nBcc: x@example.org",
        "parkíng@bristol.example.org",
    ],
)
def test_an_unsafe_address_is_skipped_with_a_warning(report, settings, address):
    record = project(report, "resident-parking-permits")
    record["contacts"][0]["email"] = address
    messages, warnings = mail.reminder_messages(report, settings, now=NOW)
    assert "parking-digital@city-of-bristol.example.org" not in map(mail.recipient, messages)
    assert len(messages) == 3
    [warning] = warnings
    assert warning.startswith(f"Not emailed: the project “{record['title']}” (resident-parking-permits)")
    assert record["edit_url"] in warning
    assert "\n" not in warning and "\r" not in warning


def test_a_mailto_prefix_is_not_part_of_the_address(report, settings):
    project(report, "resident-parking-permits")["contacts"][0]["email"] = (
        "mailto:parking-digital@city-of-bristol.example.org"
    )
    messages, warnings = mail.reminder_messages(report, settings, now=NOW)
    assert warnings == []
    assert "parking-digital@city-of-bristol.example.org" in map(mail.recipient, messages)


# Sending ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("refusal", "reply"),
    [("refuse", "550 No such mailbox"), ("refuse_message", "554 Message looks like spam")],
)
def test_a_refused_message_is_reported_and_the_others_still_sent(
    report, settings, smtp_server, refusal, reply
):
    collector = Collector(**{refusal: ("waste@stroud.example.org",)})
    messages, _ = mail.reminder_messages(report, settings, now=NOW)
    refused = mail.send(messages, smtp_server(collector))
    assert refused == [
        f"The mail server did not accept the message to waste@stroud.example.org. It said: {reply}"
    ]
    assert len(arrived(collector)) == len(messages) - 1


def test_logs_in_only_when_a_user_is_given(report, settings, smtp_server):
    messages, _ = mail.reminder_messages(report, settings, now=NOW)
    authenticator = Authenticator()
    server = smtp_server(Collector(), authenticator=authenticator, auth_require_tls=False)
    mail.send(messages, server)
    assert authenticator.logins == []
    mail.send(messages, mail.SmtpSettings(**{**vars(server), "user": "pipeline", "password": "s3cret"}))
    assert authenticator.logins == [("pipeline", "s3cret")]


def test_nothing_is_sent_in_the_clear_when_starttls_is_asked_for_and_not_offered(
    report, settings, smtp_server
):
    collector = Collector()
    server = smtp_server(collector)
    messages, _ = mail.reminder_messages(report, settings, now=NOW)
    with pytest.raises(smtplib.SMTPNotSupportedError):
        mail.send(messages, mail.SmtpSettings(**{**vars(server), "starttls": True}))
    assert collector.envelopes == []


def test_the_sender_setting_is_the_from_address(report, settings, smtp_server):
    collector = Collector()
    messages, _ = mail.reminder_messages(report, settings, sender="Pipeline <reminders@example.org>", now=NOW)
    mail.send(messages, smtp_server(collector))
    assert {envelope.mail_from for envelope in collector.envelopes} == {"reminders@example.org"}
    assert all(message["Reply-To"] == MANAGER for message in arrived(collector).values())


# Dry runs -----------------------------------------------------------------------


def test_dry_run_files_are_the_messages_that_would_be_sent(report, settings, smtp_server, tmp_path):
    messages, _ = mail.reminder_messages(report, settings, now=NOW)
    paths = mail.write_messages(messages, tmp_path / "outbox")
    assert [path.name for path in paths] == [
        "001-community-grants-derry-city-and-strabane-example-org.eml",
        "002-education-digital-highland-example-org.eml",
        "003-parking-digital-city-of-bristol-example-org.eml",
        "004-waste-stroud-example-org.eml",
    ]
    collector = Collector()
    mail.send(messages, smtp_server(collector))
    for path, envelope in zip(paths, collector.envelopes, strict=True):
        written = path.read_bytes()
        assert written == envelope.content
        parsed = message_from_bytes(written, policy=default)
        assert not parsed.defects and set(parsed.keys()) == HEADERS
        assert parsed["To"] == envelope.rcpt_tos[0]


def test_the_same_reminder_on_the_same_day_has_the_same_message_id(report, settings):
    first, _ = mail.reminder_messages(report, settings, now=NOW)
    again, _ = mail.reminder_messages(report, settings)
    assert [message["Message-ID"] for message in first] == [message["Message-ID"] for message in again]
    assert len({message["Message-ID"] for message in first}) == len(first)


# Settings from the environment --------------------------------------------------


def test_no_host_means_no_sending():
    assert mail.smtp_settings_from_env({}) is None
    assert mail.smtp_settings_from_env({"PIPELINE_SMTP_HOST": " ", "PIPELINE_SMTP_USER": "x"}) is None


def test_smtp_settings_default_to_port_587_with_starttls_and_no_login():
    assert mail.smtp_settings_from_env({"PIPELINE_SMTP_HOST": "smtp.example.org"}) == mail.SmtpSettings(
        host="smtp.example.org", port=587, user=None, password=None, sender=None, starttls=True
    )


def test_smtp_settings_from_every_variable():
    environ = {
        "PIPELINE_SMTP_HOST": "smtp.example.org",
        "PIPELINE_SMTP_PORT": "2525",
        "PIPELINE_SMTP_USER": "pipeline",
        "PIPELINE_SMTP_PASSWORD": "s3cret",
        "PIPELINE_SMTP_FROM": "Pipeline <reminders@example.org>",
        "PIPELINE_SMTP_STARTTLS": "false",
    }
    found = mail.smtp_settings_from_env(environ)
    assert found == mail.SmtpSettings(
        "smtp.example.org", 2525, "pipeline", "s3cret", "Pipeline <reminders@example.org>", False
    )
    assert "s3cret" not in repr(found)


@pytest.mark.parametrize(
    ("value", "expected"), [("", True), ("on", True), ("YES", True), ("0", False), ("Off", False)]
)
def test_starttls_is_on_unless_switched_off(value, expected):
    environ = {"PIPELINE_SMTP_HOST": "smtp.example.org", "PIPELINE_SMTP_STARTTLS": value}
    assert mail.smtp_settings_from_env(environ).starttls is expected


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PIPELINE_SMTP_PORT", "twenty-five"),
        ("PIPELINE_SMTP_PORT", "70000"),
        ("PIPELINE_SMTP_STARTTLS", "maybe"),
    ],
)
def test_an_unreadable_setting_is_refused_by_name(name, value):
    with pytest.raises(ValueError, match=name):
        mail.smtp_settings_from_env({"PIPELINE_SMTP_HOST": "smtp.example.org", name: value})


# Orphaned projects ----------------------------------------------------------------


def test_the_contacts_of_an_orphaned_project_are_not_emailed(report, settings):
    project(report, "resident-parking-permits")["orphaned"] = True
    messages, _ = mail.reminder_messages(report, settings, now=NOW)
    assert "parking-digital@city-of-bristol.example.org" not in map(mail.recipient, messages)
    assert len(messages) == 3


# The `pipeline reminders email` command -------------------------------------------

SMTP_VARIABLES = ("HOST", "PORT", "USER", "PASSWORD", "FROM", "STARTTLS")


@pytest.fixture
def stale_file(report, tmp_path, monkeypatch) -> Path:
    """The report as `pipeline stale --format json` writes it, with no mail server in the environment."""
    for name in SMTP_VARIABLES:
        monkeypatch.delenv(f"PIPELINE_SMTP_{name}", raising=False)
    path = tmp_path / "stale.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    return path


def email_command(stale_file: Path, *more) -> list:
    return ["reminders", "email", "--stale", stale_file, "--settings", REPO / "pelicanconf.py", *more]


def test_without_a_mail_server_the_command_says_it_skips_and_succeeds(stale_file, run_pipeline, tmp_path):
    result = run_pipeline(*email_command(stale_file))
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith("Skipping email reminders: no mail server is set")


def test_a_dry_run_writes_one_rfc_5322_file_per_owner(stale_file, report, run_pipeline, tmp_path):
    result = run_pipeline(*email_command(stale_file, "--dry-run", tmp_path / "outbox"))
    assert result.code == 0, result.err
    paths = sorted((tmp_path / "outbox").iterdir())
    assert result.out.splitlines() == [f"wrote {path}" for path in paths]
    parsed = {path.name: message_from_bytes(path.read_bytes(), policy=default) for path in paths}
    assert len(parsed) == 4
    for message in parsed.values():
        assert not message.defects and set(message.keys()) == HEADERS
        assert message["From"].addresses[0].addr_spec == MANAGER
    text = parsed["003-parking-digital-city-of-bristol-example-org.eml"].get_content().splitlines()
    confirm = project(report, "resident-parking-permits")["confirm_url"]
    assert confirm in text
    assert text.index(confirm) < text.index("See the project page:")


def test_the_command_delivers_through_the_mail_server_in_the_environment(
    stale_file, run_pipeline, smtp_server, monkeypatch
):
    collector = Collector()
    server = smtp_server(collector)
    monkeypatch.setenv("PIPELINE_SMTP_HOST", server.host)
    monkeypatch.setenv("PIPELINE_SMTP_PORT", str(server.port))
    monkeypatch.setenv("PIPELINE_SMTP_STARTTLS", "off")
    monkeypatch.setenv("PIPELINE_SMTP_FROM", "Pipeline <reminders@example.org>")
    result = run_pipeline(*email_command(stale_file))
    assert result.code == 0, result.err
    assert result.out == "Sent 4 of 4 reminder emails.\n"
    received = arrived(collector)
    assert len(received) == 4
    assert {envelope.mail_from for envelope in collector.envelopes} == {"reminders@example.org"}
    text = received["waste@stroud.example.org"].get_content()
    assert "Confirm it is still accurate:" in text and "confirm-project.yml" in text


def test_the_command_fails_when_the_server_refuses_a_message(
    stale_file, run_pipeline, smtp_server, monkeypatch
):
    server = smtp_server(Collector(refuse=("waste@stroud.example.org",)))
    for name, value in (("HOST", server.host), ("PORT", str(server.port)), ("STARTTLS", "off")):
        monkeypatch.setenv(f"PIPELINE_SMTP_{name}", value)
    result = run_pipeline(*email_command(stale_file))
    assert result.code == 1
    assert "did not accept the message to waste@stroud.example.org" in result.err
    assert result.out == "Sent 3 of 4 reminder emails.\n"


def test_the_command_names_a_setting_it_cannot_read(stale_file, run_pipeline, monkeypatch):
    monkeypatch.setenv("PIPELINE_SMTP_HOST", "smtp.example.org")
    monkeypatch.setenv("PIPELINE_SMTP_PORT", "twenty-five")
    result = run_pipeline(*email_command(stale_file))
    assert result.code == 2 and "PIPELINE_SMTP_PORT must be a port number" in result.err
