/* Starts Pagefind's search interface on the search page, with any ?q= from a search form. */
(function () {
  "use strict";

  var element = document.querySelector("[data-search]");
  if (!element || typeof window.PagefindUI !== "function") {
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
