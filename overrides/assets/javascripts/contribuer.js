/* The case form (/contribuer/proposer-un-cas/): drawn from formulaire.json, which mallette/form.py
 * makes from schema/case.schema.json and the taxonomies of the content.
 *
 * Each field carries the schema's own limits (required, minLength/maxLength, pattern, bounds,
 * minItems, uniqueItems): they are checked as the reader types, and the errors are written in
 * French next to the field (aria-describedby, aria-invalid). « Générer » writes the case's YAML,
 * every string quoted (a JSON string is a valid YAML double-quoted scalar), so that « # », « NO »
 * or « 01234 » stay text. Everything stays in the browser: the draft in localStorage, the file
 * downloaded, copied, or handed to GitHub's « create a new file » page when the repository is
 * known. No HTML is built from text: elements are created, and values set as properties.
 */
(function () {
  "use strict";

  var form = document.getElementById("formulaire-cas");
  if (!form || !window.fetch || !window.JSON) return;

  var DRAFT_KEY = "mallette:proposer-un-cas:brouillon";
  var NBSP = "\u00a0";

  // --- storage: a draft survives a reload; a browser that refuses storage still gets the form.
  function loadDraft() {
    try {
      var raw = window.localStorage.getItem(DRAFT_KEY);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  }
  function saveDraft(draft) {
    try {
      window.localStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    } catch (e) { /* private browsing, quota: the form keeps working without a draft */ }
  }
  function clearDraft() {
    try {
      window.localStorage.removeItem(DRAFT_KEY);
    } catch (e) { /* nothing to clear */ }
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
      });
    }
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function chars(s) { return Array.from(s).length; } // code points, as JSON Schema counts them

  function plural(n, word) { return n + NBSP + word + (n > 1 ? "s" : ""); }

  // « Conseil de l'ESS de Strasbourg » -> conseil-de-l-ess-de-strasbourg, as mallette/schema.py slugify().
  function slugify(text, max) {
    var s = String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    return s.slice(0, max || 80).replace(/-+$/g, "");
  }

  // --- the state: plain data mirroring the file; strings as typed ---------------------------
  function isScalar(f) { return ["group", "list", "checkboxes"].indexOf(f.type) < 0; }

  function emptyState(f) {
    if (f.type === "group") {
      var o = {};
      f.champs.forEach(function (c) { o[c.nom] = emptyState(c); });
      return o;
    }
    if (f.type === "checkboxes") return [];
    if (f.type === "list") return f.requis ? [emptyItem(f)] : [];
    if (f.type === "boolean") return false;
    return "";
  }
  function emptyItem(list) {
    if (list.champs.length === 1 && list.champs[0].nom === list.nom) return "";
    var o = {};
    list.champs.forEach(function (c) { o[c.nom] = emptyState(c); });
    return o;
  }
  function scalarList(f) { return f.champs.length === 1 && f.champs[0].nom === f.nom; }

  // A draft written by an older form: keep what still fits the fields of today.
  function merge(f, saved, fresh) {
    if (saved === undefined || saved === null) return fresh;
    if (f.type === "group") {
      if (typeof saved !== "object" || Array.isArray(saved)) return fresh;
      f.champs.forEach(function (c) { fresh[c.nom] = merge(c, saved[c.nom], fresh[c.nom]); });
      return fresh;
    }
    if (f.type === "checkboxes") {
      if (!Array.isArray(saved)) return fresh;
      var allowed = f.choix.map(function (c) { return c[0]; });
      return saved.filter(function (v) { return allowed.indexOf(v) >= 0; });
    }
    if (f.type === "list") {
      if (!Array.isArray(saved)) return fresh;
      return saved.map(function (item) {
        if (scalarList(f)) return typeof item === "string" ? item : "";
        var o = emptyItem(f);
        f.champs.forEach(function (c) { o[c.nom] = merge(c, item && item[c.nom], o[c.nom]); });
        return o;
      });
    }
    if (f.type === "boolean") return saved === true;
    return typeof saved === "string" ? saved : fresh;
  }

  function blank(f, v) {
    if (f.type === "group") return f.champs.every(function (c) { return blank(c, v[c.nom]); });
    if (f.type === "checkboxes") return v.length === 0;
    if (f.type === "list") return v.every(function (item) { return blankItem(f, item); });
    if (f.type === "boolean") return v !== true;
    return String(v).trim() === "";
  }
  function blankItem(list, item) {
    if (scalarList(list)) return String(item).trim() === "";
    return list.champs.every(function (c) { return blank(c, item[c.nom]); });
  }

  // --- the rules of the schema, in French -----------------------------------------------------
  var PATTERN_MESSAGES = {
    id: "Un identifiant s'écrit en minuscules sans accent, chiffres et tirets simples (par exemple «" + NBSP + "strasbourg-conseil-ess" + NBSP + "»).",
    label: "Le texte doit tenir sur une seule ligne.",
    date: "Une date s'écrit AAAA-MM-JJ (par exemple 2014-07-31).",
    url: "Une adresse web complète est attendue, commençant par https://."
  };

  function parseNumber(raw, integer) {
    var s = String(raw).trim().replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
    var re = integer ? /^[-+]?\d+$/ : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
    if (!re.test(s)) return null;
    var n = Number(s);
    return isFinite(n) ? n : null;
  }

  // The error of one value, or "" (an empty optional value is no error: it is left out).
  function scalarError(f, raw) {
    var r = f.regles || {};
    if (f.type === "boolean") return "";
    var v = String(raw).trim();
    if (v === "") {
      if (!f.requis) return "";
      return f.type === "select" ? "Choisissez une valeur : ce champ est obligatoire.".replace(" :", NBSP + ":")
        : "Ce champ est obligatoire.";
    }
    if (f.type === "number" || f.type === "integer") {
      var n = parseNumber(v, f.type === "integer");
      if (n === null) {
        return f.type === "integer" ? "Un nombre entier est attendu, sans espace ni lettre (par exemple " + (f.exemple !== undefined ? f.exemple : 2010) + ")."
          : "Un nombre est attendu, avec une virgule ou un point décimal (par exemple " + String(f.exemple !== undefined ? f.exemple : "48.57").replace(".", ",") + ").";
      }
      var lo = r.minimum, hi = r.maximum;
      if ((lo !== undefined && n < lo) || (hi !== undefined && n > hi)) {
        if (lo !== undefined && hi !== undefined) return "La valeur doit être comprise entre " + lo + " et " + hi + ".";
        return lo !== undefined ? "La valeur doit être au moins " + lo + "." : "La valeur doit être au plus " + hi + ".";
      }
      return "";
    }
    if (f.type === "select") {
      var ok = f.choix.some(function (c) { return c[0] === v; });
      return ok ? "" : "Choisissez une valeur de la liste.";
    }
    var len = chars(v);
    if (r.minLength !== undefined && len < r.minLength) return "Au moins " + plural(r.minLength, "caractère") + ".";
    if (r.maxLength !== undefined && len > r.maxLength) {
      return plural(len, "caractère") + NBSP + ": " + r.maxLength + " au plus. Raccourcissez le texte.";
    }
    if (r.pattern && !new RegExp(r.pattern, "u").test(v)) {
      return PATTERN_MESSAGES[f.motif] || "Le texte n'a pas la forme attendue.";
    }
    return textError(v);
  }

  // The validator's rules for every text (no HTML, no javascript: link, no image…), with its
  // own messages: both come from mallette/text.py through formulaire.json.
  var TEXT_RULES = [];
  function textError(v) {
    for (var i = 0; i < TEXT_RULES.length; i++) {
      var rule = TEXT_RULES[i];
      if (rule.cible_sure) {
        var links = new RegExp(rule.motif, rule.drapeaux + "g"), m;
        var safe = new RegExp(rule.cible_sure.motif, rule.cible_sure.drapeaux);
        var banned = new RegExp("^(?:" + rule.cible_interdite.motif + ")", rule.cible_interdite.drapeaux);
        while ((m = links.exec(v)) !== null) {
          if (m[0] === "") links.lastIndex++;
          var target = m[1];
          if (target && !safe.test(target) && !banned.test(target)) {
            return rule.message.replace("{}", function () { return target; });
          }
        }
      } else {
        var found = new RegExp(rule.motif, rule.drapeaux).exec(v);
        if (found) return rule.message.replace("{}", function () { return found[0].slice(0, 30); });
      }
    }
    return "";
  }

  // --- drawing the form -----------------------------------------------------------------------
  function start(spec) {
    var holder = document.getElementById("formulaire-cas-champs");
    var status = document.getElementById("formulaire-cas-etat");
    var result = document.getElementById("resultat");
    if (!holder || !status || !result) return;
    TEXT_RULES = spec.textes || [];
    var idField = spec.champs.filter(function (f) { return f.chemin === "id"; })[0];
    var root = { type: "group", champs: spec.champs, nom: "" };
    var saved = loadDraft();
    var state = merge(root, saved && saved.etat, emptyState(root));
    var idAuto = saved ? saved.idAuto !== false : true;
    var touched = {}; // control id -> true once left: errors show from then on
    var checkers = []; // one per control drawn: {control, run() -> its error message or ""}
    var yamlText = "", fileName = "";
    // While the items of a list are drawn: whether an item's fields are exempt from their rules
    // (an empty item is left out of the file, unless the list needs it to reach its minimum).
    var currentSkip = null;

    function persist() { saveDraft({ version: 1, etat: state, idAuto: idAuto }); }

    function describe(control, ids) {
      var list = ids.filter(Boolean).join(" ");
      if (list) control.setAttribute("aria-describedby", list); else control.removeAttribute("aria-describedby");
    }

    // Shows (or clears) the error of a control; returns the message.
    function show(entry, message) {
      entry.error.textContent = message;
      entry.error.hidden = !message;
      entry.invalidTargets.forEach(function (t) {
        if (message) t.setAttribute("aria-invalid", "true"); else t.removeAttribute("aria-invalid");
      });
      describe(entry.described, [entry.help, message ? entry.error.id : ""]);
      entry.box.classList.toggle("mallette-champ--erreur", !!message);
      return message;
    }

    function helpText(f, parent, id) {
      if (!f.description && f.exemple === undefined) return "";
      var text = f.description || "";
      if (f.exemple !== undefined && f.type !== "select" && f.type !== "boolean") {
        text += (text ? " " : "") + "Exemple" + NBSP + ": " + String(f.exemple) + ".";
      }
      parent.appendChild(el("p", { "class": "mallette-aide", id: id + "-aide" }, text));
      return id + "-aide";
    }

    function requiredMark(f, label) {
      if (f.requis) label.appendChild(el("span", { "class": "mallette-requis" }, " (obligatoire)"));
    }

    // A scalar field, bound to container[key].
    function drawScalar(f, container, key, parent, id, title, inList) {
      var box = el("div", { "class": "mallette-champ", "data-chemin": f.chemin });
      var control, label;
      if (f.type === "boolean") {
        control = el("input", { type: "checkbox", id: id, name: id });
        control.checked = container[key] === true;
        label = el("label", { "for": id }, title);
        box.classList.add("mallette-champ--case");
        box.appendChild(control);
        box.appendChild(label);
      } else {
        label = el("label", { "for": id }, title);
        if (!inList) requiredMark(f, label); // an item of a list of texts is required only once added
        box.appendChild(label);
      }
      var help = helpText(f, box, id);
      if (f.type === "select") {
        control = el("select", { id: id, name: id, required: f.requis });
        control.appendChild(el("option", { value: "" }, f.requis ? "— Choisir —" : "— Aucun —"));
        f.choix.forEach(function (c) { control.appendChild(el("option", { value: c[0] }, c[1])); });
        control.value = container[key];
      } else if (f.type === "textarea") {
        control = el("textarea", { id: id, name: id, rows: 3, required: f.requis, spellcheck: "true" });
        control.value = container[key];
      } else if (f.type !== "boolean") {
        var attrs = { type: "text", id: id, name: id, required: f.requis, autocomplete: "off" };
        if (f.type === "number") attrs.inputmode = "decimal";
        if (f.type === "integer") attrs.inputmode = "numeric";
        if (f.motif === "id") attrs.spellcheck = "false";
        control = el("input", attrs);
        control.value = container[key];
      }
      if (f.type !== "boolean") box.appendChild(control);
      var error = el("p", { "class": "mallette-erreur", id: id + "-erreur", hidden: true });
      box.appendChild(error);
      parent.appendChild(box);
      var entry = { box: box, error: error, help: help, described: control, invalidTargets: [control] };
      describe(control, [help]);

      var skip = currentSkip;
      function check() { return show(entry, skip && skip() ? "" : scalarError(f, container[key])); }
      function update() {
        container[key] = f.type === "boolean" ? control.checked : control.value;
        if (f.chemin === "id") idAuto = container[key] === "";
        if (f.chemin === "title" && idAuto) {
          var idControl = document.getElementById("c-id");
          state.id = slugify(container[key], ((idField && idField.regles) || {}).maxLength);
          if (idControl) idControl.value = state.id;
          if (touched["c-id"]) checkers.forEach(function (c) { if (c.control === idControl) c.run(); });
        }
        persist();
        stale();
        if (touched[id]) check();
      }
      control.addEventListener("input", update);
      control.addEventListener("change", function () { update(); touched[id] = true; check(); });
      control.addEventListener("blur", function () {
        if (String(container[key]).trim() !== "" || touched[id]) { touched[id] = true; check(); }
      });
      checkers.push({ control: control, run: check });
      return control;
    }

    // A group of controls for one field: its title as legend, marked when the field is required.
    function fieldsetFor(f, cls, id) {
      var set = el("fieldset", { "class": cls, "data-chemin": f.chemin, id: id });
      var legend = el("legend", null, f.titre);
      requiredMark(f, legend);
      set.appendChild(legend);
      return set;
    }

    function drawCheckboxes(f, container, key, parent, id) {
      var set = fieldsetFor(f, "mallette-champ mallette-champ--choix", id);
      var help = helpText(f, set, id);
      var listEl = el("ul", { "class": "mallette-choix" });
      var boxes = f.choix.map(function (c, i) {
        var li = el("li");
        var box = el("input", { type: "checkbox", id: id + "-" + i, name: id, value: c[0] });
        box.checked = container[key].indexOf(c[0]) >= 0;
        li.appendChild(box);
        li.appendChild(el("label", { "for": id + "-" + i }, c[1]));
        listEl.appendChild(li);
        return box;
      });
      set.appendChild(listEl);
      var error = el("p", { "class": "mallette-erreur", id: id + "-erreur", hidden: true });
      set.appendChild(error);
      parent.appendChild(set);
      var entry = { box: set, error: error, help: help, described: set, invalidTargets: boxes };
      describe(set, [help]);
      function check() {
        var n = container[key].length, min = (f.regles || {}).minItems || 0;
        var message = "";
        if (f.requis && n < Math.max(min, 1)) message = min > 1 ? "Cochez au moins " + plural(min, "case") + "." : "Cochez au moins une case : ce champ est obligatoire.".replace(" :", NBSP + ":");
        return show(entry, message);
      }
      boxes.forEach(function (box) {
        box.addEventListener("change", function () {
          // Kept in the order of the choices: the file does not depend on the order of the clicks.
          container[key] = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
          touched[id] = true;
          persist();
          stale();
          check();
        });
      });
      checkers.push({ control: boxes[0], run: check });
    }

    function drawList(f, container, key, parent, id) {
      var set = fieldsetFor(f, "mallette-champ mallette-liste", id);
      var help = helpText(f, set, id);
      var listEl = el("ol", { "class": "mallette-liste__elements" });
      set.appendChild(listEl);
      var error = el("p", { "class": "mallette-erreur", id: id + "-erreur", hidden: true });
      var add = el("button", { type: "button", "class": "md-button mallette-liste__ajouter" }, "Ajouter" + NBSP + ": " + f.titre.toLowerCase());
      set.appendChild(error);
      set.appendChild(add);
      parent.appendChild(set);
      var entry = { box: set, error: error, help: help, described: set, invalidTargets: [] };
      describe(set, [help]);
      var itemCheckers = [];

      function redraw(focusIndex) {
        // Controls of the old items leave the list of checks, then the items are drawn again.
        itemCheckers.forEach(function (c) { var i = checkers.indexOf(c); if (i >= 0) checkers.splice(i, 1); });
        itemCheckers = [];
        var before = checkers.length;
        while (listEl.firstChild) listEl.removeChild(listEl.firstChild);
        container[key].forEach(function (item, i) {
          currentSkip = function () {
            var items = container[key];
            var filled = items.filter(function (x) { return !blankItem(f, x); }).length;
            return blankItem(f, items[i]) && (!f.requis || filled >= Math.max((f.regles || {}).minItems || 0, 1));
          };
          var li = el("li", { "class": "mallette-liste__element" });
          var itemId = id + "-" + i;
          var name = f.titre + " " + (i + 1);
          if (scalarList(f)) {
            drawScalar(f.champs[0], container[key], i, li, itemId, name, true);
          } else {
            var inner = el("fieldset", { "class": "mallette-element" });
            inner.appendChild(el("legend", null, name));
            f.champs.forEach(function (c) { drawField(c, item, c.nom, inner, itemId + "-" + c.nom); });
            li.appendChild(inner);
          }
          var remove = el("button", { type: "button", "class": "md-button mallette-liste__retirer" }, "Retirer" + NBSP + ": " + name.toLowerCase());
          remove.addEventListener("click", function () {
            container[key].splice(i, 1);
            persist();
            stale();
            redraw(Math.min(i, container[key].length - 1));
            status.textContent = name + " retiré.";
            if (container[key].length === 0) add.focus();
          });
          li.appendChild(remove);
          listEl.appendChild(li);
        });
        currentSkip = null;
        itemCheckers = checkers.slice(before);
        if (focusIndex !== undefined && focusIndex >= 0) {
          var first = listEl.children[focusIndex] && listEl.children[focusIndex].querySelector("input, select, textarea");
          if (first) first.focus();
        }
      }

      function check() {
        var filled = container[key].filter(function (item) { return !blankItem(f, item); });
        var min = (f.regles || {}).minItems || 0;
        var message = "";
        if (f.requis && container[key].length === 0) {
          message = "Remplissez au moins " + plural(Math.max(min, 1), "élément") + NBSP + ": ce champ est obligatoire.";
        } else if ((f.regles || {}).uniqueItems && scalarList(f)) {
          var seen = {};
          filled.forEach(function (v) { var t = String(v).trim(); if (seen[t]) message = "«" + NBSP + t + NBSP + "» figure deux fois dans la liste."; seen[t] = true; });
        }
        return show(entry, message);
      }

      add.addEventListener("click", function () {
        container[key].push(emptyItem(f));
        persist();
        stale();
        redraw(container[key].length - 1);
        check();
      });
      redraw();
      checkers.push({ control: add, run: check, list: true });
    }

    function drawField(f, container, key, parent, id) {
      if (f.type === "group") {
        var set = fieldsetFor(f, "mallette-formulaire__groupe", id);
        var help = helpText(f, set, id);
        if (help) set.setAttribute("aria-describedby", help);
        f.champs.forEach(function (c) { drawField(c, container[key], c.nom, set, id + "-" + c.nom); });
        parent.appendChild(set);
      } else if (f.type === "checkboxes") {
        drawCheckboxes(f, container, key, parent, id);
      } else if (f.type === "list") {
        drawList(f, container, key, parent, id);
      } else {
        drawScalar(f, container, key, parent, id, f.titre);
      }
    }

    function drawAll() {
      checkers = [];
      touched = {};
      while (holder.firstChild) holder.removeChild(holder.firstChild);
      var required = el("h2", { id: "champs-obligatoires" }, "Les champs obligatoires");
      var optional = el("h2", { id: "champs-facultatifs" }, "Les champs facultatifs");
      holder.appendChild(required);
      var optionalShown = false;
      spec.champs.forEach(function (f) {
        if (!f.requis && !optionalShown) { holder.appendChild(optional); optionalShown = true; }
        drawField(f, state, f.nom, holder, "c-" + f.nom);
      });
    }

    // --- the file ---------------------------------------------------------------------------
    function quote(s) {
      // JSON escapes quotes, backslashes and C0 controls; YAML also wants DEL, C1 controls,
      // the line and paragraph separators and the BOM escaped inside a double-quoted scalar.
      return JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, function (c) {
        return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
      });
    }

    // The value written in the file, or undefined when the field is left out.
    function value(f, v) {
      if (f.type === "group") {
        var o = {}, any = false;
        f.champs.forEach(function (c) { var x = value(c, v[c.nom]); if (x !== undefined) { o[c.nom] = x; any = true; } });
        return any || f.requis ? o : undefined;
      }
      if (f.type === "checkboxes") return v.length ? v.slice() : undefined;
      if (f.type === "list") {
        var items = v.filter(function (item) { return !blankItem(f, item); }).map(function (item) {
          if (scalarList(f)) return value(f.champs[0], item);
          var obj = {};
          f.champs.forEach(function (c) { var x = value(c, item[c.nom]); if (x !== undefined) obj[c.nom] = x; });
          return obj;
        });
        return items.length ? items : undefined;
      }
      if (f.type === "boolean") return v === true ? true : undefined;
      var s = String(v).trim();
      if (s === "") return undefined;
      if (f.type === "number" || f.type === "integer") return parseNumber(s, f.type === "integer");
      return s.replace(/\r\n?/g, "\n");
    }

    function order(fields, names) {
      var byName = {};
      fields.forEach(function (c) { byName[c.nom] = c; });
      return names.filter(function (n) { return byName[n]; }).map(function (n) { return byName[n]; });
    }

    function scalar(v) {
      if (typeof v === "string") return quote(v);
      return String(v);
    }

    function emit(lines, fields, names, data, indent) {
      var pad = new Array(indent + 1).join(" ");
      order(fields, names).forEach(function (f) {
        var v = data[f.nom];
        if (v === undefined) return;
        if (Array.isArray(v)) {
          lines.push(pad + f.nom + ":");
          v.forEach(function (item) {
            if (item !== null && typeof item === "object") {
              var sub = [];
              emit(sub, f.champs, f.ordre, item, indent + 4);
              sub[0] = pad + "  - " + sub[0].slice(indent + 4);
              Array.prototype.push.apply(lines, sub);
            } else {
              lines.push(pad + "  - " + scalar(item));
            }
          });
        } else if (v !== null && typeof v === "object") {
          lines.push(pad + f.nom + ":");
          emit(lines, f.champs, f.ordre, v, indent + 2);
        } else {
          lines.push(pad + f.nom + ": " + scalar(v));
        }
      });
    }

    function yaml() {
      var data = value(root, state);
      var lines = [spec.entete];
      emit(lines, spec.champs, spec.ordre, data, 0);
      return { text: lines.join("\n") + "\n", id: data.id };
    }

    // --- actions --------------------------------------------------------------------------
    var resultStatus = document.getElementById("resultat-etat");
    var github = document.getElementById("resultat-github");

    function stale() {
      if (!result.hidden) {
        result.hidden = true;
        status.textContent = "Le formulaire a changé" + NBSP + ": générez de nouveau le fichier.";
      }
    }

    function checkAll() {
      var wrong = [];
      checkers.forEach(function (c) {
        if (c.control) touched[c.control.id] = true;
        if (c.run()) wrong.push(c);
      });
      // In the order of the page (items added later were checked last).
      return wrong.sort(function (a, b) {
        return a.control.compareDocumentPosition(b.control) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var wrong = checkAll();
      if (wrong.length) {
        result.hidden = true;
        status.textContent = plural(wrong.length, "champ") + " à corriger" + NBSP + ": chaque erreur est écrite sous son champ. Le premier a reçu le focus.";
        var first = wrong[0];
        var target = first.list ? first.control.closest("fieldset").querySelector("input, select, textarea, button") : first.control;
        if (target) target.focus();
        return;
      }
      var made = yaml();
      yamlText = made.text;
      fileName = made.id + ".yaml";
      document.getElementById("resultat-yaml").value = yamlText;
      document.getElementById("resultat-nom").textContent = (form.getAttribute("data-dossier") || "content/cases") + "/" + fileName;
      if (github) {
        github.href = form.getAttribute("data-nouveau-fichier") + "?filename=" +
          encodeURIComponent((form.getAttribute("data-dossier") || "content/cases") + "/" + fileName) +
          "&value=" + encodeURIComponent(yamlText);
      }
      result.hidden = false;
      resultStatus.textContent = "";
      // Servers refuse very long addresses: a long case is better downloaded, then uploaded.
      if (github && github.href.length > 8000) {
        resultStatus.textContent = "Ce fichier est long" + NBSP + ": si GitHub refuse de l'ouvrir, téléchargez-le, " +
          "puis déposez-le sur GitHub (« Add file », « Upload files ») dans le dossier " + (form.getAttribute("data-dossier") || "content/cases") + ".";
      }
      status.textContent = "Le fichier " + fileName + " est prêt, plus bas dans la page.";
      document.getElementById("resultat-titre").focus();
    });

    form.querySelector("[data-action='effacer']").addEventListener("click", function () {
      clearDraft();
      state = emptyState(root);
      idAuto = true;
      result.hidden = true;
      drawAll();
      status.textContent = "Brouillon effacé" + NBSP + ": le formulaire est vide.";
      var first = holder.querySelector("input, select, textarea");
      if (first) first.focus();
    });

    result.querySelector("[data-action='telecharger']").addEventListener("click", function () {
      var url = URL.createObjectURL(new Blob([yamlText], { type: "application/yaml;charset=utf-8" }));
      var a = el("a", { href: url, download: fileName, hidden: true });
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      resultStatus.textContent = "Fichier " + fileName + " téléchargé.";
    });

    result.querySelector("[data-action='copier']").addEventListener("click", function () {
      var done = function () { resultStatus.textContent = "Contenu copié" + NBSP + ": collez-le dans un nouveau fichier " + fileName + "."; };
      var fallback = function () {
        var area = document.getElementById("resultat-yaml");
        area.focus();
        area.select();
        try {
          if (document.execCommand("copy")) { done(); return; }
        } catch (e) { /* below */ }
        resultStatus.textContent = "La copie a été refusée par le navigateur" + NBSP + ": le texte est sélectionné, copiez-le avec Ctrl+C.";
      };
      if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(yamlText).then(done, fallback);
      else fallback();
    });

    drawAll();
    document.getElementById("formulaire-sans-script").hidden = true;
    form.hidden = false;
    form.setAttribute("data-pret", "");
  }

  fetch(form.getAttribute("data-source"))
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(start)
    .catch(function () { /* the page keeps its message and its link to the other ways in */ });
})();
