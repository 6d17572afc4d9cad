"""Pelican settings for the published site (`pipeline build --settings publishconf.py`, `make publish`)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *  # noqa: E402,F403

SITEURL = "https://localgovdigital.github.io/pipeline"
RELATIVE_URLS = False
