// Follows a report job (PDF being made in the background) without reloading.
// The page works without this file: it offers a link to refresh.
(function () {
  "use strict";
  var box = document.getElementById("jobb");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var status = box.querySelector("[data-jobb-status]");
  var steg = box.querySelector("[data-jobb-steg]");
  var bar = box.querySelector("progress");
  var fel = box.querySelector("[data-jobb-fel]");
  var download = box.querySelector("[data-jobb-download]");
  var refresh = box.querySelector("[data-jobb-refresh]");
  var delay = 1000;

  function show(data) {
    status.textContent = data.status_text;
    steg.textContent = data.steg && (data.status === "vantar" || data.status === "pagar") ? " – " + data.steg : "";
    bar.value = data.framsteg;
    bar.textContent = data.framsteg + " %";
    if (data.fel) { fel.textContent = data.fel; fel.hidden = false; }
    if (data.download_url) {
      download.querySelector("a").setAttribute("href", data.download_url);
      download.hidden = false;
    }
    var done = data.status === "klar" || data.status === "misslyckad";
    if (done && refresh) { refresh.hidden = true; }
    return done;
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!show(data)) {
          delay = Math.min(delay * 1.5, 5000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  if (box.querySelector("[data-jobb-refresh]")) { window.setTimeout(poll, delay); }
}());
