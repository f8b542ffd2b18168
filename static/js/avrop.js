// Search-as-you-type for avropskontroll. The page works without this file:
// the form submits and the server renders the same results.
(function () {
  "use strict";
  var form = document.querySelector("[data-live-search]");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var results = document.getElementById("search-results");
  var timer = null;
  var latest = 0;

  function element(tag, text, attrs) {
    var el = document.createElement(tag);
    if (text) { el.textContent = text; }
    Object.keys(attrs || {}).forEach(function (key) { el.setAttribute(key, attrs[key]); });
    return el;
  }

  function render(data, query) {
    results.replaceChildren();
    if (!data.results.length) {
      results.appendChild(element("p", "Inga träffar för ”" + query + "”."));
      return;
    }
    var list = element("ul", "", { "class": "hits" });
    data.results.forEach(function (hit) {
      var item = element("li", "", { "class": "hit" });
      item.appendChild(element("span", hit.verksamhet, { "class": "hit__name" }));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(element("span", hit.leverantor, { "class": "hit__supplier" }));
      var contracts = element("ul");
      if (!hit.avtal.length) { contracts.appendChild(element("li", "Inget avtal")); }
      hit.avtal.forEach(function (avtal) {
        var li = element("li");
        li.appendChild(element("a", avtal.ramavtal, { href: avtal.url }));
        li.appendChild(document.createTextNode(" (" + avtal.status.toLowerCase() + ")"));
        contracts.appendChild(li);
      });
      item.appendChild(contracts);
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    if (query.length < 2) { results.replaceChildren(); return; }
    timer = setTimeout(function () {
      var ticket = ++latest;
      var url = form.dataset.liveSearch + "?format=json&q=" + encodeURIComponent(query);
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) { if (ticket === latest) { render(data, query); } });
    }, 150);
  });
})();
