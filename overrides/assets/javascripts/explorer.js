/* The explorer (/explorer/): filters every case with explorer/cas.json (see mallette/explore.py).
 *
 * Progressive enhancement: without this script the page shows the first cases and a link to the
 * whole list; the filters stay disabled. With it, the form is enabled in place (nothing moves:
 * the cards on the page are the first results of an empty filter, kept as they are). Each change
 * counts the matching cases, updates the count each value would leave, shows the first matching
 * cards (more on demand) and records the filters in the URL (back button: popstate).
 *
 * Speed at 20,000 cases: cas.json holds the facet values of every case as small integer codes,
 * decoded once into typed arrays; the texts of the cards (titles, territories, instruments) come
 * in blocks (explorer/textes/<k>.json) only for the cards shown, and all of them only for a word
 * search. No framework, and no HTML built from data: cards are made with createElement and
 * textContent, so a hostile title stays text.
 */
(function () {
  "use strict";

  var form = document.getElementById("filtres");
  if (!form || !window.fetch || !window.URLSearchParams || !window.history.pushState || !window.Map) return;
  var source = new URL(form.getAttribute("data-source"), location.href);

  // Accents, case, ligatures and apostrophes do not matter: "Reunion" finds « La Réunion ».
  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/['’\-]/g, " ");
  }

  function words(text) {
    return fold(text).split(/\s+/).filter(Boolean);
  }

  var fr = function (n) { return n.toLocaleString("fr-FR"); };

  // --- the data: codes -> typed arrays -----------------------------------------------------
  function decode(data) {
    var digit = new Int8Array(128).fill(-1);
    for (var a = 0; a < data.alphabet.length; a++) digit[data.alphabet.charCodeAt(a)] = a;
    var n = data.nombre, F = data.facettes.length, yw = data.largeur_annee, y0 = data.annee0;
    var starts = [], values = [];
    for (var f = 0; f < F; f++) { starts.push(new Int32Array(n + 1)); values.push([]); }
    var first = new Int32Array(n), last = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      var code = data.codes[i], pos = 0;
      for (f = 0; f < F; f++) {
        var w = data.facettes[f].largeur, out = values[f];
        starts[f][i] = out.length;
        while (pos < code.length && code.charCodeAt(pos) !== 46) { // "."
          var v = 0;
          for (var k = 0; k < w; k++) v = v * 64 + digit[code.charCodeAt(pos++)];
          out.push(v);
        }
        pos++;
      }
      var y = 0, e = 0, hasEnd = false;
      for (k = 0; k < yw; k++) y = y * 64 + digit[code.charCodeAt(pos++)];
      pos++;
      for (k = 0; k < yw && pos < code.length; k++) { e = e * 64 + digit[code.charCodeAt(pos++)]; hasEnd = true; }
      first[i] = y0 + y;
      last[i] = hasEnd ? y0 + e : Infinity;
    }
    for (f = 0; f < F; f++) {
      starts[f][n] = values[f].length;
      values[f] = Uint16Array.from(values[f]);
    }
    return { n: n, starts: starts, values: values, first: first, last: last };
  }

  function start(data) {
    var list = document.querySelector(".mallette-fiches");
    var status = document.getElementById("nombre-de-cas");
    var more = document.getElementById("plus-de-cas");
    var all = form.querySelector(".mallette-filtres__tous");
    if (!list || !status || !more || !all || data.version !== 2) return;
    var db = decode(data), n = db.n;
    var pageSize = parseInt(form.getAttribute("data-par-page"), 10) || 60;
    var limit = pageSize; // cards shown: by pages, so that a change never lays out thousands of cards
    var text = form.elements.namedItem("q");
    var from = form.elements.namedItem("debut");
    var to = form.elements.namedItem("fin");
    var PERIOD = data.facettes.length, TEXT = PERIOD + 1;

    // The server-rendered cards: the first cases in reading order, reused as they are.
    var cards = new Map();
    Array.prototype.forEach.call(list.children, function (li) { cards.set(li.getAttribute("data-cas"), li); });
    var serverIds = Array.prototype.map.call(list.children, function (li) { return li.getAttribute("data-cas"); });

    // One entry per facet: its rule, its controls and, per value, where its count is shown.
    var facets = data.facettes.map(function (f, fi) {
      var index = new Map();
      f.valeurs.forEach(function (v, i) { index.set(v[0], i); });
      var facet = { param: f.param, rule: f.regle, values: f.valeurs, index: index,
                    starts: db.starts[fi], codes: db.values[fi] };
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
        facet.counts = found.map(function (box) { return box && box.parentNode.querySelector(".mallette-compte"); });
      }
      facet.chosen = form.querySelector("[data-choisis='" + f.param + "']");
      facet.group = form.querySelector("[data-groupe='" + f.param + "']");
      // Up to 31 values: the values of each case as one bit set, tested in one operation.
      if (f.valeurs.length <= 31) {
        var bits = new Int32Array(n);
        for (var i = 0; i < n; i++) {
          for (var k = facet.starts[i]; k < facet.starts[i + 1]; k++) bits[i] |= 1 << facet.codes[k];
        }
        facet.bits = bits;
      }
      return facet;
    });
    if (facets.some(function (f) { return (f.options || f.boxes).indexOf(undefined) >= 0; })) return;
    var periodChosen = form.querySelector("[data-choisis='periode']");

    // --- the texts of the cases, by blocks ------------------------------------------------
    var blockSize = data.textes.taille, blocks = [], pending = [];
    var T = {};
    data.textes.colonnes.forEach(function (name, i) { T[name] = i; });

    function loadBlock(b) {
      if (!pending[b]) {
        pending[b] = fetch(new URL(data.textes.fichiers[b], source))
          .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(r.status)); })
          .then(function (rows) { blocks[b] = rows; });
      }
      return pending[b];
    }

    function row(i) {
      var b = blocks[Math.floor(i / blockSize)];
      return b ? b[i % blockSize] : null;
    }

    function textsFor(indexes) {
      var need = [];
      indexes.forEach(function (i) {
        var b = Math.floor(i / blockSize);
        if (!blocks[b] && need.indexOf(b) < 0) need.push(b);
      });
      return need.length ? Promise.all(need.map(loadBlock)) : null;
    }

    // A word search reads every case: the blocks are fetched when it is first used.
    var haystacks = null, allTexts = null;
    function loadAllTexts() {
      if (!allTexts) {
        allTexts = Promise.all(data.textes.fichiers.map(function (_, b) { return loadBlock(b); })).then(function () {
          var out = new Array(n);
          for (var i = 0; i < n; i++) {
            var r = row(i), parts = [r[T.titre], r[T.territoire], r[T.instruments]];
            facets.forEach(function (f) {
              for (var k = f.starts[i]; k < f.starts[i + 1]; k++) parts.push(f.values[f.codes[k]][1]);
            });
            out[i] = " " + words(parts.join(" ")).join(" ");
          }
          haystacks = out;
        });
      }
      return allTexts;
    }

    // --- cards made from the data, like the server's -----------------------------------------
    // Case pages, relative to this page: as the server's cards link them.
    var sample = list.querySelector(".mallette-fiche h3 a");
    var caseHref = sample ? sample.getAttribute("href").replace(/[^/]+\/$/, "") : "../cas/";
    var byParam = {};
    facets.forEach(function (f) { byParam[f.param] = f; });

    function labels(param, i) {
      var f = byParam[param], out = [];
      if (!f) return out;
      for (var k = f.starts[i]; k < f.starts[i + 1]; k++) out.push(f.values[f.codes[k]][1]);
      return out;
    }

    function period(i) {
      var a = db.first[i], b = db.last[i];
      if (b === Infinity) return "depuis " + a;
      return a === b ? String(a) : a + "–" + b;
    }

    function para(label, value) {
      var p = document.createElement("p"), span = document.createElement("span");
      span.className = "mallette-etiquette";
      span.textContent = label + "\u00a0:";
      p.append(span, " " + value);
      return p;
    }

    function makeCard(i) {
      var r = row(i), id = r[T.id];
      var li = document.createElement("li");
      li.className = "mallette-fiche";
      li.setAttribute("data-cas", id);
      var h = document.createElement("h3"), a = document.createElement("a");
      a.href = caseHref + encodeURIComponent(id) + "/";
      a.textContent = r[T.titre];
      h.append(a);
      var level = labels("niveau", i)[0] || "", country = labels("pays", i)[0] || "";
      level = level.charAt(0).toLowerCase() + level.slice(1);
      var where = document.createElement("p");
      where.textContent = r[T.territoire] + " (" + [level, country].filter(Boolean).join(", ") + ") · " + period(i);
      li.append(h, where);
      var mode = labels("mode", i);
      if (mode.length) li.append(para("Mode", mode[0]));
      li.append(para("Conditions", labels("condition", i).join(", ")));
      return li;
    }

    function card(i) {
      var r = row(i);
      var id = r ? r[T.id] : serverIds[i];
      var known = cards.get(id);
      if (known) return known;
      var made = makeCard(i);
      cards.set(id, made);
      return made;
    }

    // --- filtering -----------------------------------------------------------------------
    function year(input) {
      var y = parseInt(input.value, 10);
      return y >= 1000 && y <= 9999 ? y : null;
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

    function has(f, i, v) {
      for (var k = f.starts[i]; k < f.starts[i + 1]; k++) if (f.codes[k] === v) return true;
      return false;
    }

    // Bit k of a case's mask: the case fails filter k (facets, then the period, then the words).
    function masks(s) {
      var out = new Int32Array(n);
      facets.forEach(function (f, fi) {
        var want = s.picked[fi];
        if (!want.length) return;
        var bit = 1 << fi, all = f.rule === "et", i;
        if (f.bits) {
          var m = 0;
          want.forEach(function (v) { m |= 1 << v; });
          for (i = 0; i < n; i++) {
            var hit = f.bits[i] & m;
            if (all ? hit !== m : hit === 0) out[i] |= bit;
          }
        } else {
          for (i = 0; i < n; i++) {
            var ok = all ? want.every(function (v) { return has(f, i, v); })
              : want.some(function (v) { return has(f, i, v); });
            if (!ok) out[i] |= bit;
          }
        }
      });
      if (s.from !== null || s.to !== null) {
        for (var i = 0; i < n; i++) {
          if ((s.from !== null && db.last[i] < s.from) || (s.to !== null && db.first[i] > s.to)) out[i] |= 1 << PERIOD;
        }
      }
      if (s.q.length && haystacks) {
        for (i = 0; i < n; i++) {
          for (var w = 0; w < s.q.length; w++) {
            if (haystacks[i].indexOf(s.q[w]) < 0) { out[i] |= 1 << TEXT; break; }
          }
        }
      }
      return out;
    }

    var generation = 0;

    function apply(keepPage) {
      var t0 = performance.now();
      var s = state();
      if (s.q.length && !haystacks) {
        status.textContent = "Recherche dans les textes des cas…";
        loadAllTexts().then(function () { apply(keepPage); }, failed);
        return;
      }
      var m = masks(s), shown = 0, display = [];
      if (!keepPage) limit = pageSize;
      var counts = facets.map(function (f) { return new Int32Array(f.values.length); });
      for (var i = 0; i < n; i++) {
        if (m[i] === 0 && shown++ < limit) display.push(i);
        // A value's count: the cases it would leave, the other filters unchanged. Checking one
        // more value of an "et" facet narrows the current result; an "ou" or "un" facet
        // starts again from the cases its own filter excludes.
        for (var f = 0; f < facets.length; f++) {
          var rest = facets[f].rule === "et" ? m[i] : m[i] & ~(1 << f);
          if (rest !== 0) continue;
          var fc = facets[f];
          for (var k = fc.starts[i]; k < fc.starts[i + 1]; k++) counts[f][fc.codes[k]]++;
        }
      }
      facets.forEach(function (f, fi) {
        var picked = 0;
        f.values.forEach(function (v, k) {
          var c = counts[fi][k];
          if (f.options) {
            f.options[k].textContent = v[1] + " (" + c + ")";
          } else {
            f.counts[k].textContent = "(" + c + ")";
            f.boxes[k].parentNode.classList.toggle("mallette-vide", c === 0);
          }
        });
        picked = s.picked[fi].length;
        if (f.chosen) {
          f.chosen.textContent = !picked ? "" : f.select ? "(" + f.values[s.picked[fi][0]][1] + ")"
            : "(" + picked + (picked > 1 ? " choisis)" : " choisi)");
        }
      });
      if (periodChosen) {
        periodChosen.textContent = s.from === null && s.to === null ? ""
          : "(" + (s.from !== null ? s.from : "…") + "–" + (s.to !== null ? s.to : "…") + ")";
      }
      status.textContent = shown === 0 ? "Aucun cas ne correspond à ces filtres."
        : fr(shown) + "\u00a0cas" + (shown === n ? "" : " sur " + fr(n))
          + (shown > limit ? "\u202f; les " + fr(limit) + " premiers sont affichés" : "");
      more.hidden = shown <= limit;
      more.textContent = "Afficher " + fr(Math.min(pageSize, shown - limit)) + " cas de plus";
      // The cards: at once when their texts are here (always, for the first cases), else
      // as soon as their blocks arrive; a later change makes an earlier wait void.
      var mine = ++generation, before = list.children.length;
      var show = function () {
        if (mine !== generation) return null;
        var els = display.map(card);
        var same = els.length === list.children.length && els.every(function (el, k) { return list.children[k] === el; });
        if (!same) list.replaceChildren.apply(list, els);
        list.removeAttribute("aria-busy");
        // For the benchmark: the time each filtering takes (performance.getEntriesByName), and
        // an event when its result is on the page (cards included).
        if (performance.measure) performance.measure("explorateur-filtrage", { start: t0 });
        form.dispatchEvent(new CustomEvent("explorateur-affiche"));
        return keepPage ? els[before] : null; // the first card of the new page
      };
      var firstOnes = display.every(function (i) { return i < serverIds.length; });
      var waiting = firstOnes ? null : textsFor(display);
      if (!waiting) return Promise.resolve(show());
      list.setAttribute("aria-busy", "true");
      return waiting.then(show, failed);
    }

    function failed() {
      status.textContent = "Les données de l'explorateur n'ont pas pu être chargées : rechargez la page.";
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
        // A group holding a choice is shown open.
        if (wanted.length && f.group) f.group.open = true;
      });
      from.value = p.get("debut") || "";
      to.value = p.get("fin") || "";
      text.value = p.get("q") || "";
    }

    // Typing: one history entry per search, updated while the words change.
    var typing = false;
    text.addEventListener("focus", function () { loadAllTexts().catch(failed); });
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
      var next = apply(true);
      if (next) {
        next.then(function (first) {
          if (first) first.querySelector("a").focus(); // the keyboard continues from the new cards
        });
      }
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
    var ready = function () {
      all.disabled = false;
      // The first blocks of texts, while the reader looks: the first results of most filters are there.
      // data-textes once they have arrived (or failed): what the page loads by itself is then loaded.
      setTimeout(function () {
        Promise.all(data.textes.fichiers.slice(0, 2).map(function (_, b) {
          return loadBlock(b).catch(function () {});
        })).then(function () { form.setAttribute("data-textes", ""); });
      }, 0);
      var note = document.querySelector(".mallette-sans-script");
      if (note) note.hidden = true;
      form.setAttribute("data-pret", "");
      if (performance.mark) performance.mark("explorateur-pret");
    };
    var first = apply();
    if (first && first.then) first.then(ready); else ready();
  }

  fetch(source)
    .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(r.status)); })
    .then(start)
    .catch(function () { /* no data: the page keeps its first cases and the link to all of them */ });
})();
