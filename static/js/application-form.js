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
  var dirty = false, busy = false, again = false, timer = null, stale = false;
  var DELAY = 3000;
  // Each save carries the next revision of the section; the portal refuses one not above
  // the stored number, so an older save arriving late never overwrites a newer one.
  var revisionInput = form.querySelector('input[name="revision"]');
  var seq = revisionInput ? parseInt(revisionInput.value, 10) - 1 : 0;
  var draftKey = form.dataset.draftKey ? "eged-draft:" + form.dataset.draftKey : null;
  var offering = false;
  var SKIP = { csrfmiddlewaretoken: 1, revision: 1, autosave: 1, go: 1, remove_attachment: 1 };

  function say(text, bad) {
    if (!status) { return; }
    status.textContent = text;
    status.classList.toggle("text-danger", !!bad);
  }

  function nextRevision() {  // the number this save carries (the buttons post the input)
    seq += 1;
    if (revisionInput) { revisionInput.value = String(seq); }
    return seq;
  }

  function payload() {
    var data = new FormData(form);
    form.querySelectorAll('input[type="file"]').forEach(function (input) {
      data.delete(input.name);  // files go with the buttons, never with an autosave
    });
    data.delete("go");
    data.delete("remove_attachment");
    data.set("autosave", "1");
    if (revisionInput) { data.set("revision", String(nextRevision())); }
    return data;
  }

  function small(data) {  // keepalive requests may carry at most 64 KB
    var size = 0;
    data.forEach(function (value) { size += typeof value === "string" ? value.length * 3 : 1e6; });
    return size < 60000;
  }

  // --- The unsent copy kept in this browser (until the portal has the same text) -------
  function typed() {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && !SKIP[name]) { out.push([name, value]); }
    });
    return out;
  }
  function keep() {
    if (!draftKey || offering) { return; }
    try {
      localStorage.setItem(draftKey, JSON.stringify({ base: seq, at: Date.now(), fields: typed() }));
    } catch (e) { /* storage full or forbidden: the portal's copy is all there is */ }
  }
  function drop() {
    if (!draftKey) { return; }
    try { localStorage.removeItem(draftKey); } catch (e) { /* nothing kept */ }
  }
  // Whether two copies hold the same text: blank fields and the counts of rows aside (a
  // page sent back with an error shows what was typed plus a blank row to add another).
  function sameText(one, other) {
    function text(fields) {
      return JSON.stringify(fields.filter(function (pair) {
        return pair[1] !== "" && !/-(rows|TOTAL_FORMS|INITIAL_FORMS)$/.test(pair[0]);
      }));
    }
    return text(one) === text(other);
  }
  function kept() {
    if (!draftKey) { return null; }
    try { return JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (e) { return null; }
  }

  function clearErrors() {
    form.querySelectorAll(".autosave-error").forEach(function (el) { el.remove(); });
    form.querySelectorAll(".is-invalid[data-autosave-invalid]").forEach(function (el) {
      el.classList.remove("is-invalid");
      el.removeAttribute("data-autosave-invalid");
    });
  }

  // The messages the page came with (a step button's save was refused) are answered by
  // the autosave too, for every field it sends: only a file's (never autosaved) stays.
  function clearPageErrors() {
    form.querySelectorAll('.invalid-feedback[id$="_error"]').forEach(function (message) {
      var id = message.id.replace(/_error$/, "");
      var named = form.elements.namedItem(id.replace(/^id_/, ""));
      if (named && named.type === "file") { return; }
      message.remove();
      form.querySelectorAll('[id="' + id + '"], [id^="' + id + '_"], [id^="' + id + '-"]')
        .forEach(function (field) {
          field.classList.remove("is-invalid");
          field.removeAttribute("aria-invalid");
        });
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

  function answered(body, sent) {
    clearErrors();
    if (!body.conflict) { clearPageErrors(); }
    if (body.saved) {
      say(form.dataset.msgSaved + " " + body.saved_at);
      if (!dirty && sent === seq) { drop(); }
    } else if (body.conflict && body.revision > sent && body.revision <= seq) {
      // A later save from this page (sent when the page was hidden) arrived first.
      if (!dirty && body.revision === seq) { drop(); }
      say(form.dataset.msgSaved + " " + new Date().toLocaleTimeString(document.documentElement.lang || undefined));
      return true;
    } else if (body.conflict) {
      // Someone saved this section after this page was opened: stop, keep the text here.
      stale = true;
      seq = Math.max(seq, body.revision || 0);
      dirty = false;
      keep();
      say(form.dataset.msgConflict, true);
    } else {
      dirty = true;
      showErrors(body.errors || {});
      say(form.dataset.msgInvalid, true);
    }
    return !!body.saved;
  }

  function save() {
    clearTimeout(timer);
    if (!dirty || stale || offering) { return Promise.resolve(!dirty); }
    if (busy) { again = true; return Promise.resolve(false); }
    busy = true; dirty = false;
    say(form.dataset.msgSaving);
    var data = payload(), sent = seq;
    keep();
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin", keepalive: small(data),
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (body) { return answered(body, sent); });
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
    if (stale) { keep(); return; }
    keep();
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

  window.addEventListener("online", function () { if (dirty) { save(); } });

  // Leaving the page (reloading, closing the tab, switching apps on a phone): send what is
  // left, and what may still be on its way (it carries a newer revision, so whichever
  // arrives last cannot undo it). The copy in this browser stays until the portal answers.
  function flush() {
    if (stale || offering || !(dirty || busy)) { return; }
    var data = payload();
    keep();
    var sent = false;
    try { sent = navigator.sendBeacon ? navigator.sendBeacon(form.action, data) : false; } catch (e) { sent = false; }
    if (!sent) {
      try {
        fetch(form.action, { method: "POST", body: data, credentials: "same-origin", keepalive: small(data) });
      } catch (e) { /* the copy in this browser is offered back next time */ }
    }
    dirty = false;
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
    if (offering) { event.preventDefault(); return; }
    if (revisionInput && !stale) { nextRevision(); }
    keep();
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
  // --- On load: text typed in this browser that the portal may not have --------------
  function addRows(values) {
    form.querySelectorAll("[data-rows]").forEach(function (block) {
      var prefix = block.getAttribute("data-rows");
      var total = block.querySelector('[name="' + prefix + '-TOTAL_FORMS"]');
      var button = block.querySelector("[data-rows-add]");
      var wanted = parseInt((values[prefix + "-TOTAL_FORMS"] || ["0"])[0], 10) || 0;
      while (total && button && parseInt(total.value, 10) < Math.min(wanted, 30)) { button.click(); }
    });
  }

  function restore(copy) {
    var values = {};
    copy.fields.forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(pair[1]);
    });
    addRows(values);
    Array.prototype.forEach.call(form.elements, function (field) {
      var skip = !field.name || SKIP[field.name] || /^(file|submit|button)$/.test(field.type);
      if (skip) { return; }
      var given = values[field.name];
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = !!given && given.indexOf(field.value) !== -1;
      } else if (given) {
        field.value = given[0];
      }
    });
  }

  function button(text, style) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "btn btn-sm " + style;
    element.textContent = text;
    return element;
  }

  function offer() {
    var copy = kept();
    if (!copy || !copy.fields) { return; }
    if (copy.base < seq || sameText(copy.fields, typed())) {
      drop();  // the portal has this text, or newer text saved since
      return;
    }
    offering = true;
    var fields = form.querySelector("fieldset");
    var banner = document.createElement("div");
    banner.className = "alert alert-warning restore-offer";
    banner.setAttribute("role", "alert");
    var title = document.createElement("p");
    title.className = "fw-semibold mb-1";
    title.textContent = form.dataset.msgRestore;
    var detail = document.createElement("p");
    detail.className = "small mb-2";
    detail.textContent = form.dataset.msgRestoreDetail + " (" +
      new Date(copy.at).toLocaleString(document.documentElement.lang || undefined) + ")";
    var yes = button(form.dataset.msgRestoreYes, "btn-primary me-2");
    var no = button(form.dataset.msgRestoreNo, "btn-outline-dark");
    banner.append(title, detail, yes, no);
    var heading = form.querySelector("h2");
    if (heading) { heading.insertAdjacentElement("afterend", banner); } else { form.prepend(banner); }
    if (fields) { fields.disabled = true; }
    function decided() {
      offering = false;
      if (fields) { fields.disabled = false; }
      seq = Math.max(seq, copy.base);
      banner.remove();
    }
    yes.addEventListener("click", function () {
      decided();
      restore(copy);
      dirty = true;
      save();
    });
    no.addEventListener("click", function () {
      decided();
      drop();
    });
  }
  offer();
})();
