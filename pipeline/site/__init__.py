"""The site: a Pelican plugin that builds the catalogue's pages from the core's catalogue.

`pipeline.site.build.build_site` runs Pelican with this package as its only plugin. The catalogue is
read only through `pipeline.catalogue.load_catalogue` (the loader and schemas of `pipeline validate`);
an invalid catalogue raises `InvalidCatalogue` and nothing is written. ARCHITECTURE.md describes how
the pages, the files beside them and the templates fit together.
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from .generator import SiteGenerator


def add_generator(pelican: object) -> type[Generator]:
    return SiteGenerator


def make_site(generators: list[Generator]) -> None:
    """Once every generator has read: "today" and freshness are applied only now."""
    for generator in generators:
        if isinstance(generator, SiteGenerator):
            generator.make_site()


def register() -> None:
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(make_site)
