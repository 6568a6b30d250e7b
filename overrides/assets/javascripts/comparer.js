/* Comparison of cases (/comparer/?cas=a,b,c) and the « Ajouter à la comparaison » box of case pages.
 *
 * The selection is the address (?cas=…) and, while choosing, a list in this browser's localStorage.
 * The comparison page fetches only the selected cases' files (comparer/cas/<id>.json, written at
 * build time by mallette/compare.py) and builds the table with createElement and textContent: a
 * hostile title stays text. An unknown id is named in a message; the other cases still show.
 */
(function () {
  "use strict";

  var KEY = "mallette-comparaison";
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

  function basket() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (x) { return ID.test(x); }) : [];
    } catch (e) {
      return [];
    }
  }

  function keep(ids) {
    try { window.localStorage.setItem(KEY, JSON.stringify(ids)); } catch (e) { /* no storage */ }
  }

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  // --- a case page: the box that adds the case to the selection -------------------------------
  function caseBox(box) {
    var id = box.getAttribute("data-cas");
    var page = box.getAttribute("data-comparer");
    var max = parseInt(box.getAttribute("data-max"), 10) || 4;
    var field = el("input", "", { type: "checkbox", id: "comparer-ce-cas" });
    var label = el("label", " Ajouter à la comparaison", { "for": "comparer-ce-cas" });
    var link = el("a", "");
    var note = el("span", "", { role: "status" });
    function update() {
      var ids = basket();
      field.checked = ids.indexOf(id) >= 0;
      link.textContent = "Comparer la sélection (" + ids.length + " cas)";
      link.href = page + "?cas=" + ids.join(",");
      link.hidden = ids.length < 2;
    }
    field.addEventListener("change", function () {
      var ids = basket().filter(function (x) { return x !== id; });
      if (field.checked) {
        if (ids.length >= max) {
          note.textContent = " La sélection compte déjà " + max + " cas\u00a0: retirez-en un pour ajouter celui-ci.";
          field.checked = false;
          return;
        }
        ids.push(id);
      }
      note.textContent = "";
      keep(ids);
      update();
    });
    window.addEventListener("storage", update);
    box.textContent = "";
    label.insertBefore(field, label.firstChild);
    box.appendChild(label);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(link);
    box.appendChild(note);
    update();
    box.setAttribute("data-ready", "1");
  }

  // --- the explorer: a « Comparer » toggle button on each card on display -----------------------
  // explorer.js shows the cards a page at a time (it moves them in and out of the list): a button
  // is added to each card when it enters the list, and all buttons share one handler. A toggle
  // button (aria-pressed), not a checkbox: the form's checkboxes are the filters.
  function explorerButtons(list) {
    var page = "../comparer/"; // the explorer is /explorer/
    var max = 4;
    var bar = el("p", "", { "class": "mallette-comparer-barre", role: "status" });
    var link = el("a", "");
    bar.appendChild(link);
    list.parentNode.insertBefore(bar, list);

    function press(button, ids) {
      button.setAttribute("aria-pressed", ids.indexOf(button.getAttribute("data-comparer-cas")) >= 0 ? "true" : "false");
    }

    function update() {
      var ids = basket();
      link.textContent = "Comparer la sélection (" + ids.length + " cas)";
      link.href = page + "?cas=" + ids.join(",");
      bar.hidden = ids.length < 2;
      list.querySelectorAll("button[data-comparer-cas]").forEach(function (b) { press(b, ids); });
    }

    function equip() {
      var ids = basket();
      Array.prototype.forEach.call(list.children, function (card) {
        var id = card.getAttribute("data-cas");
        if (!id || !ID.test(id) || card.querySelector("button[data-comparer-cas]")) return;
        var title = card.querySelector("h3");
        var button = el("button", "Comparer", { type: "button", "class": "mallette-fiche__comparer md-button", "data-comparer-cas": id });
        if (title) button.appendChild(el("span", "\u00a0: " + title.textContent, { "class": "mallette-invisible" }));
        press(button, ids);
        card.appendChild(button);
      });
    }

    list.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button[data-comparer-cas]");
      if (!button) return;
      var id = button.getAttribute("data-comparer-cas");
      var ids = basket();
      var chosen = ids.indexOf(id) >= 0;
      ids = ids.filter(function (x) { return x !== id; });
      if (!chosen) {
        if (ids.length >= max) {
          bar.hidden = false;
          link.textContent = "Déjà " + max + " cas choisis\u00a0: comparez-les, ou retirez-en un";
          return;
        }
        ids.push(id);
      }
      keep(ids);
      update();
    });
    new MutationObserver(equip).observe(list, { childList: true });
    window.addEventListener("storage", update);
    equip();
    update();
    list.setAttribute("data-comparer-pret", "1");
  }

  // --- the comparison page -------------------------------------------------------------------
  function comparePage(root) {
    var base = root.getAttribute("data-racine") || "../";
    var max = parseInt(root.getAttribute("data-max"), 10) || 4;
    var status = document.getElementById("comparer-etat");
    var errors = document.getElementById("comparer-erreurs");
    var frame = document.getElementById("comparer-cadre");
    var given = (new URLSearchParams(window.location.search).get("cas") || "").split(",")
      .map(function (x) { return x.trim().toLowerCase(); }).filter(Boolean);
    var fromAddress = given.length > 0;
    var ids = [];
    (fromAddress ? given : basket()).forEach(function (x) { if (ids.indexOf(x) < 0) ids.push(x); });
    var messages = [];
    if (ids.length > max) {
      messages.push("Seuls les " + max + " premiers cas de l'adresse sont comparés.");
      ids = ids.slice(0, max);
    }

    function done() {
      errors.textContent = "";
      messages.forEach(function (m) { errors.appendChild(el("p", m)); });
      root.setAttribute("data-ready", "1");
    }

    if (!ids.length) {
      status.textContent = "Aucun cas choisi. Cochez «\u00a0Ajouter à la comparaison\u00a0» sur la page de deux cas au moins.";
      done();
      return;
    }
    status.textContent = "Chargement des cas…";
    Promise.all(ids.map(function (id) {
      if (!ID.test(id)) return Promise.resolve(null);
      return fetch("cas/" + id + ".json").then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    })).then(function (found) {
      var cases = [];
      found.forEach(function (c, i) {
        if (c) cases.push(c);
        else messages.push("Aucun cas n'a l'identifiant «\u00a0" + ids[i] + "\u00a0»\u00a0: vérifiez l'adresse, ou retrouvez le cas dans la liste des cas.");
      });
      if (fromAddress) keep(cases.map(function (c) { return c.id; }));
      render(cases);
      done();
    });

    function links(items) { // [[label, url]] -> a list of links
      var ul = el("ul");
      items.forEach(function (it) {
        var li = el("li");
        li.appendChild(el("a", it[0], { href: base + it[1] }));
        ul.appendChild(li);
      });
      return ul;
    }

    function texts(items) {
      var ul = el("ul");
      items.forEach(function (t) { ul.appendChild(el("li", t)); });
      return ul;
    }

    function render(cases) {
      if (!cases.length) {
        status.textContent = "Aucun des cas demandés n'existe.";
        return;
      }
      status.textContent = cases.length + " cas comparé" + (cases.length > 1 ? "s" : "") +
        (cases.length < 2 ? "\u00a0: ajoutez-en au moins un autre depuis sa page." : ".");
      var everywhere = cases[0].conditions.filter(function (c) {
        return cases.every(function (o) { return o.conditions.some(function (x) { return x[0] === c[0]; }); });
      }).map(function (c) { return c[0]; });
      var rows = [
        ["Territoire", function (c) { return c.territoire + " (" + c.pays + ")"; }],
        ["Échelon", function (c) { return c.echelon; }],
        ["Période", function (c) { return c.periode + (c.en_cours ? " (en cours)" : ""); }],
        ["Mode de participation", function (c) { return c.mode || "Non précisé"; }],
        ["Secteurs", function (c) { return texts(c.secteurs); }],
        ["Étapes couvertes", function (c) { return c.etapes.length ? texts(c.etapes) : "Aucune décrite"; }],
        ["Acteurs par type", function (c) {
          if (!c.acteurs.length) return "Aucun décrit";
          var dl = el("dl");
          c.acteurs.forEach(function (a) { dl.appendChild(el("dt", a[0])); dl.appendChild(el("dd", a[1].join(", "))); });
          return dl;
        }],
        [cases.length > 1 ? "Conditions communes à tous ces cas" : "Conditions de réussite", function (c) {
          var shared = c.conditions.filter(function (x) { return everywhere.indexOf(x[0]) >= 0; });
          return shared.length ? links(shared.map(function (x) { return [x[1], x[2]]; })) : "Aucune";
        }],
        ["Conditions propres à ce cas", function (c) {
          var own = c.conditions.filter(function (x) { return everywhere.indexOf(x[0]) < 0; });
          return own.length ? links(own.map(function (x) { return [x[1], x[2]]; })) : "Aucune";
        }],
        ["Base juridique", function (c) { return c.textes.length ? links(c.textes) : "Aucun texte cité"; }],
        ["Chiffres clés", function (c) { return c.chiffres.length ? texts(c.chiffres) : "Aucun"; }]
      ];
      if (cases.length < 2) rows.splice(8, 1);
      var table = el("table", "", { "class": "mallette-comparer__table" });
      table.appendChild(el("caption", "Comparaison de " + cases.length + " cas, un cas par colonne"));
      var head = el("tr");
      head.appendChild(el("td"));
      cases.forEach(function (c) {
        var th = el("th", "", { scope: "col", "data-cas": c.id });
        th.appendChild(el("a", c.titre, { href: base + c.url }));
        var others = cases.filter(function (o) { return o !== c; }).map(function (o) { return o.id; });
        var remove = el("a", "Retirer", { href: "?cas=" + others.join(","), "class": "mallette-comparer__retirer" });
        remove.appendChild(el("span", "\u00a0: " + c.titre, { "class": "mallette-invisible" }));
        th.appendChild(el("br"));
        th.appendChild(remove);
        head.appendChild(th);
      });
      var thead = el("thead");
      thead.appendChild(head);
      table.appendChild(thead);
      var body = el("tbody");
      rows.forEach(function (row) {
        var tr = el("tr");
        tr.appendChild(el("th", row[0], { scope: "row" }));
        cases.forEach(function (c) {
          var value = row[1](c), td = el("td");
          if (typeof value === "string") td.textContent = value; else td.appendChild(value);
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      table.appendChild(body);
      frame.textContent = "";
      frame.appendChild(table);
      frame.hidden = false;
    }
  }

  if (!window.fetch || !window.URLSearchParams) return;
  var root = document.getElementById("comparer");
  if (root) comparePage(root);
  var box = document.querySelector(".mallette-comparer-choix[data-cas]");
  if (box) caseBox(box);
  var cards = document.querySelector("ol.mallette-fiches");
  if (cards && window.MutationObserver) explorerButtons(cards);
})();
