/* Filters the project catalogue in place. Progressive enhancement: without this script the
   form stays hidden and the "Browse projects" links lead to pre-rendered lists. */
(function () {
  "use strict";

  var form = document.querySelector("[data-filter-form]");
  var list = document.querySelector("[data-filter-list]");
  if (!form || !list || !window.URLSearchParams) {
    return;
  }
  var count = document.querySelector("[data-filter-count]");
  var status = document.querySelector("[data-filter-status]");
  var empty = document.querySelector("[data-filter-empty]");
  // The facets to filter by are those the page offers (site.filters): each card carries data-<facet>.
  var groups = Array.prototype.map.call(form.querySelectorAll("[data-filter-facet]"), function (control) {
    return control.getAttribute("data-filter-facet");
  });
  var items = Array.prototype.slice.call(list.children).map(function (element) {
    var values = {};
    groups.forEach(function (name) {
      values[name] = (element.getAttribute("data-" + name) || "").split(" ");
    });
    return { element: element, values: values };
  });
  var announceTimer;

  function chosen() {
    var data = new FormData(form);
    var wanted = {};
    groups.forEach(function (name) {
      wanted[name] = data.getAll(name).filter(Boolean);
    });
    return wanted;
  }

  function matches(item, wanted) {
    return groups.every(function (name) {
      return (
        wanted[name].length === 0 ||
        wanted[name].some(function (value) {
          return item.values[name].indexOf(value) !== -1;
        })
      );
    });
  }

  function describe(shown) {
    var total = items.length;
    var noun = total === 1 ? " project" : " projects";
    return shown === total ? total + noun : shown + " of " + total + noun;
  }

  function remember(wanted) {
    var params = new URLSearchParams();
    groups.forEach(function (name) {
      wanted[name].forEach(function (value) {
        params.append(name, value);
      });
    });
    var query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
  }

  function apply(announce) {
    var wanted = chosen();
    var shown = 0;
    items.forEach(function (item) {
      var visible = matches(item, wanted);
      item.element.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    var text = describe(shown);
    count.textContent = text;
    empty.hidden = shown !== 0;
    remember(wanted);
    if (announce) {
      window.clearTimeout(announceTimer);
      announceTimer = window.setTimeout(function () {
        status.textContent = shown === 0 ? "No projects match these filters" : "Showing " + text;
      }, 400);
    }
  }

  function restore() {
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (control) {
      var values = params.getAll(control.name);
      if (control.type === "checkbox") {
        control.checked = values.indexOf(control.value) !== -1;
      } else if (control.tagName === "SELECT" && values.length) {
        control.value = values[0];
      }
    });
  }

  form.addEventListener("change", function () {
    apply(true);
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () {
      apply(true);
    }, 0);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
  });
  restore();
  var details = form.querySelector("[data-filter-details]");
  if (details && window.matchMedia && !window.location.search) {
    // On a narrow screen the filters start folded, so the list is not pushed far down the page.
    details.open = window.matchMedia("(min-width: 641px)").matches;
  }
  form.hidden = false;
  apply(false);
})();
