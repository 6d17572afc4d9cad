/* The search page: asks the index Pagefind built (pagefind/pagefind.js) and lists the results in the
   site's own style, each with its kind (project, council, maker day or page). Starts with any ?q= from
   a search form; the query and the kinds chosen are kept in the page's address. */
(function () {
  "use strict";

  var form = document.querySelector("[data-search]");
  if (!form || !window.pipelineScriptWords) {
    return;
  }
  var element = window.pipelineElement;
  var words = window.pipelineScriptWords("search");
  var field = form.elements.q;
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var moreHolder = document.querySelector("[data-search-more-holder]");
  var more = document.querySelector("[data-search-more]");
  var siteUrl = form.getAttribute("data-site-url");
  var BATCH = 10;
  var found = [];
  var shown = 0;
  var latest = 0;
  var pagefind = null;

  function unavailable() {
    form.hidden = true;
    document.querySelector("[data-search-unavailable]").hidden = false;
  }

  /* Pagefind's excerpt is HTML with <mark> around the words found: keep only its text and the marks. */
  function excerpt(html) {
    var paragraph = element("p", "search-result__excerpt");
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body.firstChild;
    Array.prototype.forEach.call(parsed.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        paragraph.appendChild(element("mark", "", node.textContent));
      } else {
        paragraph.appendChild(document.createTextNode(node.textContent));
      }
    });
    return paragraph;
  }

  function result(data) {
    var item = element("li", "search-result");
    var kind = (data.meta && data.meta.kind) || "Page";
    item.appendChild(element("strong", "tag tag--grey search-result__kind", words.has(kind) ? words.text(kind) : kind));
    var heading = element("h2", "heading-s search-result__title");
    var link = element("a", "", (data.meta && data.meta.title) || data.url);
    link.href = data.url;
    heading.appendChild(link);
    item.appendChild(heading);
    item.appendChild(excerpt(data.excerpt || ""));
    return item;
  }

  function showMore() {
    var batch = found.slice(shown, shown + BATCH);
    shown += batch.length;
    moreHolder.hidden = shown >= found.length;
    return Promise.all(batch.map(function (hit) {
      return hit.data();
    })).then(function (pages) {
      pages.forEach(function (data) {
        list.appendChild(result(data));
      });
    });
  }

  function kinds() {
    return Array.prototype.filter.call(form.elements.kind, function (box) {
      return box.checked;
    }).map(function (box) {
      return box.value;
    });
  }

  function remember(query) {
    var params = new URLSearchParams();
    if (query) {
      params.set("q", query);
    }
    var chosen = kinds();
    if (chosen.length !== form.elements.kind.length) {
      chosen.forEach(function (kind) {
        params.append("kind", kind);
      });
    }
    var text = params.toString();
    window.history.replaceState(null, "", text ? "?" + text : window.location.pathname);
  }

  function search() {
    var query = field.value.trim();
    var asked = ++latest;
    remember(query);
    if (!query) {
      list.textContent = "";
      moreHolder.hidden = true;
      status.textContent = "";
      return;
    }
    var chosen = kinds();
    pagefind.search(query, { filters: { kind: { any: chosen } } }).then(function (answer) {
      if (asked !== latest) {
        return; // a newer search has started
      }
      found = chosen.length ? answer.results : [];
      shown = 0;
      list.textContent = "";
      var count = found.length;
      status.textContent = count === 0
        ? words.text("none", { query: query })
        : words.text("found", { shown: words.number(count), query: query }, count);
      return showMore();
    });
  }

  var typing;
  form.addEventListener("input", function () {
    window.clearTimeout(typing);
    typing = window.setTimeout(search, 300);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(typing);
    search();
  });
  more.addEventListener("click", function () {
    var next = shown;
    showMore().then(function () {
      var link = list.children[next] && list.children[next].querySelector("a");
      if (link) {
        link.focus();
      }
    });
  });

  /* A large index is built in parts (pipeline/site/search.py): parts.json lists, by language, the
     parts besides the main one, and the search merges those of the page's language. */
  function mergeParts(bundle, settings) {
    return fetch(bundle + "parts.json").then(function (response) {
      return response.ok ? response.json() : {};
    }).then(function (parts) {
      var language = document.documentElement.lang.toLowerCase();
      var mine = parts[language] || parts[language.split("-")[0]] || [];
      return Promise.all(mine.map(function (path) {
        return pagefind.mergeIndex(bundle + path, settings);
      }));
    });
  }

  var bundle = siteUrl + "pagefind/";
  var settings = { baseUrl: new URL(siteUrl, window.location.href).pathname, excerptLength: 24 };
  import(bundle + "pagefind.js").then(function (module) {
    pagefind = module;
    return pagefind.options(settings);
  }).then(function () {
    return mergeParts(bundle, settings);
  }).then(function () {
    var params = new URLSearchParams(window.location.search);
    var wanted = params.getAll("kind");
    if (wanted.length) {
      Array.prototype.forEach.call(form.elements.kind, function (box) {
        box.checked = wanted.indexOf(box.value) !== -1;
      });
    }
    field.value = params.get("q") || "";
    form.hidden = false;
    if (field.value) {
      search();
    }
  }).catch(unavailable);
})();
