/* The explorer (/explorer/): filters the server-rendered case cards with explorer/cas.json.
 *
 * Progressive enhancement: without this script the page lists every case. With it, the filter
 * form appears; each change keeps in the list the cards that match (a page at a time), updates
 * the count of cases each value would leave, and records the filters in the URL (back button:
 * popstate). No framework, and no HTML built from data: the script moves the server-rendered
 * cards and sets `checked`, `value` and textContent only, so a hostile title stays text.
 */
(function () {
  "use strict";

  var form = document.getElementById("filtres");
  if (!form || !window.fetch || !window.URLSearchParams || !window.history.pushState) return;

  // Accents, case, ligatures and apostrophes do not matter: "Reunion" finds « La Réunion ».
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/['’\-]/g, " ");
  }

  function words(text) {
    return fold(text).split(/\s+/).filter(Boolean);
  }

  function start(data) {
    var list = document.querySelector(".mallette-fiches");
    // The server-rendered cards, in data order. Only the cards on display stay in the list: a
    // list of thousands of cards, even hidden ones, makes each change cost a second of styling.
    var cards = list ? Array.prototype.slice.call(list.children) : [];
    var rows = data.cas;
    var col = {};
    data.colonnes.forEach(function (name, i) { col[name] = i; });
    if (cards.length !== rows.length) return; // page and data disagree: keep the plain list
    for (var c = 0; c < rows.length; c++) {
      if (cards[c].getAttribute("data-cas") !== rows[c][col.id]) return;
    }

    var status = document.getElementById("nombre-de-cas");
    var more = document.getElementById("plus-de-cas");
    if (!status || !more) return;
    var pageSize = parseInt(form.getAttribute("data-par-page"), 10) || 60;
    var limit = pageSize; // cards shown: by pages, so that a change never lays out thousands of cards
    list.parentNode.setAttribute("data-filtre", "");
    var text = form.elements.namedItem("q");
    var from = form.elements.namedItem("debut");
    var to = form.elements.namedItem("fin");
    var PERIOD = data.facettes.length, TEXT = PERIOD + 1;

    // One entry per facet: its rule, its controls and, per value, where its count is shown.
    var facets = data.facettes.map(function (f) {
      var index = new Map();
      f.valeurs.forEach(function (v, i) { index.set(v[0], i); });
      var facet = { param: f.param, rule: f.regle, values: f.valeurs, index: index, column: col[f.param] };
      var controls = new Map();
      form.querySelectorAll("[name='" + f.param + "'] option, input[name='" + f.param + "']").forEach(function (el) {
        controls.set(el.value, el);
      });
      var found = facet.values.map(function (v) { return controls.get(v[0]); });
      if (f.regle === "un") {
        facet.select = form.elements.namedItem(f.param);
        facet.options = found;
      } else {
        facet.boxes = found;
        facet.counts = found.map(function (box) { return box.parentNode.querySelector(".mallette-compte"); });
      }
      return facet;
    });
    if (facets.some(function (f) { return (f.options || f.boxes).indexOf(undefined) >= 0; })) return;

    // What the text box searches: title, territory, instruments and the labels of the case's values.
    var haystacks = rows.map(function (row) {
      var parts = [row[col.titre], row[col.territoire], row[col.instruments]];
      facets.forEach(function (f) {
        row[f.column].forEach(function (v) { parts.push(f.values[v][1]); });
      });
      return " " + words(parts.join(" ")).join(" ");
    });

    function year(input) {
      var n = parseInt(input.value, 10);
      return n >= 1000 && n <= 9999 ? n : null;
    }

    function state() {
      return {
        q: words(text.value),
        from: year(from),
        to: year(to),
        picked: facets.map(function (f) {
          if (f.select) return f.index.has(f.select.value) ? [f.index.get(f.select.value)] : [];
          var out = [];
          f.boxes.forEach(function (box, i) { if (box.checked) out.push(i); });
          return out;
        })
      };
    }

    // Bit k of a case's mask: the case fails filter k (facets, then the period, then the words).
    function masks(s) {
      var out = new Int32Array(rows.length);
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i], m = 0;
        for (var f = 0; f < facets.length; f++) {
          var want = s.picked[f];
          if (!want.length) continue;
          var has = row[facets[f].column], ok;
          if (facets[f].rule === "et") {
            ok = want.every(function (v) { return has.indexOf(v) >= 0; });
          } else {
            ok = want.some(function (v) { return has.indexOf(v) >= 0; });
          }
          if (!ok) m |= 1 << f;
        }
        var end = row[col.fin] === null ? Infinity : row[col.fin];
        if ((s.from !== null && end < s.from) || (s.to !== null && row[col.debut] > s.to)) m |= 1 << PERIOD;
        for (var w = 0; w < s.q.length; w++) {
          if (haystacks[i].indexOf(s.q[w]) < 0) { m |= 1 << TEXT; break; }
        }
        out[i] = m;
      }
      return out;
    }

    function apply(keepPage) {
      var t0 = performance.now();
      var s = state(), m = masks(s), shown = 0, display = [];
      var before = list.children.length;
      if (!keepPage) limit = pageSize;
      var counts = facets.map(function (f) { return new Int32Array(f.values.length); });
      for (var i = 0; i < rows.length; i++) {
        if (m[i] === 0 && shown++ < limit) display.push(cards[i]);
        // A value's count: the cases it would leave, the other filters unchanged. Checking one
        // more value of an "et" facet narrows the current result; an "ou" or "un" facet
        // starts again from the cases its own filter excludes.
        for (var f = 0; f < facets.length; f++) {
          var rest = facets[f].rule === "et" ? m[i] : m[i] & ~(1 << f);
          if (rest !== 0) continue;
          var has = rows[i][facets[f].column];
          for (var k = 0; k < has.length; k++) counts[f][has[k]]++;
        }
      }
      var same = display.length === list.children.length &&
        display.every(function (card, k) { return list.children[k] === card; });
      if (!same) list.replaceChildren.apply(list, display);
      facets.forEach(function (f, fi) {
        f.values.forEach(function (v, k) {
          var n = counts[fi][k];
          if (f.options) {
            f.options[k].textContent = v[1] + " (" + n + ")";
          } else {
            f.counts[k].textContent = "(" + n + ")";
            f.boxes[k].parentNode.classList.toggle("mallette-vide", n === 0);
          }
        });
      });
      var fr = function (n) { return n.toLocaleString("fr-FR"); };
      status.textContent = shown === 0 ? "Aucun cas ne correspond à ces filtres."
        : fr(shown) + "\u00a0cas" + (shown === rows.length ? "" : " sur " + fr(rows.length))
          + (shown > limit ? "\u202f; les " + fr(limit) + " premiers sont affichés" : "");
      more.hidden = shown <= limit;
      more.textContent = "Afficher " + fr(Math.min(pageSize, shown - limit)) + " cas de plus";
      // For the benchmark: the time each filtering takes (performance.getEntriesByName).
      if (performance.measure) performance.measure("explorateur-filtrage", { start: t0 });
      return keepPage ? display[before] : null; // the first card of the new page
    }

    // --- the URL holds the filters ------------------------------------------------------
    function query() {
      var p = new URLSearchParams();
      facets.forEach(function (f) {
        if (f.select) {
          if (f.select.value) p.append(f.param, f.select.value);
        } else {
          f.boxes.forEach(function (box) { if (box.checked) p.append(f.param, box.value); });
        }
      });
      if (year(from) !== null) p.set("debut", year(from));
      if (year(to) !== null) p.set("fin", year(to));
      if (text.value.trim()) p.set("q", text.value.trim());
      var qs = p.toString();
      return location.pathname + (qs ? "?" + qs : "");
    }

    function record(replace) {
      var url = query();
      if (url === location.pathname + location.search) return;
      if (replace) history.replaceState(null, "", url);
      else history.pushState(null, "", url);
    }

    function fromURL() {
      var p = new URLSearchParams(location.search);
      facets.forEach(function (f) {
        var wanted = p.getAll(f.param);
        if (f.select) {
          f.select.value = wanted.length && f.index.has(wanted[0]) ? wanted[0] : "";
        } else {
          f.boxes.forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
        }
      });
      from.value = p.get("debut") || "";
      to.value = p.get("fin") || "";
      text.value = p.get("q") || "";
    }

    // Typing: one history entry per search, updated while the words change.
    var typing = false;
    form.addEventListener("input", function (e) {
      if (e.target !== text) return;
      apply();
      record(typing);
      typing = true;
    });
    form.addEventListener("change", function (e) {
      if (e.target === text) { typing = false; return; }
      apply();
      record(false);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    more.addEventListener("click", function () {
      limit += pageSize;
      var first = apply(true);
      if (first) first.querySelector("a").focus(); // the keyboard continues from the new cards
    });
    form.querySelector("[data-action='effacer']").addEventListener("click", function () {
      form.reset();
      facets.forEach(function (f) { if (f.select) f.select.value = ""; });
      typing = false;
      apply();
      record(false);
    });
    window.addEventListener("popstate", function () {
      typing = false;
      fromURL();
      apply();
    });

    fromURL();
    apply();
    form.hidden = false;
    form.setAttribute("data-pret", "");
  }

  fetch(form.getAttribute("data-source"))
    .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(r.status)); })
    .then(start)
    .catch(function () { /* no data: the page keeps its plain list of every case */ });
})();
