"""Edits of an entry's front matter change only the lines they have to, and read back exactly."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.edits import (
    EditError,
    add_update,
    changed_fields,
    set_field,
    set_list,
    set_subfield,
    set_welsh_body,
)
from pipeline.loader import load_text
from pipeline.welsh import split_body

REPO = Path(__file__).resolve().parent.parent
SAMPLE_PROJECTS = sorted((REPO / "content" / "projects").glob("*.md"))
BIN_REMINDERS = (REPO / "content" / "projects" / "bin-collection-reminders.md").read_text(encoding="utf-8")
TODAY = date(2026, 11, 29)

COMMENTED = """\
---
# Kept by the waste team.
title: Bin app  # the short name
summary: |
    last_reviewed: 2020-01-01 is text in this summary, not a field.
    # nor is this a comment
phase: beta

# Tags come from the shared list.
tags:
- bins
- apps
started: '2024-02-05'
last_reviewed: 2026-01-05  # checked by phone
contacts:
  - role: Waste team
    email: waste@example.org
---
last_reviewed: 2019-01-01 in the body is only text.
"""


def changes(before: str, after: str) -> list[str]:
    """The lines removed (-) and added (+) between two texts, split on line feeds only."""
    old, new = before.split("\n"), after.split("\n")
    found = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            found += [f"-{line}" for line in old[i1:i2]] + [f"+{line}" for line in new[j1:j2]]
    return found


def data(text: str) -> dict:
    return load_text(text.removeprefix("\ufeff")).data


def line_of(text: str, start: str) -> int:
    return next(number for number, line in enumerate(text.split("\n")) if line.startswith(start))


def without_field(text: str, key: str) -> str:
    """A file's text without a one-line field."""
    return "\n".join(line for line in text.split("\n") if not line.startswith(f"{key}:"))


# Confirming a project: set_field(..., "last_reviewed", ...)


@pytest.mark.parametrize("path", SAMPLE_PROJECTS, ids=lambda path: path.stem)
def test_confirming_a_sample_project_changes_exactly_one_line(path):
    before = path.read_text(encoding="utf-8")
    old_date = data(before)["last_reviewed"]

    after = set_field(before, "last_reviewed", "2026-11-29")

    assert changes(before, after) == [f"-last_reviewed: {old_date}", "+last_reviewed: 2026-11-29"]
    assert changed_fields(before, after) == ["last_reviewed"]


def test_confirming_keeps_comments_and_leaves_look_alike_lines_alone():
    after = set_field(COMMENTED, "last_reviewed", "2026-11-29")

    assert changes(COMMENTED, after) == [
        "-last_reviewed: 2026-01-05  # checked by phone",
        "+last_reviewed: 2026-11-29  # checked by phone",
    ]


def test_crlf_line_endings_are_kept():
    crlf = BIN_REMINDERS.replace("\n", "\r\n")

    assert set_field(crlf, "last_reviewed", "2026-11-29") == set_field(
        BIN_REMINDERS, "last_reviewed", "2026-11-29"
    ).replace("\n", "\r\n")
    assert set_field(crlf, "ends", "2027-03-31") == set_field(BIN_REMINDERS, "ends", "2027-03-31").replace(
        "\n", "\r\n"
    )
    assert add_update(crlf, TODAY, "Still live.") == add_update(BIN_REMINDERS, TODAY, "Still live.").replace(
        "\n", "\r\n"
    )


def test_a_byte_order_mark_is_kept():
    assert set_field("\ufeff" + BIN_REMINDERS, "last_reviewed", "2026-11-29") == "\ufeff" + set_field(
        BIN_REMINDERS, "last_reviewed", "2026-11-29"
    )


@pytest.mark.parametrize("quote", ["'", '"'])
def test_a_quoted_value_stays_quoted(quote):
    before = BIN_REMINDERS.replace("last_reviewed: 2026-10-14", f"last_reviewed: {quote}2026-10-14{quote}")

    after = set_field(before, "last_reviewed", "2026-11-29")

    assert changes(before, after) == [
        f"-last_reviewed: {quote}2026-10-14{quote}",
        f"+last_reviewed: {quote}2026-11-29{quote}",
    ]


