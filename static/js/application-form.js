/* Autosave of the application form: small, no dependencies, kind to slow phones.
 *
 * The section is posted (without files) a few seconds after typing stops, when a field
 * loses focus, before moving to another step and when the page is hidden. Without
 * JavaScript, every step's buttons save the section the ordinary way.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = form.querySelector("[data-autosave-status]");
  var dirty = false, busy = false, again = false, timer = null;
  var DELAY = 3000;

  function say(text, bad) {
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("text-danger", !!bad);
  }

  function payload() {
    var data = new FormData(form);
    data.delete("upload");
    data.delete("go");
    data.delete("remove_attachment");
    data.set("autosave", "1");
    return data;
  }

  function clearErrors() {
    form.querySelectorAll(".autosave-error").forEach(function (el) { el.remove(); });
    form.querySelectorAll(".is-invalid[data-autosave-invalid]").forEach(function (el) {
      el.classList.remove("is-invalid");
      el.removeAttribute("data-autosave-invalid");
    });
  }

  function showErrors(errors) {
    Object.keys(errors).forEach(function (name) {
      var field = form.querySelector('[name="' + name + '"]');
      var message = document.createElement("div");
      message.className = "invalid-feedback d-block autosave-error";
      message.textContent = errors[name].join(" ");
      if (field) {
        field.classList.add("is-invalid");
        field.setAttribute("data-autosave-invalid", "");
        field.insertAdjacentElement("afterend", message);
      } else {
        form.querySelector("h2").insertAdjacentElement("afterend", message);
      }
    });
  }

  function save() {
    clearTimeout(timer);
    if (!dirty) { return Promise.resolve(true); }
    if (busy) { again = true; return Promise.resolve(false); }
    busy = true; dirty = false;
    say(form.dataset.msgSaving);
    return fetch(form.action, {
      method: "POST", body: payload(), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) {
        clearErrors();
        if (body.saved) {
          say(form.dataset.msgSaved + " " + body.saved_at);
        } else {
          dirty = true;
          showErrors(body.errors || {});
          say(form.dataset.msgInvalid, true);
        }
        return !!body.saved;
      });
    }).catch(function () {
      dirty = true;
      say(form.dataset.msgOffline, true);
      timer = setTimeout(save, DELAY * 3);
      return false;
    }).finally(function () {
      busy = false;
      if (pending) { submitPending(); return; }
      if (again) { again = false; save(); }
    });
  }

  function changed(event) {
    if (event.target.type === "file") { return; }
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, DELAY);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("focusout", function () { if (dirty) { save(); } });

  // Moving to another step through the progress bar: save first.
  document.querySelectorAll("a[data-step-link]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (!dirty) { return; }
      event.preventDefault();
      save().then(function (ok) { if (ok) { window.location.href = link.href; } });
    });
  });

  // Leaving the page (closing the tab, switching apps on a phone): send what is left.
  function flush() {
    if (dirty && navigator.sendBeacon) {
      navigator.sendBeacon(form.action, payload());
      dirty = false;
    }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flush(); }
  });
  window.addEventListener("pagehide", flush);
  // The buttons post the form themselves; nothing is left to flush then. If an autosave
  // is still on its way, wait for it, so an older autosave never lands after the button's
  // save and overwrites it.
  var pending = null;
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    if (busy) {
      event.preventDefault();
      pending = event.submitter || null;
      return;
    }
    dirty = false;
  });
  function submitPending() {
    if (!pending) { return; }
    var submitter = pending;
    pending = null;
    dirty = false;
    if (form.requestSubmit) { form.requestSubmit(submitter); } else { submitter.click(); }
  }

  // Rows with a "remove" button: take the row off the page and save at once; what was
  // typed in the other rows stays. Without JavaScript the button posts the form instead.
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-rows-remove]");
    if (!button) { return; }
    event.preventDefault();
    var row = button.closest("[data-row]");
    var list = row && row.parentElement;
    if (!row) { return; }
    row.remove();
    if (list) {
      list.querySelectorAll(".row-number").forEach(function (number, index) {
        number.textContent = String(index + 1);
      });
      list.dispatchEvent(new CustomEvent("rows:changed", { bubbles: true }));
    }
    dirty = true;
    save();
  });

  // Rows (organisations, attendees): add a blank row from the template.
  form.querySelectorAll("[data-rows]").forEach(function (block) {
    var prefix = block.getAttribute("data-rows");
    var total = block.querySelector('[name="' + prefix + '-TOTAL_FORMS"]');
    var list = block.querySelector("[data-rows-list]");
    var template = block.querySelector("template[data-rows-template]");
    var button = block.querySelector("[data-rows-add]");
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      list.insertAdjacentHTML("beforeend", html);
      var added = list.lastElementChild;
      var number = added.querySelector(".row-number");
      if (number) { number.textContent = String(list.children.length); }
      total.value = String(index + 1);
      list.dispatchEvent(new CustomEvent("rows:changed", { bubbles: true }));
      var first = added.querySelector("input, select, textarea");
      if (first) { first.focus(); }
    });
  });
})();
