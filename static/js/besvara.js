// The answer page: a conditional question is shown only when its condition holds.
// Without this script every question is shown with its "Besvara om …" note.
(function () {
  "use strict";
  var form = document.querySelector("form.besvara");
  if (!form) return;
  var conditional = form.querySelectorAll("[data-villkor-falt]");
  if (!conditional.length) return;

  function values(name) {
    var found = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      if (input.value) found.push(input.value);
    });
    return found;
  }

  function visible(block, seen) {
    var name = block.getAttribute("data-villkor-falt");
    var parent = document.getElementById("fraga-" + name.replace("fraga_", ""));
    if (parent && parent.hasAttribute("data-villkor-falt") && seen.indexOf(parent) === -1) {
      if (!visible(parent, seen.concat([block]))) return false;
    }
    return values(name).indexOf(block.getAttribute("data-villkor-varde")) !== -1;
  }

  function update() {
    conditional.forEach(function (block) {
      block.hidden = !visible(block, []);
    });
  }

  form.addEventListener("change", update);
  update();
})();
