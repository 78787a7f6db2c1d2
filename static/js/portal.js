/* Small behaviours the portal's pages share, kept out of the HTML so that the Content
 * Security Policy can forbid inline scripts.
 *
 *   <form data-confirm="Вопрос?">   asks before submitting;
 *   <form data-autosubmit>          submits itself when one of its fields changes.
 */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  document.addEventListener("change", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-autosubmit")) { form.submit(); }
  });
})();
