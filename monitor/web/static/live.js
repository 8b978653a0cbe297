// Story page, live: when the story's event stream reports a newer version,
// fetch the version list (server-rendered HTML) and swap it in. Without
// JavaScript, or without EventSource, the page is the same, only not live.
(function () {
  "use strict";
  var list = document.getElementById("versions");
  if (!list || !window.EventSource) return;
  var watch = list.getAttribute("data-watch");
  var shown = parseInt(list.getAttribute("data-version"), 10) || 0;
  var status = document.getElementById("live");
  var source = new EventSource("/watches/" + encodeURIComponent(watch) + "/events");
  source.addEventListener("version", function (event) {
    var newest = JSON.parse(event.data).version;
    if (newest === shown) return;
    fetch("/watches/" + encodeURIComponent(watch) + "/versions", {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var box = document.createElement("div");
        box.innerHTML = html; // our own escaped markup, same origin
        var fresh = box.querySelector("#versions");
        if (!fresh) return;
        list.replaceWith(fresh);
        list = fresh;
        shown = newest;
        if (status) status.textContent = "version " + newest + " arrived";
      })
      .catch(function () { /* the next event tries again */ });
  });
  source.addEventListener("removed", function () { source.close(); });
})();