def test_confirming_when_last_reviewed_is_the_last_field():
    before = "---\ntitle: Bin app\nlast_reviewed: 2026-10-14\n---\nBody.\n"

    assert set_field(before, "last_reviewed", "2026-11-29") == before.replace("2026-10-14", "2026-11-29")


def test_the_same_value_changes_nothing():
    assert set_field(BIN_REMINDERS, "last_reviewed", "2026-10-14") == BIN_REMINDERS


# set_field: missing, empty and block values


def test_a_missing_field_goes_after_the_nearest_field_before_it_in_the_schema():
    before = without_field(BIN_REMINDERS, "last_reviewed")

    after = set_field(before, "last_reviewed", "2026-11-29")

    assert changes(before, after) == ["+last_reviewed: 2026-11-29"]
    assert line_of(after, "last_reviewed:") == line_of(after, "started:") + 1


def test_a_missing_field_with_none_before_it_goes_at_the_end_of_the_front_matter():
    before = "---\nphase: beta\n# the end\n---\nBody.\n"

    assert (
        set_field(before, "title", "Bin app") == "---\nphase: beta\n# the end\ntitle: Bin app\n---\nBody.\n"
    )
    assert set_field(before, "unknown", "x") == "---\nphase: beta\n# the end\nunknown: x\n---\nBody.\n"


@pytest.mark.parametrize("empty", ["ends:", "ends: ~", "ends: null"])
def test_an_empty_value_is_filled_in(empty):
    before = f"---\ntitle: Bin app\n{empty}\nphase: beta\n---\n"

    assert (
        set_field(before, "ends", "2027-03-31") == "---\ntitle: Bin app\nends: 2027-03-31\nphase: beta\n---\n"
    )


def test_an_empty_value_keeps_its_comment():
    before = "---\ntitle: Bin app\nends:   # not decided\n---\n"

    assert (
        set_field(before, "ends", "2027-03-31")
        == "---\ntitle: Bin app\nends: 2027-03-31   # not decided\n---\n"
    )


def test_a_block_value_stays_a_block_with_its_indentation():
    after = set_field(COMMENTED, "summary", "Reminders the night before.\nIn Welsh too.\n")

    assert changes(COMMENTED, after) == [
        "-    last_reviewed: 2020-01-01 is text in this summary, not a field.",
        "-    # nor is this a comment",
        "+    Reminders the night before.",
        "+    In Welsh too.",
    ]


def test_blank_lines_after_a_block_value_are_kept():
    before = "---\nsummary: |\n  Old text.\n\n# Phases: alpha, beta, live.\nphase: beta\n---\n"

    after = set_field(before, "summary", "New text.\n")

    assert after == before.replace("Old", "New")


def test_a_block_value_that_keeps_its_final_blank_lines_is_replaced_whole():
    before = "---\nsummary: |+\n  Old text.\n\nphase: beta\n---\n"

    after = set_field(before, "summary", "New text.\n\n")

    assert after == before.replace("Old", "New")
    assert data(after)["summary"] == "New text.\n\n"


def test_line_breaks_in_a_single_line_value_are_escaped_in_double_quotes():
    after = set_field(BIN_REMINDERS, "title", "Bin\nreminders")

    assert changes(BIN_REMINDERS, after) == ["-title: Bin collection reminders", '+title: "Bin\\nreminders"']
    assert data(after)["title"] == "Bin\nreminders"


@pytest.mark.parametrize(
    "value",
    ["Bins: the app", "#1 app", "'quoted'", ' "twice"', " leading", "trailing ", "null", "", "- dash"],
)
def test_values_that_need_quotes_read_back_exactly(value):
    after = set_field(BIN_REMINDERS, "title", value)

    assert data(after)["title"] == value
    assert len(changes(BIN_REMINDERS, after)) == 2


