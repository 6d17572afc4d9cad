"""Seeded generator of realistic synthetic Pipeline catalogues.

    python benchmarks/generate.py --projects 1000 --out /tmp/catalogue [--seed 1] [--today 2026-11-26]

writes /tmp/catalogue/{councils,projects,makerdays}/<id>.md. The same seed and date give the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import textwrap
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SCHEMA_DIR = HERE.parent / "schemas"
TODAY = date(2026, 11, 26)
GSS_FIRST_NUMBER = 900001
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# (type, nation, GSS prefix, how many, official name); the counts add up to the 397 current UK councils.
COUNCIL_TYPES = (
    ("county", "england", "E10", 21, "{name} County Council"),
    ("district", "england", "E07", 164, "{name} District Council"),
    ("unitary", "england", "E06", 63, "{name} Council"),
    ("metropolitan-district", "england", "E08", 36, "{name} Metropolitan Borough Council"),
    ("london-borough", "england", "E09", 33, "London Borough of {name}"),
    ("combined-authority", "england", "E47", 14, "{name} Combined Authority"),
    ("other", "england", "E61", 1, "{name} Strategic Authority"),
    ("welsh-unitary", "wales", "W06", 22, "{name} County Council"),
    ("scottish-council", "scotland", "S12", 32, "{name} Council"),
    ("ni-district", "northern-ireland", "N09", 11, "{name} District Council"),
)
ENGLISH_REGIONS = {
    "South East": 70,
    "East of England": 51,
    "East Midlands": 38,
    "North West": 38,
    "West Midlands": 35,
    "South West": 30,
    "Yorkshire and The Humber": 21,
    "North East": 15,
}
PHASES = {"concept": 10, "discovery": 18, "alpha": 18, "beta": 20, "live": 26, "retired": 8}
FORMATS = {"in-person": 60, "hybrid": 25, "online": 15}
CHALLENGE_PHASES = ("concept", "discovery", "alpha", "beta")
FRESH_DAYS = 60
REVIEW_SPREAD_DAYS = 730
MARKDOWN_BLOCKS = ("numbered", "quote", "table", "section")
PLEDGE_KIND = ("properties", "pledges", "items", "properties", "kind")
SCHEMA_FILES = {
    "councils": "council.schema.json",
    "projects": "project.schema.json",
    "makerdays": "makerday.schema.json",
}


@cache
def vocabulary() -> dict:
    words = json.loads((HERE / "vocabulary.json").read_text(encoding="utf-8"))
    missing = set(choices("service-areas.schema.json")) - set(words["areas"])
    if missing:
        raise ValueError(f"vocabulary.json has no topic words for {sorted(missing)}")
    return words


@cache
def _schema(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def choices(schema_file: str, *path: str) -> list[str]:
    """The allowed values of an enum or oneOf-of-consts node in a schema file."""
    node = _schema(schema_file)
    for key in path:
        node = node[key]
    return node["enum"] if "enum" in node else [option["const"] for option in node["oneOf"]]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def unique_id(wanted: str, taken: set[str], *fallbacks: str) -> str:
    """The first of wanted, wanted-fallback... or wanted-2, wanted-3... not yet taken."""
    candidates = [wanted, *(f"{wanted}-{extra}" for extra in fallbacks)]
    number = 2
    while all(candidate in taken for candidate in candidates):
        candidates.append(f"{wanted}-{number}")
        number += 1
    chosen = next(candidate for candidate in candidates if candidate not in taken)
    taken.add(chosen)
    return chosen


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def days_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Council:
    id: str
    name: str
    type: str
    nation: str
    region: str
    data: dict


@dataclass
class Project:
    id: str
    lead: Council
    data: dict
    body: str = ""


@dataclass
class MakerDay:
    id: str
    day: date
    host: Council
    data: dict = field(default_factory=dict)
    born_here: list[str] = field(default_factory=list)


class Prose:
    """Pseudo-English drawn from a general word list mixed with a project's topic words.

    Bodies built from it share topic words with other projects in the same service areas,
    so text similarity between them means something.
    """

    def __init__(self, rng: random.Random, topic_words: list[str], budget: int = 10**9):
        self.rng = rng
        self.topic_words = topic_words
        self.general = vocabulary()["general"]
        self.budget = budget

    def words(self, low: int, high: int) -> list[str]:
        count = min(self.rng.randint(low, high), max(self.budget, 3))
        self.budget -= count
        pool = [self.topic_words if self.rng.random() < 0.4 else self.general for _ in range(count)]
        return [self.rng.choice(words) for words in pool]

    def clause(self, low: int = 4, high: int = 9) -> str:
        return " ".join(self.words(low, high))

    def phrase(self, low: int = 4, high: int = 9) -> str:
        return capitalised(self.clause(low, high))

    def sentence(self, low: int = 8, high: int = 18) -> str:
        words = self.words(low, high)
        if len(words) > 4 and self.rng.random() < 0.15:
            index = self.rng.randrange(1, len(words))
            words[index] = self.rng.choice(("**{}**", "_{}_", "`{}`")).format(words[index])
        return capitalised(" ".join(words)) + "."

    def paragraph(self, low: int = 2, high: int = 4) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))


def place_name(rng: random.Random, nation: str) -> str:
    parts = vocabulary()["place_parts"][nation]
    name = rng.choice(parts["starts"]) + rng.choice(parts["ends"])
    if parts["qualifiers"] and rng.random() < 0.15:
        name = f"{rng.choice(parts['qualifiers'])} {name}"
    return name


def council_name(rng: random.Random, council_type: str, nation: str) -> str:
    if council_type == "county":
        return rng.choice(vocabulary()["place_parts"][nation]["starts"]) + "shire"
    if council_type in ("combined-authority", "other"):
        qualifier = rng.choice(vocabulary()["place_parts"][nation]["qualifiers"])
        return f"{qualifier} {place_name(rng, nation)}"
    return place_name(rng, nation)


def council_region(rng: random.Random, council_type: str, nation: str) -> str:
    if nation != "england":
        return ""
    return "London" if council_type == "london-borough" else weighted(rng, ENGLISH_REGIONS)


def make_council(rng: random.Random, spec: tuple, number: int, taken: set[str]) -> Council:
    council_type, nation, prefix, _, official = spec
    name = council_name(rng, council_type, nation)
    while slug(name) in taken:
        name = council_name(rng, council_type, nation)
    council_id = slug(name)
    taken.add(council_id)
    region = council_region(rng, council_type, nation)
    data = {
        "name": name,
        "official_name": official.format(name=name),
        "gss_code": f"{prefix}{number:06d}",
        "type": council_type,
        "nation": nation,
        **({"region": region} if region else {}),
        "website": f"https://www.{council_id}.gov.uk",
    }
    if rng.random() < 0.4:
        data["github"] = github_org(council_id)
    if rng.random() < 0.3:
        data["maintainers"] = [f"@{council_id}-digital", f"{github_org(council_id)}/web-team"][
            : rng.randint(1, 2)
        ]
    return Council(council_id, name, council_type, nation, region, data)


def github_org(council_id: str) -> str:
    return (council_id.replace("-", "") + "council")[:39]


def make_councils(rng: random.Random) -> list[Council]:
    taken: set[str] = set()
    councils = []
    for spec in COUNCIL_TYPES:
        for index in range(spec[3]):
            councils.append(make_council(rng, spec, GSS_FIRST_NUMBER + index, taken))
    return councils


def council_body(council: Council) -> str:
    where = council.region or council.nation.replace("-", " ").title()
    return f"{council.data['official_name']} is a {council.type.replace('-', ' ')} council in {where}.\n"


def contact(rng: random.Random, council: Council) -> dict:
    words = vocabulary()
    role = rng.choice(words["roles"])
    entry = {"role": role}
    if role == "Head of digital" and rng.random() < 0.3:
        entry["name"] = f"{rng.choice(words['people']['first'])} {rng.choice(words['people']['last'])}"
        entry["public_facing"] = True  # a name is published only for a public-facing role
    way = rng.choices(("email", "url", "github"), weights=(6, 2, 2))[0]
    if way == "email":
        mailbox = rng.choice(("digital", "digital-team", "projects", "transformation", "ict"))
        entry["email"] = f"{mailbox}@{council.id}.gov.uk"
    elif way == "url":
        entry["url"] = f"https://www.{council.id}.gov.uk/contact/digital"
    else:
        entry["github"] = f"{github_org(council.id)}/digital-team"
    return entry


def project_title(rng: random.Random, area: str) -> str:
    words = vocabulary()
    phrase = rng.choice(words["areas"][area]["phrases"])
    title = f"{phrase} {rng.choice(words['products'])}"
    if rng.random() < 0.5:
        title = f"{rng.choice(words['adjectives'])} {title}"
    return capitalised(title)


def project_links(rng: random.Random, project_id: str, lead: Council, area: str) -> list[dict]:
    options = [
        {"title": "The service", "url": f"https://www.{lead.id}.gov.uk/{area}/{project_id}"},
        {"title": "Source code", "url": f"https://github.com/{github_org(lead.id)}/{project_id}"},
        {
            "title": "Discovery report",
            "url": f"https://www.{lead.id}.gov.uk/digital/{project_id}-discovery.pdf",
        },
        {"title": "Show and tell recording", "url": f"https://www.youtube.com/watch?v={project_id[:11]}"},
        {"title": "Blog post about the project", "url": f"https://blog.{lead.id}.gov.uk/{project_id}"},
    ]
    return rng.sample(options, rng.choices((0, 1, 2, 3, 4), weights=(2, 4, 3, 2, 1))[0])


def pledges(rng: random.Random, others: list[Council]) -> list[dict]:
    count = rng.choices((0, 1, 2, 3, 4), weights=(10, 4, 3, 2, 1))[0]
    result = []
    for council in rng.sample(others, count):
        pledge = {"council": council.id, "kind": rng.choice(choices("project.schema.json", *PLEDGE_KIND))}
        if pledge["kind"] == "funding":
            pledge["amount_gbp"] = rng.randint(4, 300) * 500
        if rng.random() < 0.3:
            pledge["note"] = rng.choice(
                (
                    "Subject to cabinet approval.",
                    "Two days a week from our UX team.",
                    "Match funding for £10,000.",
                )
            )
        result.append(pledge)
    return result


def updates(rng: random.Random, prose: Prose, started: date, reviewed: date) -> list[dict]:
    count = rng.choices((0, 1, 2, 3, 5), weights=(4, 3, 2, 2, 1))[0]
    dates = sorted((days_between(rng, started, reviewed) for _ in range(count)), reverse=True)
    openings = vocabulary()["update_openings"]
    return [{"date": when, "text": f"{rng.choice(openings)} {prose.clause(6, 20)}."} for when in dates]


def project_dates(rng: random.Random, today: date, born_at: MakerDay | None) -> tuple[date, date]:
    if born_at:
        started = min(born_at.day + timedelta(days=rng.randint(1, 60)), today)
        return started, days_between(rng, started, today)
    reviewed = today - timedelta(days=rng.randint(0, REVIEW_SPREAD_DAYS))
    return reviewed - timedelta(days=rng.randint(0, 1500)), reviewed


def make_project(
    rng: random.Random,
    councils: list[Council],
    lead: Council,
    taken: set[str],
    today: date,
    past_days: list[MakerDay],
) -> Project:
    words = vocabulary()
    areas = rng.sample(choices("service-areas.schema.json"), rng.choices((1, 2, 3), weights=(5, 3, 1))[0])
    title = project_title(rng, areas[0])
    project_id = unique_id(slug(title), taken, lead.id)
    topic_words = [word for area in areas for word in words["areas"][area]["words"]]
    prose = Prose(rng, topic_words)
    born_at = rng.choice(past_days) if past_days and rng.random() < 0.04 else None
    started, reviewed = project_dates(rng, today, born_at)
    phase = weighted(rng, PHASES)
    others = [council for council in rng.sample(councils, 12) if council is not lead]
    looking_for = rng.sample(
        choices("project.schema.json", "properties", "looking_for", "items"), rng.randint(0, 3)
    )
    data = {
        "title": title,
        "summary": textwrap.shorten(prose.phrase(12, 30) + ".", 280, placeholder="."),
        "lead_council": lead.id,
        "partner_councils": [
            council.id for council in others[: rng.choices((0, 1, 2, 4, 6), (5, 3, 2, 1, 1))[0]]
        ],
        "phase": phase,
        "looking_for": looking_for,
        "collaboration": rng.choice(choices("project.schema.json", "properties", "collaboration")),
        "service_areas": areas,
        "tags": rng.sample(words["tags"], rng.randint(0, 6)),
        "budget_band": rng.choice(choices("project.schema.json", "properties", "budget_band")),
        "started": started,
        "ends": days_between(rng, started, today) if phase == "retired" else None,
        "last_reviewed": reviewed,
        "contacts": [contact(rng, lead) for _ in range(rng.choices((1, 2, 3), (6, 3, 1))[0])],
        "links": project_links(rng, project_id, lead, areas[0]),
        "pledges": pledges(rng, others),
        "funding_target_gbp": rng.randint(2, 80) * 5000 if "funding" in looking_for else None,
        "updates": updates(rng, prose, started, reviewed),
        "born_at": born_at.id if born_at else None,
    }
    if born_at:
        born_at.born_here.append(project_id)
    project = Project(
        project_id, lead, {key: value for key, value in data.items() if value not in (None, [])}
    )
    project.body = project_body(rng, Prose(rng, topic_words, rng.randint(200, 380)), project)
    return project


def project_body(rng: random.Random, prose: Prose, project: Project) -> str:
    blocks = [
        prose.paragraph(2, 3),
        "## The problem",
        prose.paragraph(),
        "## What we are doing",
        prose.paragraph(1, 2),
        "\n".join(f"- {prose.phrase()}" for _ in range(rng.randint(3, 5))),
    ]
    while prose.budget > 0:
        blocks.extend(extra_block(rng, prose, rng.choice(MARKDOWN_BLOCKS)))
    blocks += [
        "## Get involved",
        f"{prose.sentence()} [Contact the team]({contact_link(project)}) to join in.",
    ]
    return "\n\n".join(blocks) + "\n"


def extra_block(rng: random.Random, prose: Prose, kind: str) -> list[str]:
    if kind == "numbered":
        items = "\n".join(f"{number}. {prose.phrase()}" for number in range(1, rng.randint(3, 5) + 1))
        return ["## What we have learned", items]
    if kind == "quote":
        return [f"> {prose.sentence(10, 24)}", prose.paragraph(1, 3)]
    if kind == "table":
        rows = "\n".join(
            f"| {prose.phrase(2, 4)} | {rng.randint(2, 90)} | {rng.randint(2, 90)} |" for _ in range(3)
        )
        return ["| Measure | Before | After |\n| --- | --- | --- |\n" + rows]
    return [f"## {prose.phrase(2, 4)}", prose.paragraph()]


def contact_link(project: Project) -> str:
    first = project.data["contacts"][0]
    if "email" in first:
        return f"mailto:{first['email']}"
    return first.get("url") or f"https://github.com/{first['github']}"


def make_projects(
    rng: random.Random, councils: list[Council], count: int, today: date, days: list[MakerDay]
) -> list[Project]:
    activity = [1 / (rank + 1) ** 0.8 for rank in range(len(councils))]
    active = rng.sample(councils, len(councils))
    past_days = [day for day in days if day.day < today]
    taken: set[str] = set()
    leads = rng.choices(active, weights=activity, k=count)
    return [make_project(rng, councils, lead, taken, today, past_days) for lead in leads]


def plan_maker_days(rng: random.Random, councils: list[Council], count: int, today: date) -> list[MakerDay]:
    """Maker days spread from about two years ago to about five months ahead."""
    taken: set[str] = set()
    days = []
    for index in range(count):
        offset = -700 + round(index * 850 / max(count - 1, 1)) + rng.randint(-10, 10)
        host = rng.choice(councils)
        when = today + timedelta(days=offset)
        days.append(MakerDay(unique_id(f"maker-day-{host.id}-{when.year}", taken), when, host))
    return days


def venue(rng: random.Random, host: Council) -> dict:
    letters = "ABCDEFGHJKLMNPRSTUWY"
    area = "".join(rng.choices(letters, k=2)) + str(rng.randint(1, 29))
    street = rng.choice(("High Street", "Market Place", "Station Road", "Church Lane"))
    building = rng.choice(("{} Civic Centre", "{} Central Library", "The {} Hub", "{} Town Hall"))
    return {
        "name": building.format(host.name),
        "address": f"{rng.randint(1, 120)} {street}",
        "town": host.name,
        "postcode": f"{area} {rng.randint(1, 9)}{''.join(rng.choices(letters, k=2))}",
    }


def sponsors(rng: random.Random) -> list[dict]:
    names = rng.sample(vocabulary()["sponsors"], rng.randint(0, 4))
    tiers = choices("makerday.schema.json", "properties", "sponsors", "items", "properties", "tier")
    return [
        {
            "name": name,
            "url": f"https://www.{slug(name)}.co.uk",
            "tier": rng.choice(tiers),
            "sme": rng.random() < 0.6,
        }
        for name in names
    ]


def fresh_projects(projects: list[Project], today: date) -> list[Project]:
    """Projects reviewed lately and still early enough to take a maker day challenge."""
    cutoff = today - timedelta(days=FRESH_DAYS)
    return [p for p in projects if p.data["last_reviewed"] >= cutoff and p.data["phase"] in CHALLENGE_PHASES]


def challenges(rng: random.Random, pool: list[Project]) -> list[dict]:
    chosen = [pool.pop() for _ in range(min(rng.randint(1, 5), len(pool)))]
    result = []
    for project in chosen:
        wanted = project.data.setdefault("looking_for", [])
        if "maker-day-challenge" not in wanted:
            wanted.append("maker-day-challenge")
        brief = f"Prototype a better {project.data['title'].lower()} with the {project.lead.name} team."
        result.append({"project": project.id, "brief": brief})
    return result


def outputs(rng: random.Random, day: MakerDay, projects: list[Project]) -> list[dict]:
    kinds = choices("makerday.schema.json", "properties", "outputs", "items", "properties", "kind")
    related = day.born_here + [project.id for project in rng.sample(projects, min(3, len(projects)))]
    result = []
    for number in range(1, rng.randint(2, 8) + 1):
        kind = rng.choice(kinds)
        output = {"title": f"{kind.capitalize()} from team {number}", "kind": kind}
        output["url"] = f"https://github.com/{github_org(day.host.id)}/{day.id}-team-{number}"
        if related and rng.random() < 0.6:
            output["project"] = rng.choice(related)
        result.append(output)
    return result


def fill_maker_days(rng: random.Random, days: list[MakerDay], projects: list[Project], today: date) -> None:
    pool = fresh_projects(projects, today)
    rng.shuffle(pool)
    upcoming = [day for day in days if day.day >= today]
    cancelled = upcoming[-1] if len(upcoming) > 1 else [day for day in days if day.day < today][-1]
    for day in days:
        fill_maker_day(rng, day, projects, pool, today, cancelled=day is cancelled)


def fill_maker_day(
    rng: random.Random,
    day: MakerDay,
    projects: list[Project],
    pool: list[Project],
    today: date,
    cancelled: bool,
) -> None:
    form = weighted(rng, FORMATS)
    month = day.day.strftime("%B %Y")
    two_days = rng.random() < 0.2
    day.data = {
        "title": f"{day.host.name} maker day, {month}",
        "summary": f"Councils, suppliers and volunteers in {day.host.name} work on shared Pipeline projects.",
        "starts": f"{day.day.isoformat()} 09:30",
        "ends": f"{(day.day + timedelta(days=int(two_days))).isoformat()} 16:30",
        "status": "cancelled" if cancelled else "scheduled",
        "format": form,
        "host_council": day.host.id,
    }
    if form != "online":
        day.data["venue"] = venue(rng, day.host)
    if rng.random() < 0.8:
        day.data["organiser"] = contact(rng, day.host)
    if day.day >= today:
        day.data["registration_url"] = f"https://www.{day.host.id}.gov.uk/maker-day"
    if found := sponsors(rng):
        day.data["sponsors"] = found
    if day.day >= today:
        if chosen := challenges(rng, pool):
            day.data["challenges"] = chosen
    elif not cancelled:
        day.data["outputs"] = outputs(rng, day, projects)


def maker_day_body(rng: random.Random, day: MakerDay) -> str:
    prose = Prose(rng, vocabulary()["areas"]["data-and-technology"]["words"])
    return f"{prose.paragraph(2, 3)}\n\n## On the day\n\n{prose.paragraph(1, 2)}\n"


def front_matter_file(kind: str, data: dict, body: str) -> str:
    """An entry file with its fields in the order its schema lists them."""
    ordered = {key: data[key] for key in _schema(SCHEMA_FILES[kind])["properties"] if key in data}
    front = yaml.dump(ordered, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=4096)
    return f"---\n{front}---\n\n{body}"


def check_empty(out: Path) -> None:
    for kind in SCHEMA_FILES:
        if (out / kind).is_dir() and any((out / kind).iterdir()):
            raise FileExistsError(f"{out / kind} is not empty; generate into a new folder")


def write_entries(out: Path, kind: str, entries: dict[str, tuple[dict, str]]) -> None:
    folder = out / kind
    folder.mkdir(parents=True, exist_ok=True)
    for entry_id, (data, body) in entries.items():
        (folder / f"{entry_id}.md").write_text(front_matter_file(kind, data, body), encoding="utf-8")


def generate_catalogue(out_dir, projects: int, seed: int = 1, today: date = TODAY) -> dict[str, int]:
    """Write a synthetic catalogue of `projects` projects into out_dir; returns the count of each kind."""
    out = Path(out_dir)
    check_empty(out)
    rng = random.Random(seed)
    councils = make_councils(rng)
    days = plan_maker_days(rng, councils, max(3, round(projects / 100)), today)
    catalogue = make_projects(rng, councils, projects, today, days)
    fill_maker_days(rng, days, catalogue, today)
    write_entries(out, "councils", {c.id: (c.data, council_body(c)) for c in councils})
    write_entries(out, "projects", {p.id: (p.data, p.body) for p in catalogue})
    write_entries(out, "makerdays", {d.id: (d.data, maker_day_body(rng, d)) for d in days})
    return {"councils": len(councils), "projects": len(catalogue), "makerdays": len(days)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic Pipeline catalogue.")
    parser.add_argument("--projects", type=int, required=True, help="how many projects to write")
    parser.add_argument(
        "--out", type=Path, required=True, help="folder to write councils/, projects/, makerdays/ into"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument(
        "--today", type=date.fromisoformat, default=TODAY, help="reference date (default 2026-11-26)"
    )
    args = parser.parse_args(argv)
    try:
        counts = generate_catalogue(args.out, args.projects, args.seed, args.today)
    except FileExistsError as error:
        parser.error(str(error))
    print(", ".join(f"{count} {kind}" for kind, count in counts.items()), "written to", args.out)


if __name__ == "__main__":
    main()
