// Live progress for a running check sweep. Without this file the page still
// shows the state when loaded (and says to reload).
(function () {
  "use strict";
  var box = document.getElementById("svep-progress");
  if (!box || box.getAttribute("data-status") !== "pagar") { return; }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("svep-bar");

  function show(data) {
    Object.keys(data).forEach(function (key) {
      var el = box.querySelector("[data-field=" + key + "]");
      if (el) { el.textContent = data[key]; }
    });
    bar.value = data.procent;
    bar.textContent = data.procent + " %";
    var error = box.querySelector("[data-field=felmeddelande]");
    error.hidden = !data.felmeddelande;
    box.setAttribute("data-status", data.status);
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) { show(data); }
        if (!data || data.status === "pagar") { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
}());
