"""Connecting the generator to Pelican's signals."""

from __future__ import annotations

from pelican import signals

from .generator import SiteGenerator


def add_generator(pelican):
    return SiteGenerator


def make_site(generators):
    for generator in generators:
        if isinstance(generator, SiteGenerator):
            generator.make_site()


def register():
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(make_site)
