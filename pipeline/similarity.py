"""Finding projects that work on the same problem, so a council can join one instead of starting another.

Each project becomes a TF-IDF vector built from three parts of its text, each scaled by FIELD_WEIGHTS:
the headline (title and summary), the topics (tags and service areas) and the body (the description).
Two projects score the cosine of their vectors, from 0 (nothing in common) to 1 (the same words). The body
is cut to its BODY_TERMS most distinctive words, which keeps a long text from drowning the short parts and
keeps the comparison sparse, so all pairs of 10,000 projects are compared in a few seconds, a block of
rows at a time. Words are compared lower-case, without English stop words, and with plural endings
removed, so "bins" matches "bin".

numpy, scipy and scikit-learn are imported by the functions that use them: every `pipeline` command
imports this module, and most never compare projects.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse

    from .catalogue import Catalogue
    from .model import Entry, Project

# How much each part counts: the title with the summary, and the tags with the service areas, name the
# problem, so they count twice as much as the longer description.
FIELD_WEIGHTS = {"headline": 2.0, "topics": 2.0, "body": 1.0}
BODY_TERMS = 30
TOP = 5
# Shown on project pages as "councils working on something similar".
SIMILAR_THRESHOLD = 0.12
# `pipeline similar` calls a match at or above this a possible duplicate.
DUPLICATE_THRESHOLD = 0.25
DECIMALS = 4
# Projects compared at once times catalogue size: bounds the memory of one block of scores (float32).
BLOCK_CELLS = 1_000_000
# Blocks are scored on up to this many threads (no more than there are processors).
THREADS = 4

# A word: a letter, then letters or digits (accented letters too, as in Welsh).
_WORD = re.compile(r"[^\W\d_][^\W_]+")
_MORE_STOP_WORDS = {"https", "http", "www", "com", "org", "uk", "gov"}

Match = tuple[str, float]


@cache
def stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words: frozenset[str] = ENGLISH_STOP_WORDS | _MORE_STOP_WORDS
    return words


def stem(word: str) -> str:
    """Strip English plural endings, so "bins" and "bin" or "libraries" and "library" count as one word."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def raw_words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def topic_terms(values: list[str]) -> list[str]:
    """Each tag or service area as a whole ("missed-bins") and word by word ("missed", "bins")."""
    terms: list[str] = []
    for value in values:
        terms.append(value)
        if "-" in value:
            terms += value.split("-")
    return terms


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _values(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def field_texts(entry: Entry) -> dict[str, Any]:
    """The text each field contributes; tolerant of missing or mistyped fields so drafts can be scored."""
    data = entry.data
    return {
        "headline": _text(data.get("title")) + "\n" + _text(data.get("summary")),
        "topics": _values(data.get("tags")) + _values(data.get("service_areas")),
        "body": entry.body or "",
    }


def fold_terms(counts: sparse.csr_matrix, terms: Sequence[str]) -> tuple[sparse.csr_matrix, list[str]]:
    """Merge the columns of words with the same stem and drop stop words: the folded counts, and the
    stem of each of their columns.

    Done once per distinct word rather than once per word of text, which is what keeps it fast.
    """
    import numpy as np
    from scipy import sparse

    stems: dict[str, int] = {}
    kept: list[int] = []
    folded: list[int] = []
    unwanted = stop_words()
    for index, term in enumerate(terms):
        if term not in unwanted:
            kept.append(index)
            folded.append(stems.setdefault(stem(term), len(stems)))
    folding = sparse.csr_matrix(
        (np.ones(len(kept), dtype=np.float32), (kept, folded)), shape=(len(terms), len(stems))
    )
    return (counts @ folding).tocsr(), list(stems)


def _weights(field: str, column: list[Any]) -> tuple[sparse.csr_matrix, list[str]] | None:
    """The TF-IDF weights of one field with the word of each column, or None when no entry has a word
    in it."""
    import numpy as np
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    counter = CountVectorizer(analyzer=topic_terms if field == "topics" else raw_words, dtype=np.float32)
    try:
        counts = counter.fit_transform(column)
    except ValueError:  # no words at all
        return None
    folded, words = fold_terms(counts, counter.get_feature_names_out())
    if folded.shape[1] == 0:
        return None
    return TfidfTransformer(sublinear_tf=True).fit_transform(folded).tocsr(), words


def _keep_strongest(matrix: sparse.csr_matrix, terms: int) -> sparse.csr_matrix:
    """Zero all but the `terms` largest values of each row."""
    import numpy as np

    keep = np.ones(matrix.nnz, dtype=bool)
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        if end - start > terms:
            weakest = np.argpartition(-matrix.data[start:end], terms - 1)[terms:]
            keep[start + weakest] = False
    matrix.data[~keep] = 0
    matrix.eliminate_zeros()
    return matrix


def vectors(entries: Sequence[Entry]) -> sparse.csr_matrix:
    """One unit-length row per entry, in the order given."""
    return named_vectors(entries)[0]


def named_vectors(entries: Sequence[Entry]) -> tuple[sparse.csr_matrix, list[str]]:
    """One unit-length row per entry, in the order given, and the name of each column ("body:bin")."""
    import numpy as np
    from scipy import sparse
    from sklearn.preprocessing import normalize

    texts = [field_texts(entry) for entry in entries]
    parts, columns = [], []
    for field, weight in FIELD_WEIGHTS.items():
        weighted = _weights(field, [text[field] for text in texts])
        if weighted is None:
            continue
        matrix, words = weighted
        if field == "body":
            matrix = _keep_strongest(matrix, BODY_TERMS)
        parts.append(normalize(matrix) * np.float32(np.sqrt(weight)))
        columns += [f"{field}:{word}" for word in words]
    if not parts:
        return sparse.csr_matrix((len(entries), 0), dtype=np.float32), columns
    combined = normalize(sparse.hstack(parts, format="csr"))
    combined.sort_indices()
    return combined, columns


def best_in_rows(scores: np.ndarray, top: int, threshold: float) -> list[list[tuple[int, float]]]:
    """For each row of a dense score block: up to `top` (column, score) pairs scoring at least `threshold`
    and above zero, best first, ties in column order."""
    import numpy as np

    scores = np.round(scores.astype(np.float64), DECIMALS)
    columns = scores.shape[1]
    if top < columns:
        kth_best = np.partition(scores, columns - top, axis=1)[:, columns - top]
        cutoff = np.maximum(kth_best, threshold)
    else:
        cutoff = np.full(len(scores), threshold)
    rows, cols = np.nonzero((scores >= cutoff[:, None]) & (scores > 0))
    found: list[list[tuple[int, float]]] = [[] for _ in range(len(scores))]
    for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
        found[row].append((col, round(float(scores[row, col]), DECIMALS)))
    return [sorted(matches, key=lambda match: -match[1])[:top] for matches in found]


def _matches_by_row(
    matrix: sparse.csr_matrix,
    top: int,
    threshold: float,
    rows: Sequence[int] | None = None,
    columns: Sequence[int] | None = None,
) -> Iterator[tuple[int, list[tuple[int, float]]]]:
    """Yield (row, [(column, score)]) for each of `rows` (default: every row) against each of `columns`
    (default: every row; a row is never its own match), comparing a block of rows at a time.

    A score is the same whichever rows and columns are compared at once: the sparse product adds up
    each pair's terms in the order of the row's own words. Blocks are scored on several threads: the
    sparse product and numpy release the GIL.
    """
    import numpy as np

    count = matrix.shape[0]
    chosen = np.arange(count) if rows is None else np.asarray(rows, dtype=np.int64)
    against = np.arange(count) if columns is None else np.asarray(columns, dtype=np.int64)
    transposed = matrix[against].T.tocsr()
    block_rows = max(1, BLOCK_CELLS // max(len(against), 1))

    def best_in_block(start: int) -> list[list[tuple[int, float]]]:
        block_of = chosen[start : start + block_rows]
        block = (matrix[block_of] @ transposed).toarray()
        own_row, own_column = np.nonzero(block_of[:, None] == against[None, :])
        block[own_row, own_column] = 0  # a project is not similar to itself
        return [
            [(int(against[col]), score) for col, score in found]
            for found in best_in_rows(block, top, threshold)
        ]

    starts = range(0, len(chosen), block_rows)
    with ThreadPoolExecutor(max_workers=min(THREADS, os.cpu_count() or 1)) as pool:
        for start, found in zip(starts, pool.map(best_in_block, starts), strict=True):
            yield from zip(chosen[start : start + block_rows].tolist(), found, strict=True)


def similar_projects(
    projects: Iterable[Project], top: int = TOP, threshold: float = SIMILAR_THRESHOLD
) -> dict[str, list[Match]]:
    """Project id -> up to `top` (other project id, score) at or above `threshold`, best first then by id."""
    ordered = sorted(projects, key=lambda project: project.id)
    if len(ordered) < 2:
        return {project.id: [] for project in ordered}
    ids = [project.id for project in ordered]
    return {
        ids[row]: [(ids[col], score) for col, score in matches]
        for row, matches in _matches_by_row(vectors(ordered), top, threshold)
    }


@dataclass
class Scored:
    """Every project's matches with the vectors they were worked out from, kept between builds so that
    the next one compares again only what changed (see `similar_projects_since`)."""

    ids: list[str]  # sorted: the rows of `matrix`
    columns: list[str]  # the name of each column of `matrix`
    matrix: sparse.csr_matrix
    matches: dict[str, list[Match]]
    top: int
    threshold: float


def _unchanged_rows(
    earlier: Scored, ids: list[str], matrix: sparse.csr_matrix, columns: list[str]
) -> set[int]:
    """The rows of `matrix` whose project had exactly the same vector before: the same words, in the same
    order, with the same weights."""
    import numpy as np

    where = {name: index for index, name in enumerate(columns)}
    moved = np.array([where.get(name, -1) for name in earlier.columns], dtype=np.int64)
    before = {project_id: row for row, project_id in enumerate(earlier.ids)}
    old = earlier.matrix
    unchanged: set[int] = set()
    for row, project_id in enumerate(ids):
        earlier_row = before.get(project_id)
        if earlier_row is None:
            continue
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        old_start, old_end = old.indptr[earlier_row], old.indptr[earlier_row + 1]
        if np.array_equal(
            moved[old.indices[old_start:old_end]], matrix.indices[start:end]
        ) and np.array_equal(old.data[old_start:old_end], matrix.data[start:end]):
            unchanged.add(row)
    return unchanged


def similar_projects_since(
    projects: Iterable[Project], earlier: Scored | None, top: int = TOP, threshold: float = SIMILAR_THRESHOLD
) -> Scored:
    """`similar_projects`, with its vectors, using what an earlier call found: the same result.

    Every project's vector is worked out again (a changed word count changes the weights of other
    projects' words). A project whose vector changed, or whose earlier matches include one that changed
    or is gone, is compared with every project; any other keeps its earlier matches, which are still its
    best among the unchanged projects, merged with its scores against the changed ones only.
    """
    ordered = sorted(projects, key=lambda project: project.id)
    ids = [project.id for project in ordered]
    matrix, columns = named_vectors(ordered)
    if len(ordered) < 2:
        return Scored(ids, columns, matrix, {project_id: [] for project_id in ids}, top, threshold)
    earlier_matches = earlier.matches if earlier is not None else {}
    usable = earlier is not None and (earlier.top, earlier.threshold) == (top, threshold)
    unchanged = _unchanged_rows(earlier, ids, matrix, columns) if earlier is not None and usable else set()
    kept_ids = {ids[row] for row in unchanged}
    kept = sorted(
        row
        for row in unchanged
        if ids[row] in earlier_matches and all(other in kept_ids for other, _ in earlier_matches[ids[row]])
    )
    changed = sorted(set(range(len(ids))) - unchanged)
    again = sorted(set(range(len(ids))) - set(kept))
    found: dict[int, list[tuple[int, float]]] = (
        dict(_matches_by_row(matrix, top, threshold, again)) if again else {}
    )
    if kept:
        row_of = {project_id: row for row, project_id in enumerate(ids)}
        against_changed = dict(_matches_by_row(matrix, top, threshold, kept, changed)) if changed else {}
        for row in kept:
            merged = [(row_of[other], score) for other, score in earlier_matches[ids[row]]]
            merged += against_changed.get(row, [])
            found[row] = sorted(merged, key=lambda match: (-match[1], match[0]))[:top]
    matches = {ids[row]: [(ids[col], score) for col, score in found[row]] for row in range(len(ids))}
    return Scored(ids, columns, matrix, matches, top, threshold)


def closest(
    projects: Iterable[Project], candidate: Entry, top: int = TOP, threshold: float = 0.0
) -> list[Match]:
    """The projects closest to `candidate` (a new or changed entry, compared as if it were in the catalogue).

    A project with the candidate's id is its older self and is left out.
    """
    others = sorted((p for p in projects if p.id != candidate.id), key=lambda project: project.id)
    if not others:
        return []
    matrix = vectors(others + [candidate])
    scores = (matrix[:-1] @ matrix[-1].T).toarray().reshape(1, -1)
    return [(others[col].id, score) for col, score in best_in_rows(scores, top, threshold)[0]]


def match_records(catalogue: Catalogue, matches: list[Match]) -> list[dict[str, Any]]:
    """Each match as data: the project, its lead council, its score and whether it may be a duplicate."""
    found: list[dict[str, Any]] = []
    for project_id, score in matches:
        project = catalogue.projects[project_id]
        found.append(
            {
                "id": project_id,
                "title": project.title,
                "lead_council": project.lead_council,
                "lead_council_name": catalogue.council_name(project.lead_council),
                "path": project.source,
                "url": project.url,
                "score": score,
                "possible_duplicate": score >= DUPLICATE_THRESHOLD,
            }
        )
    return found
