/* Small behaviours the portal's pages share, kept out of the HTML so that the Content
 * Security Policy can forbid inline scripts.
 *
 *   <form data-confirm="Вопрос?">   asks before submitting;
 *   <form data-autosubmit>          submits itself when one of its fields changes;
 *   every form                      is sent once: a second click while the first is on its
 *                                   way does nothing (the server holds this too).
 */
(function () {
  "use strict";
  var SENDING = "data-sending";

  function buttons(form) {
    return form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
    if (event.defaultPrevented) { return; }
    if (form.hasAttribute(SENDING)) { event.preventDefault(); return; }
    form.setAttribute(SENDING, "");
    // Disabled after the browser has read the pressed button's name and value.
    window.setTimeout(function () {
      buttons(form).forEach(function (button) { button.disabled = true; });
    }, 0);
    // If the page stays (a download, a slow network the person gave up on), allow again.
    window.setTimeout(function () { release(form); }, 10000);
  });

  function release(form) {
    form.removeAttribute(SENDING);
    buttons(form).forEach(function (button) { button.disabled = false; });
  }

  // Coming back with the browser's Back button shows the page as it was left.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[" + SENDING + "]").forEach(release);
  });

  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosubmit")) { form.submit(); }
  });
})();
