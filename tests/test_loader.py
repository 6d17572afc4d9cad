"""The strict loader: every scalar a string, no YAML tricks, and a position for every field."""

from __future__ import annotations

import time

import pytest

from pipeline.loader import MAX_DEPTH, MAX_FILE_BYTES, LoadError, load_file, load_text, read_text


def load_error(text: str) -> LoadError:
    with pytest.raises(LoadError) as caught:
        load_text(text)
    return caught.value


def front(*lines: str) -> str:
    return "---\n" + "\n".join(lines) + "\n---\nBody.\n"


# Every scalar is a string --------------------------------------------------------------


@pytest.mark.parametrize(
    "written, read",
    [
        ("NO", "NO"),
        ("yes", "yes"),
        ("off", "off"),
        ("true", "true"),
        ("1.10", "1.10"),
        ("012", "012"),
        ("0x1F", "0x1F"),
        ("12:30", "12:30"),
        ("2026-01-01", "2026-01-01"),
        ("2026-01-01 09:30", "2026-01-01 09:30"),
        (".inf", ".inf"),
        ("'null'", "null"),
        ('""', ""),
        ("Llanfair­pwll – ŵ ŷ “Môn” 日本", "Llanfair­pwll – ŵ ŷ “Môn” 日本"),
    ],
)
def test_scalars_are_read_as_written(written, read):
    assert load_text(front(f"value: {written}")).data == {"value": read}


@pytest.mark.parametrize("blank", ["", "~", "null", "Null", "NULL"])
def test_a_blank_or_null_value_leaves_the_field_out(blank):
    document = load_text(front(f"summary: {blank}", "title: Bins"))
    assert document.data == {"title": "Bins"}
    assert document.key_positions[("summary",)] == (2, 1)


def test_lists_and_nested_fields():
    document = load_text(front("contacts:", "  - role: Team", "    email: a@example.org", "tags: [a, b]"))
    assert document.data == {"contacts": [{"role": "Team", "email": "a@example.org"}], "tags": ["a", "b"]}


def test_block_scalars_keep_their_text():
    document = load_text(
        front("summary: |", "  Line one", "  line two", "title: >", "  Folded", "  text", "x: y")
    )
    assert document.data == {"summary": "Line one\nline two\n", "title": "Folded text\n", "x": "y"}


# Positions ---------------------------------------------------------------------------------


def test_positions_are_lines_and_columns_in_the_file():
    document = load_text(
        front(
            "title: Bins",
            "contacts:",
            "  - role: Team",
            "    email: a@example.org",
            "tags:",
            "  - x",
            "  - y",
        )
    )
    assert document.positions[("title",)] == (2, 8)
    assert document.key_positions[("title",)] == (2, 1)
    assert document.positions[("contacts",)] == (4, 3)
    assert document.positions[("contacts", 0)] == (4, 5)
    assert document.positions[("contacts", 0, "email")] == (5, 12)
    assert document.key_positions[("contacts", 0, "email")] == (5, 5)
    assert document.positions[("tags", 1)] == (8, 5)


def test_a_missing_field_is_placed_at_its_nearest_parent():
    document = load_text(front("title: Bins", "contacts:", "  - role: Team"))
    assert document.position(("contacts", 0, "email")) == (4, 5)
    assert document.position(("contacts", 0, "email"), key=True) == (4, 5)
    assert document.position(("summary",), key=True) == (2, 1)


def test_body_and_its_first_line():
    document = load_text("---\ntitle: Bins\n---\n## Heading\n\nText.\n")
    assert (document.body, document.body_line) == ("## Heading\n\nText.\n", 4)


def test_a_closing_fence_may_have_trailing_spaces():
    assert load_text("--- \ntitle: Bins\n---  \nBody").data == {"title": "Bins"}


def test_later_fences_belong_to_the_body():
    document = load_text("---\ntitle: Bins\n---\nBody\n---\nMore\n")
    assert document.body == "Body\n---\nMore\n"


# Encodings and line endings ---------------------------------------------------------------


def test_bom_and_crlf_are_accepted_and_lines_stay_right():
    raw = "\ufeff---\r\ntitle: Bins\r\nphase: [alpha\r\n---\r\nBody\r\n".encode()
    text = read_text(raw)
    assert not text.startswith("\ufeff") and "\r" not in text
    assert load_error(text).line == 3


def test_load_text_accepts_crlf_and_old_mac_line_endings_itself():
    assert load_text("---\r\ntitle: Bins\r\n---\r\nBody").body == "Body"
    error = load_error("---\rtitle: Bins\rtitle: Again\r---\r")
    assert (error.line, error.column) == (3, 1)


def test_not_utf8_says_which_line():
    with pytest.raises(LoadError) as caught:
        read_text("---\ntitle: Bins\nsummary: Café\n---\n".encode("latin-1"))
    assert (caught.value.line, caught.value.column) == (3, 1)
    assert "not valid UTF-8" in caught.value.message


def test_binary_data_is_refused():
    with pytest.raises(LoadError, match="not text"):
        read_text(b"---\ntitle: x\x00\n---\n")


def test_size_limit_is_exact():
    padding = b"---\ntitle: x\n---\n"
    read_text(padding + b"a" * (MAX_FILE_BYTES - len(padding)))
    with pytest.raises(LoadError, match="larger than the"):
        read_text(padding + b"a" * (MAX_FILE_BYTES - len(padding) + 1))


def test_unusual_line_breaks_in_front_matter_are_refused_where_they_are():
    error = load_error("---\ntitle: Bins\nsummary: One\u2028two\n---\n")
    assert (error.line, error.column) == (3, 13)
    assert "U+2028" in error.message
    assert load_text("---\ntitle: Bins\n---\nOne\u2028two\x85three\n").body == "One\u2028two\x85three\n"


