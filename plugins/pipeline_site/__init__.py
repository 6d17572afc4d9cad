"""The Pipeline site: a Pelican plugin that builds the catalogue's pages from `pipeline.catalogue`.

The catalogue is read only through `pipeline.catalogue.load_catalogue` (the loader and schemas of
`pipeline validate`); an invalid catalogue raises `pipeline.build.InvalidCatalogue` and nothing is
written. Pelican's own articles and pages are not used: `content/pages/*.md` (about, contribute,
accessibility, 404) are read with the same strict loader and rendered by `pipeline.markup`.

Extension points
================

All four are settings (plain data in pelicanconf.py), so a feature plugs in without editing this
package. A callable is named "module:function" (e.g. "pipeline.exports:write_data"); it is imported
when the build starts, so a typo fails the build at once.

1. Extra pages: ``PIPELINE_PAGES = [("review/", "review.html"), ("data/", "data.html")]``.
   Each (path, template) is rendered with the common context (below) to ``<path>index.html``, or
   to ``path`` itself when it ends in ".html". The page is listed in sitemap.xml. The template
   extends "base.html" and sets ``{% block title %}`` and ``{% block content %}``.

2. Output writers: ``PIPELINE_OUTPUT_WRITERS = ["pipeline.exports:write_data"]``.
   Each is called once, after every page is written, as ``writer(catalogue, context, output_path)``:
   ``catalogue`` is the loaded `Catalogue`, ``context`` the common template context (its "site"
   is the `Site` below), ``output_path`` a `pathlib.Path` of the output folder. Write files
   under it (data/projects.json, makerdays.ics, schemas/, feeds/...). The Atom helper
   `pipeline_site.feeds.write_updates_feed(site, output_path, save_as, title, page_path, projects)`
   writes one more updates feed (e.g. per council).

3. Site extras: ``PIPELINE_SITE_EXTRAS = {"similar": "pipeline.similarity:for_site"}``.
   Templates see one per-build object, ``site`` (`pipeline_site.site.Site`). ``site.<name>`` calls
   ``function(site)`` the first time it is used in a build and keeps the result, so
   ``site.similar[project.id]`` costs nothing on builds or pages that do not use it. `Site`
   already offers: catalogue, today, policy, settings, labels (``site.labels.phase["beta"]``),
   freshness(project), freshness_label(state), review_due(project), sort_projects(projects),
   council/project/makerday(id), council_name(id), body(entry) and summary(entry) (sanitised
   Markup, rendered once), plain_summary(entry), updates(project), card(project) (the project's
   listing card, rendered once per build: ``{{ site.card(project) }}``, or include
   partials/project-list.html with ``projects`` set), facets, makerdays_by_timing, timing(day),
   when(day), place(day), venue_lines(day), registration_open(day) (asking `pipeline.makerdays`),
   edit_url(entry), join_url(project), url(path_or_entry), feed_path(project).

4. Partial slots: ``PIPELINE_PARTIALS = {"project": ["partials/similar.html"]}``.
   Each named slot in the templates includes its partials in order, with the page's context.
   Slots: "head" (every page, inside <head>), "home", "catalogue", "project" (after the
   project's description), "project_aside", "council", "makerdays" (the list of maker days),
   "makerday", "makerday_aside", "footer".
   A partial on every page should be cheap: it is rendered once per page of a 10,000-project site.

Tests build a site with `pipeline.build.build_site(settings_file, content, output, today,
search=False, overrides={"PIPELINE_PAGES": [...]})`; tests/sitebuild.py wraps it.

How pages are written
=====================

Every page (and every project's updates feed) is planned first, then written by `pipeline.processes`:
on a site of more than a thousand files the main process forks one worker per processor (at most
four; the PIPELINE_WORKERS setting overrides the number) and they share the pages out. A worker
starts as a copy of the main process, so every site extra is worked out before the pages are shared
(``site.compute_extras()``) and anything a template caches while rendering stays in the process that
rendered it. Output writers run afterwards in the main process. An error in a worker fails the build
(`pipeline.build.BuildFailed`, with the worker's traceback).

Markdown is rendered through ``site.markdown`` (`pipeline.contentcache.ContentCache`): with
``build_site(..., cache=True)`` (the default of `pipeline build`, off with ``--no-cache``) renderings
are kept in the CACHE_PATH folder between builds, keyed by a hash of the text and the renderer's
version. Nothing that depends on "today" or on other entries is cached.

Common context
==============

Every template gets Pelican's settings (SITENAME, SITEURL, GITHUB_REPO, ...), ``site``, ``page_path``
(the page's URL path, e.g. "projects/bin-app/") and ``canonical_url``. Entry pages also get
``project``, ``council`` or ``makerday``. Every element that holds a project carries
``data-freshness`` (see partials/project-card.html and partials/freshness.html); use
``site.freshness(project)`` for the state, never a stored value: it depends on the build's "today"
(the PIPELINE_TODAY setting, else the date in London), computed after all generators have finished
reading.
"""

from .site import Site
from .wiring import register

__all__ = ["Site", "register"]
