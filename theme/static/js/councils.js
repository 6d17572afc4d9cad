/* Narrows the list of councils by name, nation, region and type. Progressive enhancement: without this
   script the form stays hidden and the whole list is shown; with it, the choices are kept in the
   page's address, so a filtered list can be shared. */
(function () {
  "use strict";

  var form = document.querySelector("[data-council-filter]");
  var list = document.querySelector("[data-council-list]");
  if (!form || !list || !window.URLSearchParams || !window.pipelineScriptWords) {
    return;
  }
  var words = window.pipelineScriptWords("councils");
  var count = document.querySelector("[data-council-count]");
  var status = document.querySelector("[data-council-status]");
  var empty = document.querySelector("[data-council-empty]");
  var FIELDS = ["nation", "region", "type"];
  var rows = Array.prototype.map.call(list.rows, function (row) {
    return { row: row, name: simplified(row.querySelector("th a").textContent) };
  });
  var announceTimer;

  /* Lower case without accents, so that "ynys mon" finds Ynys Môn. */
  function simplified(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function describe(shown) {
    if (shown === rows.length) {
      return words.text("count", { shown: words.number(shown) }, shown);
    }
    return words.text("some", { shown: words.number(shown), total: words.number(rows.length) }, rows.length);
  }

  function apply(announce) {
    var data = new FormData(form);
    var name = simplified(data.get("name") || "");
    var shown = 0;
    rows.forEach(function (entry) {
      var visible = entry.name.indexOf(name) !== -1 && FIELDS.every(function (field) {
        var wanted = data.get(field);
        return !wanted || entry.row.getAttribute("data-" + field) === wanted;
      });
      entry.row.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    count.textContent = describe(shown);
    empty.hidden = shown !== 0;
    var params = new URLSearchParams();
    ["name"].concat(FIELDS).forEach(function (field) {
      if (data.get(field)) {
        params.set(field, data.get(field));
      }
    });
    var query = params.toString();
    window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
    if (announce) {
      window.clearTimeout(announceTimer);
      announceTimer = window.setTimeout(function () {
        status.textContent = shown === 0 ? words.text("none") : describe(shown);
      }, 400);
    }
  }

  var params = new URLSearchParams(window.location.search);
  ["name"].concat(FIELDS).forEach(function (field) {
    if (params.get(field)) {
      form.elements[field].value = params.get(field);
    }
  });
  form.addEventListener("input", function () {
    apply(true);
  });
  form.addEventListener("change", function () {
    apply(true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply(true);
  });
  form.addEventListener("reset", function () {
    window.setTimeout(function () {
      apply(true);
    }, 0);
  });
  form.hidden = false;
  apply(false);
})();
