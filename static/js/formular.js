// The question form of the questionnaire builder. The page works without this file:
// every field is shown and the server checks the combination. With it, only the
// fields the chosen type uses are shown, and the condition's answers are those of
// the chosen question.
(function () {
  "use strict";
  var typ = document.getElementById("id_typ");
  if (!typ) { return; }
  var groups = {
    alternativ: ["ett_val", "flera_val"],
    skala_min: ["skala"],
    skala_max: ["skala"],
    skala_min_etikett: ["skala"],
    skala_max_etikett: ["skala"]
  };

  function wrapper(name) {
    var input = document.getElementById("id_" + name);
    return input ? input.closest(".field") : null;
  }

  function showTypeFields() {
    Object.keys(groups).forEach(function (name) {
      var field = wrapper(name);
      // A field with an error message stays visible, whatever the type.
      if (field && !field.classList.contains("field--error")) {
        field.hidden = groups[name].indexOf(typ.value) === -1;
      }
    });
  }

  var villkor = document.getElementById("id_villkor_fraga");
  var varde = document.getElementById("id_villkor_varde");

  function showConditionAnswers() {
    if (!villkor || !varde) { return; }
    var chosen = villkor.options[villkor.selectedIndex];
    var label = villkor.value ? chosen.text : null;
    Array.prototype.forEach.call(varde.querySelectorAll("optgroup"), function (group) {
      var match = label !== null && group.label === label;
      group.hidden = !match;
      group.disabled = !match;
    });
    var selected = varde.options[varde.selectedIndex];
    if (selected && selected.parentNode.disabled) { varde.value = ""; }
  }

  typ.addEventListener("change", showTypeFields);
  if (villkor) { villkor.addEventListener("change", showConditionAnswers); }
  showTypeFields();
  showConditionAnswers();
})();
