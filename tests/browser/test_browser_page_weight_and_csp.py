"""Checks on the built files themselves: the weight of a project page and the Content-Security-Policy."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

PROJECT_PAGE_BUDGET = 30_000  # bytes of HTML plus CSS
ALLOWED_SOURCES = {
    "script-src": {"'self'", "'wasm-unsafe-eval'", "'none'"},  # Pagefind runs WebAssembly
    "style-src": {"'self'", "'none'"},
}


def stylesheet_files(built_site, page_path: str, soup) -> list:
    files = []
    for link in soup.select('link[rel~="stylesheet"]'):
        address = urlsplit(urljoin(f"http://site/{page_path}", link["href"]))
        assert address.netloc == "site", f"/{page_path} loads a stylesheet from elsewhere: {link['href']}"
        files.append(built_site / address.path.lstrip("/"))
    return files


def test_every_project_page_with_its_css_fits_the_budget(built_site, catalogue):
    too_heavy = {}
    for project in catalogue.projects.values():
        html = built_site / project.url / "index.html"
        soup = BeautifulSoup(html.read_bytes(), "html.parser")
        stylesheets = stylesheet_files(built_site, project.url, soup)
        assert stylesheets, f"/{project.url} links no stylesheet"
        weight = html.stat().st_size + sum(file.stat().st_size for file in stylesheets)
        if weight > PROJECT_PAGE_BUDGET:
            too_heavy[project.url] = weight
    assert not too_heavy, f"over {PROJECT_PAGE_BUDGET} bytes of HTML and CSS: {too_heavy}"


def content_security_policy(soup) -> tuple[object, dict[str, set[str]]]:
    meta = soup.find(
        "meta", attrs={"http-equiv": lambda value: value and value.lower() == "content-security-policy"}
    )
    if meta is None:
        return None, {}
    directives = {}
    for directive in meta["content"].split(";"):
        if directive.strip():
            name, *sources = directive.split()
            directives[name.lower()] = set(sources)
    return meta, directives


def loads_code(element) -> bool:
    if element.name == "link":
        return bool({"stylesheet", "preload", "modulepreload"} & set(element.get("rel", [])))
    return element.get("type") != "application/ld+json"


def csp_problems(soup) -> list[str]:
    meta, directives = content_security_policy(soup)
    if meta is None:
        return ["no Content-Security-Policy meta tag"]
    problems = []
    if meta.find_parent("head") is None:
        problems.append("the Content-Security-Policy meta tag is not in <head>")
    elif any(loads_code(element) for element in meta.find_all_previous(["script", "link", "style"])):
        problems.append(
            "scripts or styles come before the Content-Security-Policy meta tag, which does not cover them"
        )
    if "'unsafe-inline'" in meta["content"]:
        problems.append(f"the policy allows 'unsafe-inline': {meta['content']}")
    for name, allowed in ALLOWED_SOURCES.items():
        sources = directives.get(name, directives.get("default-src"))
        if sources is None:
            problems.append(f"the policy sets neither {name} nor default-src: {meta['content']}")
        elif not sources <= allowed:
            problems.append(f"{name} allows {sorted(sources - allowed)}: {meta['content']}")
    return problems


def test_every_page_has_a_strict_content_security_policy(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    failures = {}
    for page in pages:
        problems = csp_problems(BeautifulSoup(page.read_bytes(), "html.parser"))
        if problems:
            failures[str(page.relative_to(built_site))] = problems
    assert not failures, "\n".join(f"{page}: {problems}" for page, problems in failures.items())