def test_control_characters_are_refused_where_they_are():
    error = load_error("---\ntitle: Môn\nsummary: a\x07b\n---\n")
    assert (error.line, error.column) == (3, 11)
    assert "\n" not in error.message


def test_load_file_turns_os_errors_into_load_errors(tmp_path):
    with pytest.raises(LoadError, match="cannot be read"):
        load_file(tmp_path / "missing.md")
    (tmp_path / "ok.md").write_bytes("\ufeff---\r\ntitle: Môn\r\n---\r\n".encode())
    assert load_file(tmp_path / "ok.md").data == {"title": "Môn"}


# Front matter that is missing or malformed ------------------------------------------------


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("", 1, "the file is empty"),
        ("\n \n\t\n", 1, "the file is empty"),
        ("title: Bins\n", 1, "does not start with front matter"),
        ("----\ntitle: Bins\n----\n", 1, "does not start with front matter"),
        ("---\ntitle: Bins\nsummary: x\n\n\n", 3, "never closed"),
        ("---", 1, "never closed"),
        ("---\n---\n", 2, "front matter is empty"),
        ("---\n# just a comment\n---\n", 2, "front matter is empty"),
        ("---\n- a\n- b\n---\n", 2, "must be a set of 'field: value' lines"),
        ("---\nJust words\n---\n", 2, "must be a set of 'field: value' lines"),
        ("---\ntitle: a\n---\n", None, None),
    ],
)
def test_front_matter_shape(text, line, fragment):
    if fragment is None:
        assert load_text(text).data == {"title": "a"}
        return
    error = load_error(text)
    assert (error.line, fragment in error.message) == (line, True), error.message


@pytest.mark.parametrize(
    "lines, line, column, fragment",
    [
        (["title: Bins", "  summary: x"], 3, 3, 'indented more than the field above it; start summary: directly under "title:"'),
        (["title: 'Bins", "summary: x"], 2, 8, "the quote that opens on line 2 is never closed; add a ' at the end of the text: title: 'Bins'"),
        (["title: [Bins", "summary: x"], 2, 8, "a quote or bracket that opens on line 2 is never closed"),
        (["title: Bins", "\tsummary: x"], 3, 1, "line 3 is indented with a tab; use spaces, not tabs, to indent"),
        (["title: Bins", "- x"], 3, 1, "title is a single piece of text, so it cannot have a list under it (line 3)"),
        (["title: Bins", "summary: a", "  b: c"], 4, 3, "line 4 is indented more than the field above it"),
    ],
)  # fmt: skip
def test_invalid_yaml_points_at_the_line_to_fix(lines, line, column, fragment):
    error = load_error(front(*lines))
    assert (error.line, error.column) == (line, column)
    assert fragment in error.message


def test_a_second_yaml_document_is_refused():
    assert "line 3 cannot be read" in load_error("---\ntitle: Bins\n--- x\nsummary: y\n---\n").message


# YAML tricks --------------------------------------------------------------------------------


def test_duplicate_keys_are_refused_at_the_second():
    error = load_error(front("title: Bins", "summary: x", "title: Again"))
    assert (error.line, error.column) == (4, 1)
    assert 'the field "title" is written twice (first on line 2)' in error.message


def test_duplicate_keys_are_refused_inside_lists_too():
    error = load_error(front("contacts:", "  - role: A", "    role: B"))
    assert (error.line, error.column) == (4, 5)


def test_the_same_key_in_two_list_items_is_fine():
    document = load_text(front("contacts:", "  - role: A", "  - role: B"))
    assert document.data == {"contacts": [{"role": "A"}, {"role": "B"}]}


@pytest.mark.parametrize(
    "lines, line",
    [
        (["title: &t Bins", "summary: *t"], 3),
        (["&t title: Bins", "summary: *t"], 3),
        (["title: &t Bins", "*t : x"], 3),
        (["tags:", "  - &t x", "  - *t"], 4),
        (["base: &b {a: 1}", "more:", "  <<: *b"], 4),
    ],
)
def test_aliases_are_refused(lines, line):
    error = load_error(front(*lines))
    assert "anchors and aliases" in error.message
    assert error.line == line


def test_billion_laughs_is_refused_quickly():
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 9)]
    started = time.perf_counter()
    error = load_error(front(*lines))
    assert time.perf_counter() - started < 1
    assert (error.line, "anchors and aliases" in error.message) == (3, True)


@pytest.mark.parametrize(
    "value, shown",
    [
        ("!!int 5", "!!int"),
        ("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
        ("!custom x", "!custom"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!map {a: b}", "!!map"),
    ],
)
def test_tags_are_refused(value, shown):
    if shown == "!!map":
        assert load_text(front(f"title: {value}")).data == {"title": {"a": "b"}}
        return
    error = load_error(front("title: Bins", f"summary: {value}"))
    assert (error.line, error.column) == (3, 10)
    assert f"YAML tags like {shown} are not allowed" in error.message


def test_non_text_field_names_are_refused():
    error = load_error(front("title: Bins", "? [a, b]", ": c"))
    assert "field names must be plain words" in error.message
    assert error.line == 3


def test_nesting_deeper_than_the_limit_is_refused():
    def nested(depth: int) -> str:
        # The front matter itself is level 1 and the value of x level 2; each [ adds one.
        return front("x: " + "[" * (depth - 2) + "a" + "]" * (depth - 2))

    load_text(nested(MAX_DEPTH))
    error = load_error(nested(MAX_DEPTH + 1))
    assert (error.line, "nested more than" in error.message) == (2, True)


def test_very_deep_nesting_is_refused_without_recursion_errors():
    error = load_error(front("x: " + "[" * 100_000))
    assert error.line == 2
