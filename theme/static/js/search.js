/* Starts Pagefind's search interface on the search page, with any ?q= from a search form. */
(function () {
  "use strict";

  var element = document.querySelector("[data-search]");
  if (!element) {
    return;
  }
  if (typeof window.PagefindUI !== "function") {
    document.querySelector("[data-search-unavailable]").hidden = false;
    return;
  }
  var search = new window.PagefindUI({
    element: element,
    showImages: false,
    showSubResults: false,
    resetStyles: false,
    autofocus: false
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    search.triggerSearch(query);
  }
})();
