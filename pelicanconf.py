"""Pelican settings for a local build (`pipeline build`, `make html`, `make serve`): plain data.

Production overrides are in publishconf.py. `pipeline build` runs Pelican with the site package
(pipeline.site) as its only plugin; what the site writes is wired in that package's code.
"""

import os

SITENAME = "Pipeline"
SITE_DESCRIPTION = (
    "An open catalogue of UK council digital projects: find who is working on the same problem, "
    "join in and share the cost."
)
# Shown on every page while the catalogue holds sample entries; set to "" for a real catalogue.
SITE_NOTICE = "The projects, councils' plans and maker days listed here are illustrative examples."
# The notice on the Welsh pages; without it they show the English one, marked as English.
SITE_NOTICE_CY = "Enghreifftiau yw'r prosiectau, cynlluniau'r cynghorau a'r diwrnodau creu a restrir yma."
AUTHOR = "Pipeline"
SITEURL = ""
RELATIVE_URLS = False
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"

PATH = "content"
THEME = "theme"
THEME_STATIC_DIR = "static"

# The catalogue is read only by the pipeline_site plugin: Pelican's own readers see nothing.
IGNORE_FILES = [".*"]
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []
DIRECT_TEMPLATES = []
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
AUTHOR_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
TAG_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""

# Autoescape on: only pipeline.markup's sanitised HTML is marked safe. Templates never change during a
# build, so Jinja need not check their files again for every include.
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "auto_reload": False,
    "extensions": [],
}

# Listings stay light however large the catalogue grows: projects on each page of the catalogue and of
# its filter pages; projects a council's page lists under "leads" and under "partner in", and its embed
# lists, before linking to all of them; and the window, in days, of the home page's "Recently updated".
PROJECTS_PER_PAGE = 50
COUNCIL_PAGE_PROJECTS = 6
EMBED_PROJECTS = 20
RECENTLY_UPDATED_DAYS = 90

GITHUB_REPO = "localgovdigital/pipeline"
GITHUB_BRANCH = "main"
GITHUB_CONTENT_PATH = "content"

# "Today" for freshness and maker-day timing: fixed by `pipeline build --today`, else the date in London.
PIPELINE_TODAY = os.environ.get("PIPELINE_TODAY") or None
FRESHNESS_REVIEW_AGE_DAYS = 180
FRESHNESS_WARNING_DAYS = 30
# Days after a review falls due: a reminder still unanswered then also goes to the lead council's
# maintainers and the community manager; stale for longer than UNANSWERED_AFTER_DAYS, the project is
# listed as unanswered on the review page, with a prepared change to retire it.
REMINDER_ESCALATE_AFTER_DAYS = 28
UNANSWERED_AFTER_DAYS = 90

# Maker day sponsorship: one entry per tier of schemas/makerday.schema.json (sponsors.tier), in pounds
# per maker day. The community tier is kept low so that small businesses and local groups can take part.
SPONSORSHIP_TIERS = [
    {
        "tier": "headline",
        "price_gbp": 4000,
        "sponsor_gives": "Pays for the venue and the day's running costs.",
        "sponsor_gets": [
            "Named first among the sponsors on the maker day page, with a link to your website",
            "A two-minute welcome at the start of the day",
            "Up to four places for your staff in the teams",
        ],
    },
    {
        "tier": "partner",
        "price_gbp": 2000,
        "sponsor_gives": "Pays for travel bursaries, so that people from councils far away can come.",
        "sponsor_gets": [
            "Named on the maker day page, with a link to your website",
            "Up to three places for your staff in the teams",
        ],
    },
    {
        "tier": "supporter",
        "price_gbp": 750,
        "sponsor_gives": "Pays for food and drink for everyone taking part.",
        "sponsor_gets": [
            "Named on the maker day page, with a link to your website",
            "Up to two places for your staff in the teams",
        ],
    },
    {
        "tier": "community",
        "price_gbp": 150,
        "for_smes": True,
        "sponsor_gives": "Pays for refreshments, or gives the same in kind: a room, equipment or facilitators.",
        "sponsor_gets": [
            "Named on the maker day page, marked as a small business where you are one",
            "One place for your staff in the teams",
        ],
    },
]
SPONSORSHIP_RULE = (
    "Sponsors do not choose the challenges and get no exclusive rights to what is made. Challenges come "
    "only from Pipeline projects that their councils keep up to date, and everything made on the day is "
    "openly licensed so that every council can reuse it."
)
# Sponsorship pays for a community manager, who keeps the catalogue current and runs the maker days.
COMMUNITY_MANAGER = {
    "role": "Community manager",
    "email": "community@pipeline.example.org",
    "github": "localgovdigital/pipeline-community",
    "about": "Looks after the catalogue, reminds councils to keep their projects up to date, and organises "
    "maker days with host councils and sponsors.",
}

# The licence of the open data files in data/ (the /data/ page explains them).
DATA_LICENCE = {
    "name": "Open Government Licence v3.0",
    "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