def test_a_list_is_not_set_as_a_single_value():
    with pytest.raises(EditError, match='"tags" holds a list'):
        set_field(BIN_REMINDERS, "tags", "bins")


def test_a_file_that_cannot_be_read_is_not_edited():
    with pytest.raises(EditError, match="cannot be read"):
        set_field("---\ntitle: [unclosed\n---\n", "title", "x")


def test_a_value_that_cannot_be_written_is_refused():
    with pytest.raises(EditError, match="reads back correctly"):
        set_field(BIN_REMINDERS, "title", "\ud800")


def test_values_must_be_text():
    with pytest.raises(EditError, match="must be text"):
        set_field(BIN_REMINDERS, "funding_target_gbp", 5000)


# set_list


def test_adding_a_list_item_adds_one_line():
    after = set_list(BIN_REMINDERS, "looking_for", ["partners", "funding"])

    assert changes(BIN_REMINDERS, after) == ["+  - funding"]


def test_removing_a_list_item_removes_one_line():
    after = set_list(BIN_REMINDERS, "tags", ["notifications", "open-source", "bin-collections"])

    assert changes(BIN_REMINDERS, after) == ["-  - gov-uk-notify"]


def test_a_list_without_indentation_keeps_its_style():
    after = set_list(COMMENTED, "tags", ["bins", "apps", "notify"])

    assert changes(COMMENTED, after) == ["+- notify"]


def test_an_empty_list_removes_the_field():
    after = set_list(BIN_REMINDERS, "service_areas", [])

    assert changes(BIN_REMINDERS, after) == [
        "-service_areas:",
        "-  - waste-and-recycling",
        "-  - customer-services",
    ]
    assert "service_areas" not in data(after)
    assert set_list(after, "service_areas", []) == after


def test_a_missing_list_is_added_in_schema_order_in_the_files_style():
    after = set_list(COMMENTED, "looking_for", ["partners", "funding"])

    assert changes(COMMENTED, after) == ["+looking_for:", "+- partners", "+- funding"]
    assert line_of(after, "looking_for:") == line_of(after, "phase:") + 1


def test_a_flow_list_stays_a_flow_list():
    before = "---\ntitle: Bin app\ntags: [bins, apps]  # short\n---\n"

    assert (
        set_list(before, "tags", ["bins", "a, b"])
        == "---\ntitle: Bin app\ntags: [bins, 'a, b']  # short\n---\n"
    )


def test_items_that_need_quotes_read_back_exactly():
    values = ["a: b", "#x", "- y", "null", "'q'"]

    assert data(set_list(BIN_REMINDERS, "tags", values))["tags"] == values


def test_a_list_of_groups_is_not_set_as_a_list_of_values():
    with pytest.raises(EditError, match="groups of fields"):
        set_list(BIN_REMINDERS, "contacts", ["digital@example.org"])


def test_a_single_value_is_not_set_as_a_list():
    with pytest.raises(EditError, match="single value, not a list"):
        set_list(BIN_REMINDERS, "phase", ["live"])


# add_update


def test_an_update_adds_only_its_own_lines_before_the_newest():
    after = add_update(BIN_REMINDERS, TODAY, "Reminders now go out in Welsh too.")

    assert changes(BIN_REMINDERS, after) == [
        "+  - date: 2026-11-29",
        "+    text: Reminders now go out in Welsh too.",
    ]
    assert line_of(after, "  - date: 2026-11-29") == line_of(after, "updates:") + 1
    assert data(after)["updates"][0] == {"date": "2026-11-29", "text": "Reminders now go out in Welsh too."}


def test_an_update_is_quoted_like_the_updates_before_it():
    before = (REPO / "content" / "projects" / "library-booking-bilingual.md").read_text(encoding="utf-8")

    after = add_update(before, TODAY, "Ar agor. / Open.")

    assert changes(before, after) == ["+  - date: 2026-11-29", '+    text: "Ar agor. / Open."']


