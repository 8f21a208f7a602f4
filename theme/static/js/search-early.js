/* search-early: asks the search service for the address's query while the page's CSS and scripts still load.
   A classic async script in <head>: it runs as soon as it arrives, where search.js (a module) waits for the
   document and its stylesheets. search.js takes the answer if it asked for the same URL (searchEarly below),
   else asks again. The parameters are put in the order search.js puts them (stateParams), so the URLs agree. */
(function () {
  "use strict";
  var script = document.currentScript;
  var api = script && script.getAttribute("data-api");
  // search.js ran first (this file came late) and asked itself: asking again would only load the server.
  if (!api || !window.fetch || !window.URLSearchParams || window.searchEarly) return;
  var TIMEOUT_MS = 3000; // as search.js's API_TIMEOUT_MS
  var address = new URLSearchParams(location.search);
  var params = new URLSearchParams();
  var q = (address.get("q") || "").trim();
  if (q) params.set("q", q);
  ["province", "agency", "section", "from", "to"].forEach(function (k) {
    var v = address.get(k);
    if (v) params.set(k, v);
  });
  if (address.get("sort") === "newest") params.set("sort", "newest");
  if (!params.toString()) return; // nothing to search for: the page only shows its hint
  function ask(path, search) {
    var url = new URL(api, location.href);
    url.pathname += path;
    url.search = search;
    var options = { headers: { Accept: "application/json" } };
    if (window.AbortSignal && AbortSignal.timeout) options.signal = AbortSignal.timeout(TIMEOUT_MS);
    var answer = fetch(url, options);
    answer.catch(function () {}); // search.js reports failures when it takes the answer
    return { url: url.href, answer: answer };
  }
  window.searchEarly = [ask("", params.toString()), ask("/filters", "")];
})();
