/* A question of a call's form shown only when an earlier answer is a given value
   (data-show-if="key" data-show-value="value" on its block): shown and hidden as the
   person answers. Its answer stays in the form either way — hidden, nothing is cleared;
   the portal checks it only while it is shown. A question whose earlier question is on
   another page keeps what the portal decided from the saved answers. */
(function () {
  "use strict";

  function answered(form, name) {
    var values = [];
    form.querySelectorAll('[name="' + name + '"]').forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) { values.push(input.value); }
      } else if (input.tagName === "SELECT") {
        Array.prototype.forEach.call(input.selectedOptions, function (option) {
          values.push(option.value);
        });
      } else {
        values.push(input.value);
      }
    });
    return values;
  }

  function update(form) {
    // In page order, so a question hidden with its earlier question hides the next one.
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var key = block.dataset.showIf;
      var earlier = form.querySelector('[data-question="' + key + '"]');
      if (!earlier) { return; }
      var shown = !earlier.hidden && answered(form, key).indexOf(block.dataset.showValue) !== -1;
      block.hidden = !shown;
    });
  }

  document.querySelectorAll("form").forEach(function (form) {
    if (!form.querySelector("[data-show-if]")) { return; }
    form.addEventListener("change", function () { update(form); });
    update(form);
  });
})();