def test_an_update_text_that_needs_quotes_reads_back_exactly():
    text = "Update: 'phase two' is #1 on the list"

    assert data(add_update(BIN_REMINDERS, TODAY, text))["updates"][0]["text"] == text


def test_the_first_update_creates_updates_in_schema_order():
    before = "---\ntitle: Bin app\nlast_reviewed: 2026-10-14\nborn_at: leeds-2026\n---\n"

    after = add_update(before, TODAY, "Started.")

    assert changes(before, after) == ["+updates:", "+  - date: 2026-11-29", "+    text: Started."]
    assert line_of(after, "updates:") == line_of(after, "last_reviewed:") + 1


def test_an_empty_updates_field_gets_its_first_item():
    before = "---\ntitle: Bin app\nupdates: []\n---\n"

    assert add_update(before, TODAY, "Started.") == (
        "---\ntitle: Bin app\nupdates:\n  - date: 2026-11-29\n    text: Started.\n---\n"
    )


# changed_fields


def test_changed_fields_tells_a_confirmation_from_an_update():
    confirmed = set_field(BIN_REMINDERS, "last_reviewed", "2026-11-29")
    updated = add_update(confirmed, TODAY, "Still live.")
    trimmed = set_list(updated, "looking_for", [])

    assert changed_fields(BIN_REMINDERS, BIN_REMINDERS) == []
    assert changed_fields(BIN_REMINDERS, confirmed) == ["last_reviewed"]
    assert changed_fields(BIN_REMINDERS, trimmed) == ["looking_for", "last_reviewed", "updates"]


# Welsh beside English: a field in the cy: block, and the body's part after "# Cymraeg"

WELSH_BLOCK = BIN_REMINDERS.replace(
    "lead_council: west-berkshire\n",
    "cy:\n    summary: 'Crynodeb'  # checked by the Welsh team\nlead_council: west-berkshire\n",
)


def test_a_welsh_title_creates_the_cy_block_after_the_summary():
    after = set_subfield(BIN_REMINDERS, "cy", "title", "Nodiadau casglu biniau")

    assert changes(BIN_REMINDERS, after) == ["+cy:", "+  title: Nodiadau casglu biniau"]
    assert line_of(after, "cy:") == line_of(BIN_REMINDERS, "summary:") + 1


def test_a_welsh_title_goes_before_the_welsh_summary_at_the_blocks_indentation():
    after = set_subfield(WELSH_BLOCK, "cy", "title", "Teitl")

    assert changes(WELSH_BLOCK, after) == ["+    title: Teitl"]
    assert line_of(after, "    title:") == line_of(WELSH_BLOCK, "cy:") + 1


def test_a_welsh_summary_is_replaced_in_place_keeping_its_quotes_and_comment():
    after = set_subfield(WELSH_BLOCK, "cy", "summary", "Crynodeb newydd")

    assert changes(WELSH_BLOCK, after) == [
        "-    summary: 'Crynodeb'  # checked by the Welsh team",
        "+    summary: 'Crynodeb newydd'  # checked by the Welsh team",
    ]


def test_the_same_welsh_value_changes_nothing():
    assert set_subfield(WELSH_BLOCK, "cy", "summary", "Crynodeb") == WELSH_BLOCK


@pytest.mark.parametrize(
    ("empty", "expected"),
    [
        ("cy:", ["+  title: Teitl"]),
        ("cy: {}", ["-cy: {}", "+cy:", "+  title: Teitl"]),
        ("cy: null", ["-cy: null", "+cy:", "+  title: Teitl"]),
    ],
)
def test_an_empty_cy_block_is_filled_in(empty, expected):
    before = BIN_REMINDERS.replace("lead_council:", f"{empty}\nlead_council:")

    after = set_subfield(before, "cy", "title", "Teitl")

    assert changes(before, after) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("cy: {title: Teitl}", '"cy" is written on one line'),
        ("cy: Teitl", '"cy" is not a group of fields'),
        ("cy:\n  title:\n    - Teitl", '"cy.title" holds a list or a group of fields'),
    ],
)
def test_a_cy_block_written_otherwise_is_left_for_a_person(written, expected):
    before = BIN_REMINDERS.replace("lead_council:", f"{written}\nlead_council:")
    with pytest.raises(EditError, match=expected):
        set_subfield(before, "cy", "title", "Teitl newydd")


