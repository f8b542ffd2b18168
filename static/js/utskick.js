// Live progress while a send-out is being sent. Without this file the page
// shows the count when loaded, with a link to reload it.
(function () {
  "use strict";
  var box = document.getElementById("utskick-progress");
  if (!box || box.getAttribute("data-status") !== "skickas") { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("utskick-bar");

  function show(data) {
    box.querySelector("[data-field=antal_skickade]").textContent = data.antal_skickade;
    box.querySelector("[data-field=antal_mottagare]").textContent = data.antal_mottagare;
    box.querySelector("[data-field=status_text]").textContent = data.status_text;
    if (bar) {
      bar.max = data.antal_mottagare || 1;
      bar.value = data.antal_skickade;
      bar.textContent = data.antal_skickade + " av " + data.antal_mottagare;
    }
    box.setAttribute("data-status", data.status);
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) { show(data); }
        if (data && data.klart) { window.location.reload(); return; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());
