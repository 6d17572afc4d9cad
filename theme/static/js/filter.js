/* Filters, sorts and pages the project catalogue. Progressive enhancement: without this script the form
   stays hidden, the page lists the first page of projects, and "Browse projects" and the page links
   lead to pre-rendered lists. With it, the compact catalogue index (projects/index.json, written by
   pipeline/site/catalogue_index.py) is fetched once, when first needed, and every combination of
   filters is worked out from it: the catalogue's pages are never downloaded again. */
(function () {
  "use strict";

  var form = document.querySelector("[data-filter-form]");
  var list = document.querySelector("[data-filter-list]");
  if (!form || !list || !window.URLSearchParams || !window.fetch || !window.pipelineScriptWords) {
    return;
  }
  var element = window.pipelineElement;
  var words = window.pipelineScriptWords("filter");
  var count = document.querySelector("[data-filter-count]");
  var status = document.querySelector("[data-filter-status]");
  var empty = document.querySelector("[data-filter-empty]");
  var paging = document.querySelector("[data-filter-pagination]");
  var siteUrl = form.getAttribute("data-site-url");
  // Filtered lists live at the catalogue's own address, whichever of its pages they started from.
  var base = siteUrl + "projects/";
  var pageSize = parseInt(form.getAttribute("data-page-size"), 10) || 50;
  // The facets to filter by are those the page offers (site.filters), each a control with data-filter-facet.
  var groups = Array.prototype.map.call(form.querySelectorAll("[data-filter-facet]"), function (control) {
    return control.getAttribute("data-filter-facet");
  });
  var loading = null;
  var announceTimer;
  var pageNumber = 1;
  var ENGLISH_TITLE = 1;
  var ENGLISH_SUMMARY = 2;

  function loadIndex() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-filter-index"), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.url + ": " + response.status);
          }
          return response.json();
        })
        .then(prepare);
    }
    return loading;
  }

  /* The index with each project as an object, and each facet's values by position. */
  function prepare(index) {
    var column = {};
    index.fields.forEach(function (name, position) {
      column[name] = position;
    });
    var facets = {};
    index.facets.forEach(function (facet) {
      facets[facet.key] = facet;
    });
    var phaseOrder = {};
    facets.phase.values.forEach(function (pair, position) {
      phaseOrder[pair[0]] = position;
    });
    var projects = index.projects.map(function (row, position) {
      var values = {};
      groups.forEach(function (key) {
        values[key] = (row[column[key]] || []).map(function (n) {
          return facets[key].values[n][0];
        });
      });
      var lead = facets.council.values[row[column.lead]];
      return {
        position: position,
        url: row[column.url],
        title: row[column.title],
        summary: row[column.summary],
        phase: values.phase[0],
        freshness: values.freshness[0],
        detail: row[column.detail],
        updated: row[column.updated],
        confirmed: row[column.confirmed],
        lead: lead ? lead[1] : "",
        partners: row[column.partners],
        english: row[column.english],
        values: values
      };
    });
    return { projects: projects, facets: facets, phaseOrder: phaseOrder };
  }

  function chosen() {
    var data = new FormData(form);
    var wanted = {};
    groups.forEach(function (name) {
      wanted[name] = data.getAll(name).filter(Boolean);
    });
    return wanted;
  }

  function matches(project, wanted) {
    return groups.every(function (name) {
      return (
        wanted[name].length === 0 ||
        wanted[name].some(function (value) {
          return project.values[name].indexOf(value) !== -1;
        })
      );
    });
  }

  var ORDERS = {
    confirmed: function (a, b) {
      return a.confirmed < b.confirmed ? 1 : a.confirmed > b.confirmed ? -1 : a.position - b.position;
    },
    title: function (a, b) {
      return a.title.localeCompare(b.title, words.language, { sensitivity: "base" }) || a.position - b.position;
    }
  };

  function sorted(projects, sort, index) {
    var order = ORDERS[sort];
    if (sort === "phase") {
      order = function (a, b) {
        return index.phaseOrder[a.phase] - index.phaseOrder[b.phase] || a.position - b.position;
      };
    }
    return order ? projects.slice().sort(order) : projects;
  }

  function longDate(iso) {
    var parts = iso.split("-");
    var day = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]));
    return day.toLocaleDateString(words.language, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function label(index, key, value) {
    var pair = index.facets[key].values.filter(function (candidate) {
      return candidate[0] === value;
    })[0];
    return pair ? pair[1] : value;
  }

  /* A text the Welsh page shows in English (the index's `english` says which) is marked so, as on the
     pages themselves. */
  function markEnglish(made, english) {
    if (english) {
      made.lang = "en";
    }
    return made;
  }

  /* The same card as components/project.html's project_card, drawn from the index. */
  function card(project, index) {
    var item = element("li", "card");
    item.setAttribute("data-freshness", project.freshness);
    var title = element("h3", "card__title");
    var link = element("a", "", project.title);
    link.href = siteUrl + project.url;
    markEnglish(link, project.english & ENGLISH_TITLE);
    title.appendChild(link);
    item.appendChild(title);
    var tags = element("p", "card__tags");
    tags.appendChild(element("strong", "tag tag--" + project.phase, label(index, "phase", project.phase)));
    tags.appendChild(document.createTextNode(" "));
    tags.appendChild(element("strong", "badge badge--" + project.freshness, label(index, "freshness", project.freshness)));
    if (project.detail) {
      tags.appendChild(document.createTextNode(" "));
      tags.appendChild(element("span", "badge-detail", "(" + project.detail + ")"));
    }
    item.appendChild(tags);
    var summary = element("p", "card__summary");
    summary.appendChild(markEnglish(element("span", "", project.summary), project.english & ENGLISH_SUMMARY));
    item.appendChild(summary);
    var meta = element("p", "card__meta");
    meta.appendChild(project.partners
      ? words.nodes("led_with", { lead: project.lead, count: words.number(project.partners) }, project.partners)
      : words.nodes("led", { lead: project.lead }));
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(words.nodes("updated", { day: project.updated, date: longDate(project.updated) }));
    item.appendChild(meta);
    var needs = project.values["looking-for"] || [];
    if (needs.length) {
      var needWords = needs.map(function (need, n) {
        var text = label(index, "looking-for", need);
        return n ? text.toLowerCase() : text;
      });
      item.appendChild(element("p", "card__meta", words.text("looking_for") + " " + needWords.join(", ")));
    }
    return item;
  }

  function query(wanted, sort, page) {
    var params = new URLSearchParams();
    if (sort) {
      params.set("sort", sort);
    }
    groups.forEach(function (name) {
      wanted[name].forEach(function (value) {
        params.append(name, value);
      });
    });
    if (page > 1) {
      params.set("page", String(page));
    }
    var text = params.toString();
    return text ? base + "?" + text : base;
  }

  function pageLink(number, content, wanted, sort, className) {
    var link = element("a", "pagination__link");
    link.appendChild(content);
    link.href = query(wanted, sort, number);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      pageNumber = number;
      show(false).then(function () {
        count.focus();
      });
    });
    var holder = element(className === "item" ? "li" : "div", "pagination__" + className);
    holder.appendChild(link);
    return { holder: holder, link: link };
  }

  /* The GOV.UK pagination component, as components/navigation.html draws it. */
  function pagination(pages, wanted, sort) {
    paging.textContent = "";
    if (pages < 2) {
      return;
    }
    var nav = element("nav", "pagination");
    nav.setAttribute("aria-label", words.text("pages", { noun: words.text("noun") }));
    if (pageNumber > 1) {
      var previous = pageLink(pageNumber - 1, words.nodes("previous"), wanted, sort, "prev");
      previous.link.rel = "prev";
      previous.link.insertBefore(arrow("‹"), previous.link.firstChild);
      previous.link.insertBefore(document.createTextNode(" "), previous.link.childNodes[1]);
      nav.appendChild(previous.holder);
    }
    var items = element("ul", "pagination__list");
    var last = 0;
    for (var number = 1; number <= pages; number += 1) {
      if (number !== 1 && number !== pages && Math.abs(number - pageNumber) > 1) {
        continue;
      }
      if (last && number > last + 1) {
        items.appendChild(element("li", "pagination__item pagination__item--ellipses", "⋯"));
      }
      var item = pageLink(number, document.createTextNode(String(number)), wanted, sort, "item");
      item.link.setAttribute("aria-label", words.text("page", { number: number }));
      if (number === pageNumber) {
        item.holder.classList.add("pagination__item--current");
        item.link.setAttribute("aria-current", "page");
      }
      items.appendChild(item.holder);
      last = number;
    }
    nav.appendChild(items);
    if (pageNumber < pages) {
      var next = pageLink(pageNumber + 1, words.nodes("next"), wanted, sort, "next");
      next.link.rel = "next";
      next.link.appendChild(document.createTextNode(" "));
      next.link.appendChild(arrow("›"));
      nav.appendChild(next.holder);
    }
    paging.appendChild(nav);
  }

  /* The arrow beside "Previous" and "Next", hidden from screen readers as in the page's own links. */
  function arrow(symbol) {
    var made = element("span", "", symbol);
    made.setAttribute("aria-hidden", "true");
    return made;
  }

  function describe(first, last, total) {
    if (total > pageSize) {
      return words.text("range", { first: words.number(first), last: words.number(last), total: words.number(total) });
    }
    return words.text("count", { shown: words.number(total) }, total);
  }

  function show(announce) {
    var wanted = chosen();
    var sort = form.elements.sort.value;
    return loadIndex().then(function (index) {
      var found = sorted(index.projects.filter(function (project) {
        return matches(project, wanted);
      }), sort, index);
      var pages = Math.max(1, Math.ceil(found.length / pageSize));
      pageNumber = Math.min(Math.max(1, pageNumber), pages);
      var start = (pageNumber - 1) * pageSize;
      var shown = found.slice(start, start + pageSize);
      list.textContent = "";
      shown.forEach(function (project) {
        list.appendChild(card(project, index));
      });
      count.textContent = describe(start + 1, start + shown.length, found.length);
      empty.hidden = found.length !== 0;
      pagination(pages, wanted, sort);
      window.history.replaceState(null, "", query(wanted, sort, pageNumber));
      if (announce) {
        window.clearTimeout(announceTimer);
        announceTimer = window.setTimeout(function () {
          status.textContent = found.length === 0
            ? words.text("none")
            : words.text("matches", { shown: words.number(found.length) }, found.length);
        }, 400);
      }
    }).catch(function (error) {
      status.textContent = words.text("broken");
      window.console.error(error);
    });
  }

  function restore(params) {
    Array.prototype.forEach.call(form.elements, function (control) {
      var values = params.getAll(control.name);
      if (control.type === "checkbox") {
        control.checked = values.indexOf(control.value) !== -1;
      } else if (control.tagName === "SELECT" && values.length) {
        control.value = values[0];
      }
    });
    pageNumber = parseInt(params.get("page"), 10) || 1;
  }

  function changed() {
    pageNumber = 1;
    show(true);
  }

  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    changed();
  });
  form.addEventListener("reset", function () {
    window.setTimeout(changed, 0);
  });
  count.setAttribute("tabindex", "-1");
  var params = new URLSearchParams(window.location.search);
  restore(params);
  var details = form.querySelector("[data-filter-details]");
  if (details && window.matchMedia && !window.location.search) {
    // On a narrow screen the filters start folded, so the list is not pushed far down the page.
    details.open = window.matchMedia("(min-width: 641px)").matches;
  }
  form.hidden = false;
  if (window.location.search) {
    show(false);
  }
})();