def test_crlf_and_a_byte_order_mark_are_kept_in_a_nested_edit():
    marked = "\ufeff" + WELSH_BLOCK.replace("\n", "\r\n")

    assert set_subfield(marked, "cy", "title", "Teitl") == "\ufeff" + set_subfield(
        WELSH_BLOCK, "cy", "title", "Teitl"
    ).replace("\n", "\r\n")


WELSH_BODY = "## Am y prosiect\n\nTestun yn Gymraeg."


def test_a_welsh_description_is_added_after_the_english_one():
    after = set_welsh_body(BIN_REMINDERS, WELSH_BODY)

    assert after.startswith(BIN_REMINDERS)
    assert after[len(BIN_REMINDERS) :] == f"\n# Cymraeg\n\n{WELSH_BODY}\n"


def test_a_welsh_description_takes_the_place_of_the_one_there_is():
    before = set_welsh_body(BIN_REMINDERS, "## Hen\n\nHen destun.\n\n## Arall\n")
    marker = line_of(before, "# Cymraeg")

    after = set_welsh_body(before, WELSH_BODY)

    assert after.split("\n")[: marker + 1] == before.split("\n")[: marker + 1]
    assert split_body(load_text(after).body).welsh == WELSH_BODY


def test_the_marker_line_is_kept_as_it_is_written():
    before = BIN_REMINDERS + "\n#  CYMRAEG \n\nHen.\n"

    after = set_welsh_body(before, "Newydd.")

    assert changes(before, after) == ["-Hen.", "+Newydd."]


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("---\ntitle: x\n---\nText", "---\ntitle: x\n---\nText\n\n# Cymraeg\n\nTestun\n"),
        ("---\ntitle: x\n---\nText\n\n", "---\ntitle: x\n---\nText\n\n# Cymraeg\n\nTestun\n"),
        ("---\ntitle: x\n---\nText\n# Cymraeg", "---\ntitle: x\n---\nText\n# Cymraeg\n\nTestun\n"),
        (
            "---\r\ntitle: x\r\n---\r\nText\r\n",
            "---\r\ntitle: x\r\n---\r\nText\r\n\r\n# Cymraeg\r\n\r\nTestun\r\n",
        ),
    ],
)
def test_the_welsh_description_is_added_however_the_file_ends(before, expected):
    assert set_welsh_body(before, "Testun") == expected


def test_an_empty_welsh_description_is_not_written():
    with pytest.raises(EditError, match="empty"):
        set_welsh_body(BIN_REMINDERS, "\n  \n")


# Properties: any text reads back exactly, and no other line changes

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
AWKWARD_START = st.sampled_from(
    [":", "#", "'", '"', " ", "- ", "? ", "&", "*", "!", "|", ">", "%", "@", "`", "---"]
)
VALUES = st.one_of(
    TEXT, st.builds(str.__add__, AWKWARD_START, TEXT), st.sampled_from(["null", "~", "", "yes"])
)


@given(key=st.sampled_from(["title", "summary", "last_reviewed", "phase"]), value=VALUES)
def test_set_field_reads_back_and_changes_only_its_line(key, value):
    before = COMMENTED if key != "summary" else BIN_REMINDERS
    after = set_field(before, key, value)

    assert data(after) == {**data(before), key: value}
    old, new = before.split("\n"), after.split("\n")
    changed = [number for number, (line, edited) in enumerate(zip(old, new, strict=True)) if line != edited]
    assert changed in ([], [line_of(before, f"{key}:")])


