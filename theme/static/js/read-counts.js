/* อ่าน : N — counts this page's read once per page view and refreshes the counts shown on the page.
   First party only: talks to the site's own read-counter API (data-api on this script tag). */
(function () {
  "use strict";
  var script = document.currentScript;
  var api = ((script && script.getAttribute("data-api")) || "/api").replace(/\/$/, "");
  var MAX_IDS = 100;

  // 1204 -> "1,204", as the pages are baked (plugins/read_counts/display.py)
  function grouped(reads) {
    return Number(reads).toLocaleString("en-US", { maximumFractionDigits: 0 });
  }

  function show(storyId, reads) {
    // window-less counts only: the most-read lists show reads within their window
    var nodes = document.querySelectorAll('.read-count[data-story-id="' + storyId + '"]:not([data-window]) .read-count-n');
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = grouped(reads);
  }

  function json(response) {
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  function countThisRead() {
    var story = document.querySelector("article.story[data-story-id]");
    if (!story) return Promise.resolve(null);
    var id = story.getAttribute("data-story-id");
    return fetch(api + "/reads/" + encodeURIComponent(id), { method: "POST", keepalive: true, credentials: "omit" })
      .then(json)
      .then(function (answer) { show(answer.id, answer.reads); return id; })
      .catch(function () { return null; });  // not counted: the batch GET below still refreshes it
  }

  function refreshLists(skipId) {
    var seen = {}, ids = [];
    var nodes = document.querySelectorAll(".read-count[data-story-id]:not([data-window])");
    for (var i = 0; i < nodes.length; i++) {
      var id = nodes[i].getAttribute("data-story-id");
      if (id !== skipId && !seen[id]) { seen[id] = true; ids.push(id); }
    }
    for (var start = 0; start < ids.length; start += MAX_IDS) {
      var batch = ids.slice(start, start + MAX_IDS);
      fetch(api + "/reads?ids=" + batch.map(encodeURIComponent).join(","), { credentials: "omit" })
        .then(json)
        .then(function (counts) { for (var key in counts) show(key, counts[key]); })
        .catch(function () { /* keep the counts baked at build time */ });
    }
  }

  function renderMostRead(list, stories) {
    if (!stories.length) return;  // keep what the build baked
    var items = stories.map(function (story) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = story.url;
      a.textContent = story.title || story.id;
      var count = document.createElement("span");
      count.className = "read-count";
      count.setAttribute("data-story-id", story.id);
      count.setAttribute("data-window", list.getAttribute("data-window"));
      var n = document.createElement("span");
      n.className = "read-count-n";
      n.textContent = grouped(story.reads);
      count.append("อ่าน : ", n);
      li.append(a, " ", count);
      return li;
    });
    list.replaceChildren.apply(list, items);
  }

  function refreshMostRead() {
    var box = document.querySelector(".most-read");
    if (!box) return;
    var limit = box.getAttribute("data-limit") || "5";
    var lists = box.querySelectorAll(".most-read-list[data-window]");
    Array.prototype.forEach.call(lists, function (list) {
      var window_ = list.getAttribute("data-window");
      fetch(api + "/reads/top?window=" + encodeURIComponent(window_) + "&limit=" + encodeURIComponent(limit), { credentials: "omit" })
        .then(json)
        .then(function (answer) { renderMostRead(list, answer.stories); })
        .catch(function () {});
    });
  }

  function start() {
    countThisRead().then(function (countedId) {
      refreshLists(countedId);
      refreshMostRead();
    });
  }

  // at idle time, after the first paint: the counts baked at build time show until then (Lighthouse's blocking time)
  function startWhenIdle() { (window.requestIdleCallback || setTimeout)(start, { timeout: 2000 }); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startWhenIdle);
  else startWhenIdle();
})();
