/* The chronology (/chronologie/): shows only the cases of a sector or of a territorial level,
 * in the chart and in the table (the legal texts stay). The filter is kept in the address
 * (?secteur=…&niveau=…). Without this script, everything is shown.
 */
(function () {
  "use strict";

  var form = document.getElementById("chrono-filtres");
  var chart = document.getElementById("chrono-graphique");
  if (!form || !chart || !window.URLSearchParams) return;
  var sector = document.getElementById("chrono-secteur");
  var level = document.getElementById("chrono-niveau");
  var status = document.getElementById("chrono-etat");
  var items = Array.prototype.slice.call(document.querySelectorAll(".mallette-chrono__cas, #chrono-cas tbody tr"));
  var bars = chart.querySelectorAll(".mallette-chrono__cas").length;

  function has(select, value) {
    return select && Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }

  function apply() {
    var s = sector ? sector.value : "", l = level ? level.value : "", shown = 0;
    items.forEach(function (el) {
      var ok = (!s || el.getAttribute("data-secteurs").split(" ").indexOf(s) >= 0) &&
               (!l || el.getAttribute("data-niveau") === l);
      if (ok) el.removeAttribute("hidden"); else el.setAttribute("hidden", "");
      if (ok && el.tagName.toLowerCase() === "g") shown++;
    });
    status.textContent = (s || l) ? shown + " cas sur " + bars + " affichés." : "";
    var p = new URLSearchParams();
    if (s) p.set("secteur", s);
    if (l) p.set("niveau", l);
    var qs = p.toString();
    window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : "") + window.location.hash);
  }

  var params = new URLSearchParams(window.location.search);
  if (sector && has(sector, params.get("secteur"))) sector.value = params.get("secteur");
  if (level && has(level, params.get("niveau"))) level.value = params.get("niveau");
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
  apply();
  chart.setAttribute("data-ready", "1");
})();
