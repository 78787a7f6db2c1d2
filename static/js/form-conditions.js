/* Questions shown only when an earlier answer is a given value: kept in step with the
 * answers on the page. A hidden question keeps what was typed (it is saved as it is and
 * checked only if shown at submission). Questions whose earlier answer sits in another
 * section were shown or hidden by the portal from the saved answers.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave], form#application-form, form[data-form-conditions]");
  if (!form) { return; }
  var dependents = form.querySelectorAll("[data-show-when]");
  if (!dependents.length) { return; }

  function answers(name) {  // the values of the question named ``name`` on this page, or null
    var fields = form.querySelectorAll('[name="' + name + '"]');
    if (!fields.length) { return null; }
    var values = [];
    fields.forEach(function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked) { values.push(field.value); }
      } else if (field.tagName === "SELECT" && field.multiple) {
        Array.prototype.forEach.call(field.selectedOptions, function (o) { values.push(o.value); });
      } else {
        values.push(field.value.trim());
      }
    });
    return values;
  }

  function update() {
    dependents.forEach(function (block) {
      var values = answers(block.dataset.showWhen);
      if (values === null) { return; }  // decided by the portal
      var parent = form.querySelector('[data-show-when] [name="' + block.dataset.showWhen + '"]');
      var parentHidden = parent && parent.closest("[data-show-when]").hidden;
      block.hidden = parentHidden || values.indexOf(block.dataset.showValue) === -1;
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
  update();
})();
