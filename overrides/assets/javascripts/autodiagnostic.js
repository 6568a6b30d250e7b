/* The autodiagnostic (/autodiagnostic/): keeps the answers, draws the result, puts the weakest
 * conditions first.
 *
 * Private by design: answers live in the address after « # » (never sent to any server: copy it to
 * share with a group) and in this browser's localStorage (to resume); notes only in localStorage.
 * Everything shown is server-rendered (mallette/autodiag.py, templates/autodiagnostic.md.j2): the
 * script sets widths, `hidden`, the order of the panels and textContent, never HTML.
 * The ranking rule is mallette.autodiag.weakest: answers below 3 first, at least data-min, at most
 * data-max, ties in reading order.
 */
(function () {
  "use strict";

  var form = document.getElementById("autodiagnostic");
  if (!form || !window.URLSearchParams) return;

  var KEY = "mallette-autodiagnostic";
  var LABELS = { 1: "Pas du tout", 2: "Un peu", 3: "En bonne partie", 4: "Pleinement" };
  var BAR = 280; // width of a full bar in the chart (templates/autodiagnostic.md.j2)
  var fieldsets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-condition]"));
  var order = fieldsets.map(function (f) { return f.getAttribute("data-condition"); });
  var min = parseInt(form.getAttribute("data-min"), 10) || 3;
  var max = parseInt(form.getAttribute("data-max"), 10) || 5;
  var status = document.getElementById("autodiag-etat");
  var list = document.getElementById("autodiag-faibles");

  function stored() {
    try {
      var data = JSON.parse(window.localStorage.getItem(KEY) || "{}");
      return { answers: data.answers || {}, notes: data.notes || {} };
    } catch (e) {
      return { answers: {}, notes: {} };
    }
  }

  function save(state) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
    } catch (e) { /* private browsing without storage: the address still keeps the answers */ }
  }

  function fromHash() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var answers = {}, found = false;
    order.forEach(function (id) {
      var v = params.get(id);
      if (v && LABELS[v]) { answers[id] = parseInt(v, 10); found = true; }
    });
    return found ? answers : null;
  }

  function answers() {
    var out = {};
    order.forEach(function (id) {
      var checked = form.querySelector('input[type="radio"][name="' + id + '"]:checked');
      if (checked) out[id] = parseInt(checked.value, 10);
    });
    return out;
  }

  function notes() {
    var out = {};
    order.forEach(function (id) {
      var box = document.getElementById("note-" + id);
      if (box && box.value.trim()) out[id] = box.value;
    });
    return out;
  }

  function weakest(given) {
    var ranked = order.filter(function (id) { return given[id]; });
    ranked.sort(function (a, b) { return (given[a] - given[b]) || (order.indexOf(a) - order.indexOf(b)); });
    var low = ranked.filter(function (id) { return given[id] < 3; }).length;
    return ranked.slice(0, Math.max(min, Math.min(low, max)));
  }

  function show() {
    var given = answers(), written = notes();
    var count = Object.keys(given).length;
    document.getElementById("autodiag-vide").hidden = count > 0;
    document.getElementById("autodiag-rempli").hidden = count === 0;
    order.forEach(function (id) {
      var level = given[id] || 0;
      var bar = document.querySelector('.mallette-barres__barre[data-condition="' + id + '"]');
      if (bar) bar.setAttribute("width", String(Math.round(BAR * level / 4)));
      var value = document.querySelector('[data-valeur="' + id + '"]');
      if (value) value.textContent = level ? String(level) : "–";
      var cell = document.querySelector('[data-reponse="' + id + '"]');
      if (cell) cell.textContent = level ? level + " – " + LABELS[level] : "Sans réponse";
    });
    var first = weakest(given);
    Array.prototype.forEach.call(list.children, function (item) { item.hidden = true; });
    first.forEach(function (id) {
      var item = list.querySelector('[data-condition="' + id + '"]');
      if (!item) return;
      list.appendChild(item); // the chosen ones, weakest first, then the hidden rest
      item.querySelector("[data-niveau-texte]").textContent = LABELS[given[id]];
      var note = item.querySelector("[data-note]");
      note.textContent = written[id] ? "Votre note\u00a0: " + written[id] : "";
      note.hidden = !written[id];
      item.hidden = false;
    });
    list.setAttribute("data-ordre", first.join(","));
    status.textContent = count + " réponse" + (count > 1 ? "s" : "") + " sur " + order.length + ".";
  }

  function record() {
    var given = answers();
    var params = new URLSearchParams();
    order.forEach(function (id) { if (given[id]) params.set(id, String(given[id])); });
    var hash = params.toString();
    var url = window.location.pathname + window.location.search + (hash ? "#" + hash : "");
    window.history.replaceState(null, "", url);
    save({ answers: given, notes: notes() });
  }

  function fill(given, written) {
    order.forEach(function (id) {
      form.querySelectorAll('input[type="radio"][name="' + id + '"]').forEach(function (radio) {
        radio.checked = given[id] === parseInt(radio.value, 10);
      });
      var box = document.getElementById("note-" + id);
      if (box) box.value = written[id] || "";
    });
  }

  var kept = stored();
  fill(fromHash() || kept.answers, kept.notes);
  record();
  show();

  form.addEventListener("change", function () { record(); show(); });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") { record(); show(); }
  });
  window.addEventListener("hashchange", function () {
    var given = fromHash();
    if (given) { fill(given, notes()); record(); show(); }
  });
  form.addEventListener("click", function (event) {
    var action = event.target.getAttribute && event.target.getAttribute("data-action");
    if (action === "imprimer") {
      window.print();
    } else if (action === "effacer") {
      fill({}, {});
      try { window.localStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
      show();
      status.textContent = "Réponses et notes effacées.";
    }
  });
  form.setAttribute("data-ready", "1");
})();
