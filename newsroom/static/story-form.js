/* ห้องข่าว story form, progressive only (the form works without it): photos by drag and drop, the body's
   live preview (rendered and sanitized by the server as the site's reader does), the province following the
   agency, and the site update's progress. */
(function () {
  "use strict";
  var form = document.getElementById("story-form");
  if (!form) { return; }

  // drag and drop: a dropped photo goes into the zone's file input, as if picked
  Array.prototype.forEach.call(document.querySelectorAll(".nr-drop"), function (zone) {
    var input = document.getElementById(zone.getAttribute("data-drop-for"));
    if (!input) { return; }
    var note = document.createElement("p");
    note.className = "nr-hint nr-drop-note";
    zone.appendChild(note);
    function show() { note.textContent = input.files && input.files.length ? "เลือกแล้ว: " + input.files[0].name : ""; }
    input.addEventListener("change", show);
    zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("nr-drop-over"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("nr-drop-over"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("nr-drop-over");
      if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; show(); }
    });
  });

  // live preview of the body
  var body = document.getElementById("f-body");
  var live = document.getElementById("live-preview");
  var csrf = form.querySelector("input[name=csrf]");
  var url = form.getAttribute("data-markdown-url");
  var timer = null;
  function render() {
    var data = new FormData();
    data.append("csrf", csrf.value);
    data.append("body", body.value);
    fetch(url, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { if (j) { live.hidden = false; live.querySelector(".nr-live-body").innerHTML = j.html; } })
      .catch(function () {});
  }
  if (body && live && url) {
    body.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(render, 400); });
    if (body.value) { render(); }
  }

  // the province follows the agency unless the writer chose another one
  var agency = document.getElementById("f-agency");
  var province = document.getElementById("f-province");
  if (agency && province) {
    var last = agency.options[agency.selectedIndex] ? agency.options[agency.selectedIndex].getAttribute("data-province") : "";
    agency.addEventListener("change", function () {
      var now = agency.options[agency.selectedIndex].getAttribute("data-province");
      if (!province.value || province.value === last) { province.value = now; }
      last = now;
    });
  }

  // the site update's progress
  var job = document.getElementById("job-status");
  if (job && job.getAttribute("data-job-url")) {
    var poll = function () {
      fetch(job.getAttribute("data-job-url"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) {
          if (!j) { return; }
          job.querySelector(".nr-job-label").textContent = j.label;
          if (!j.finished) { setTimeout(poll, 1500); return; }
          if (j.state === "done" && j.url && !job.querySelector(".nr-job-url")) {
            var a = document.createElement("a");
            a.href = j.url; a.textContent = j.url; a.className = "nr-job-url";
            job.appendChild(document.createTextNode(" · "));
            job.appendChild(a);
          }
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    poll();
  }
}());
