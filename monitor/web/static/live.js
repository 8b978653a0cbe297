// Story page, live: when the story's event stream reports a newer version,
// fetch the page's live parts (server-rendered HTML, /watches/W/live with the
// page's own query, so the timeline keeps its "about" filter) and swap each
// element marked data-live for the one with the same id. Without JavaScript,
// or without EventSource, the page is the same, only not live.
(function () {
  "use strict";
  var list = document.getElementById("versions");
  if (!list || !window.EventSource) return;
  var watch = encodeURIComponent(list.getAttribute("data-watch"));
  var shown = parseInt(list.getAttribute("data-version"), 10) || 0;
  var status = document.getElementById("live");
  var asked = 0; // the newest fetch sent; an older answer arriving late is dropped
  var source = new EventSource("/watches/" + watch + "/events");

  function swap(html, newest) {
    var box = document.createElement("template");
    box.innerHTML = html; // a template's content is inert: nothing in it loads or runs
    var parts = document.querySelectorAll("[data-live]");
    for (var i = 0; i < parts.length; i++) {
      var old = parts[i];
      var fresh = box.content.getElementById(old.id);
      // A part the reader is typing in stays as it is; it catches up with the next version.
      if (!fresh || old.contains(document.activeElement)) continue;
      old.replaceWith(fresh);
    }
    shown = newest;
    if (status) status.textContent = "version " + newest + " arrived";
  }

  source.addEventListener("version", function (event) {
    var newest = JSON.parse(event.data).version;
    if (newest === shown) return;
    var mine = ++asked;
    fetch("/watches/" + watch + "/live" + window.location.search, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { if (mine === asked) swap(html, newest); })
      .catch(function () { /* the next event tries again */ });
  });
  source.addEventListener("removed", function () { source.close(); });
})();