@given(value=VALUES)
def test_a_new_field_adds_one_line_and_reads_back(value):
    before = without_field(BIN_REMINDERS, "last_reviewed")
    after = set_field(before, "ends", value)

    assert data(after) == {**data(before), "ends": value}
    assert [line for line in changes(before, after) if line.startswith("-")] == []
    assert len(changes(before, after)) == 1


@given(values=st.lists(VALUES, max_size=5))
def test_set_list_reads_back_and_changes_only_the_lists_lines(values):
    after = set_list(BIN_REMINDERS, "tags", values)

    expected = {**data(BIN_REMINDERS), "tags": values}
    if not values:
        del expected["tags"]
    assert data(after) == expected
    old, new = BIN_REMINDERS.split("\n"), after.split("\n")
    first, stop = line_of(BIN_REMINDERS, "tags:") + 1, line_of(BIN_REMINDERS, "budget_band:")
    if not values:
        first -= 1
    assert new[:first] == old[:first]
    assert new[len(new) - (len(old) - stop) :] == old[stop:]


@given(text=VALUES)
def test_add_update_reads_back_and_only_adds_its_lines(text):
    after = add_update(COMMENTED, TODAY, text)

    assert data(after) == {**data(COMMENTED), "updates": [{"date": "2026-11-29", "text": text}]}
    assert all(line.startswith("+") for line in changes(COMMENTED, after))


@given(text=VALUES)
def test_add_update_to_existing_updates_inserts_two_lines_before_the_newest(text):
    after = add_update(BIN_REMINDERS, TODAY, text)

    old, new = BIN_REMINDERS.split("\n"), after.split("\n")
    first = line_of(BIN_REMINDERS, "  - date:")
    assert new[:first] + new[first + 2 :] == old
    assert data(after)["updates"] == [{"date": "2026-11-29", "text": text}, *data(BIN_REMINDERS)["updates"]]


@given(value=VALUES, key=st.sampled_from(["title", "ends", "last_reviewed"]))
def test_crlf_and_a_byte_order_mark_are_kept_for_any_value(key, value):
    marked = "\ufeff" + BIN_REMINDERS.replace("\n", "\r\n")

    assert set_field(marked, key, value) == "\ufeff" + set_field(BIN_REMINDERS, key, value).replace(
        "\n", "\r\n"
    )


@given(value=VALUES, key=st.sampled_from(["title", "summary"]), present=st.booleans())
def test_set_subfield_reads_back_and_changes_only_its_line(value, key, present):
    before = WELSH_BLOCK if present else BIN_REMINDERS
    after = set_subfield(before, "cy", key, value)

    assert data(after) == {**data(before), "cy": {**data(before).get("cy", {}), key: value}}
    removed = [line for line in changes(before, after) if line.startswith("-")]
    added = [line for line in changes(before, after) if line.startswith("+")]
    if present and key == "summary":
        assert removed == (
            ["-    summary: 'Crynodeb'  # checked by the Welsh team"] if value != "Crynodeb" else []
        )
        assert len(added) == len(removed)
    else:
        assert removed == []
        assert len(added) == (1 if present else 2)


MARKDOWN_LINE = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30),
    st.sampled_from(["# Cymraeg", "---", "## Am y prosiect", "", "  ", "```", "cy:", "title: x"]),
)
MARKDOWN = st.lists(MARKDOWN_LINE, min_size=1, max_size=6).map("\n".join).filter(str.strip)


@given(welsh=MARKDOWN, old=st.one_of(st.none(), MARKDOWN))
def test_set_welsh_body_keeps_the_front_matter_and_the_english_part(welsh, old):
    before = BIN_REMINDERS if old is None else set_welsh_body(BIN_REMINDERS, old)

    after = set_welsh_body(before, welsh)

    assert after.startswith(BIN_REMINDERS)
    assert data(after) == data(BIN_REMINDERS)
    assert split_body(load_text(after).body).welsh == welsh.strip("\n")
    if old is not None:
        marker = line_of(before, "# Cymraeg")
        assert after.split("\n")[: marker + 1] == before.split("\n")[: marker + 1]
