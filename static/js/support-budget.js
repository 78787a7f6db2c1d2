/* Line totals and the grand total of the support budget, as the person types.
 *
 * Money is counted in whole tyiyns with BigInt (never floating point): quantity and unit
 * cost have at most two decimals; quantity × unit cost is rounded half up to the tyiyn,
 * the way the server computes it. The server's figures win after each save.
 */
(function () {
  "use strict";
  var block = document.querySelector('[data-rows="line"]');
  var grand = document.querySelector("[data-grand-total]");
  if (!block || !grand || typeof BigInt === "undefined") { return; }
  var NBSP = "\u00a0";
  var currency = grand.textContent.trim().split(NBSP).pop() || "сом";

  function cents(text) {
    var value = String(text || "").trim().replace(",", ".");
    var match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(value);
    if (!match) { return null; }
    return BigInt(match[1]) * 100n + BigInt(((match[2] || "") + "00").slice(0, 2));
  }

  function format(amount) {
    var whole = (amount / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
    var rest = amount % 100n;
    var tail = rest ? "," + String(rest).padStart(2, "0") : "";
    return whole + tail + NBSP + currency;
  }

  function recount() {
    var sum = 0n;
    var complete = true;
    block.querySelectorAll("[data-row]").forEach(function (row) {
      var quantity = cents((row.querySelector('[name$="-quantity"]') || {}).value);
      var price = cents((row.querySelector('[name$="-unit_cost"]') || {}).value);
      var out = row.querySelector("[data-line-total]");
      if (quantity === null || price === null) {
        if (out) { out.textContent = "—"; }
        var typed = row.querySelector('[name$="-description"]');
        if (typed && typed.value.trim()) { complete = false; }
        return;
      }
      var total = (quantity * price + 50n) / 100n;  // tyiyn², rounded half up to tyiyn
      if (out) { out.textContent = format(total); }
      sum += total;
    });
    grand.textContent = format(sum) + (complete ? "" : " …");
  }

  block.addEventListener("input", recount);
  block.addEventListener("change", recount);
  block.addEventListener("rows:changed", recount);
  recount();
})();
