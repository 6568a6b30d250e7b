/* The e-mallette's search box (overrides/partials/search.html), on Pagefind's index
   (mallette/search_index.py).

   Nothing is downloaded before the reader focuses the field or types in it: pagefind.js, its
   WebAssembly and the index are fetched then, and only the parts of the index for the words typed,
   as they are typed. Typing restarts a short wait before searching; a query overtaken by a newer
   one is dropped, never shown.
   Keyboard: / or s opens the search, arrows move between the field and the results, Entrée opens
   a result (a plain link), Échap closes and gives the focus back.
   The page must be served over HTTP: Pagefind does not run from file://. */
(function () {
  "use strict";

  var box = document.getElementById("recherche");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var field = document.getElementById("recherche-champ");
  var status = document.getElementById("recherche-etat");
  var list = document.getElementById("recherche-resultats");
  var more = document.getElementById("recherche-plus");
  var opener = document.querySelector(".mallette-recherche__ouvrir");
  var form = field.form;

  var PAGE = 10;         // results shown at once
  // ms after a key before searching: short, since the index parts are fetched as the words are
  // typed (preload) and a search overtaken by a newer query is never shown; the wait only lets
  // keys that come together (a paste, a correction) make one search.
  var WAIT = 30;
  // A word of one or two letters (« p », « l'é ») is the start of a word in most cases: looking
  // up every word it begins is the slowest search there is. Searched only after a longer pause.
  var SHORT = 3, SHORT_WAIT = 400;
  var pagefind = null;   // the loaded module (a promise while loading)
  var generation = 0;    // bumped by every new query: older answers are dropped
  var timer = 0;
  var running = false;   // a Pagefind search under way: the next one waits for it, and only the
  var waiting = null;    // latest query waits (typing never queues stale queries)
  var current = null;    // {query, results, shown}
  var returnTo = null;   // where the focus goes back on Échap

  // Where pagefind.js is, resolved from the page (the site may live below a path).
  var bundle = new URL(box.getAttribute("data-pagefind"), document.baseURI);
  var siteRoot = new URL("../", bundle);

  function load() {
    if (!pagefind) {
      box.setAttribute("data-etat", "chargement");
      pagefind = import(bundle.href).then(function (module) {
        return module.options({
          baseUrl: siteRoot.pathname,
          excerptLength: 24,
          // Long guides and reference pages are not pushed down for their length.
          ranking: { pageLength: 0.3 }
        }).then(function () {
          return module.init();
        }).then(function () {
          box.setAttribute("data-etat", "pret");
          return module;
        });
      }).catch(function (error) {
        pagefind = null;
        box.setAttribute("data-etat", "erreur");
        say(location.protocol === "file:"
          ? "La recherche ne fonctionne que sur un site servi par HTTP (pas en ouvrant les fichiers directement)."
          : "La recherche n'a pas pu se charger. Rechargez la page pour réessayer.");
        throw error;
      });
    }
    return pagefind;
  }

  // French: an elided article or pronoun (l', d’, qu'…) is not a word of its own.
  var ELISION = /(^|[^\p{L}])(?:[cdjlmnst]|qu|lorsqu|puisqu|jusqu|quoiqu)['’](?=\p{L})/giu;
  function normalise(query) {
    return query.replace(ELISION, "$1").replace(/\s+/g, " ").trim();
  }

  function say(text) {
    status.textContent = text;
  }

  function count(n) {
    return n === 0 ? "Aucun résultat" : n === 1 ? "1 résultat" : n.toLocaleString("fr-FR") + " résultats";
  }

  // Pagefind's excerpt, with <mark> around the words found, rebuilt from text nodes and <mark>
  // elements only: page content never becomes markup here.
  function excerpt(html) {
    var p = document.createElement("p");
    p.className = "mallette-recherche__extrait";
    var parsed = new DOMParser().parseFromString("<body>" + html, "text/html").body;
    parsed.childNodes.forEach(function (node) {
      if (node.nodeType === 3) {
        p.appendChild(document.createTextNode(node.textContent));
      } else if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    return p;
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    var article = document.createElement("div");
    article.className = "md-search-result__article";
    var title = document.createElement("span");
    title.className = "mallette-recherche__titre";
    title.textContent = (data.meta && data.meta.title) || data.url;
    article.appendChild(title);
    if (data.meta && data.meta.type) {
      var kind = document.createElement("span");
      kind.className = "mallette-recherche__type";
      kind.textContent = data.meta.type;
      article.appendChild(document.createTextNode(" "));
      article.appendChild(kind);
    }
    article.appendChild(excerpt(data.excerpt || ""));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  // Shows the next page of results of the current query (fragments fetched for those only).
  function showMore(mine) {
    var batch = current.results.slice(current.shown, current.shown + PAGE);
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
      if (mine !== generation) return;
      data.forEach(function (d) { list.appendChild(item(d)); });
      current.shown += batch.length;
      more.parentNode.hidden = current.shown >= current.results.length;
      var n = current.results.length;
      say(count(n) + " pour « " + current.query + " »"
        + (n > current.shown ? ", les " + current.shown + " premiers affichés." : "."));
      // Ready markers (tests, benchmark): the results shown are those of this query.
      box.setAttribute("data-requete", current.query);
      box.setAttribute("data-etat", "resultats");
    });
  }

  function search() {
    var mine = ++generation;
    var query = normalise(field.value);
    if (!query) {
      clearTimeout(timer);
      waiting = null;
      current = null;
      list.textContent = "";
      more.parentNode.hidden = true;
      say("Tapez un ou plusieurs mots.");
      box.removeAttribute("data-requete");
      box.setAttribute("data-etat", pagefind ? "pret" : "vide");
      return;
    }
    clearTimeout(timer);
    var words = query.split(" ");
    var short = words[words.length - 1].length < SHORT;
    // The parts of the index for these words are fetched at once, while the reader types on:
    // the search itself then waits only for the pause.
    if (!short) preload(query);
    timer = setTimeout(function () {
      if (mine === generation) run(mine, query);
    }, short ? SHORT_WAIT : WAIT);
  }

  function preload(query) {
    load().then(function (module) {
      return module.preload(query);
    }).catch(function () { /* said by load(); the search will fetch what it needs */ });
  }

  function run(mine, query) {
    if (running) {
      waiting = { mine: mine, query: query };
      return;
    }
    running = true;
    box.setAttribute("data-etat", "recherche");
    load().then(function (module) {
      if (mine !== generation) return null;
      return module.search(query);
    }).then(function (found) {
      if (!found || mine !== generation) return;
      current = { query: field.value.trim(), results: found.results, shown: 0 };
      list.textContent = "";
      return showMore(mine);
    }).catch(function () { /* said by load() */ }).then(function () {
      running = false;
      var next = waiting;
      waiting = null;
      if (next && next.mine === generation) run(next.mine, next.query);
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  // The theme shows the search box open while its `__search` toggle is checked; it listens to
  // the toggle's change event (to stop the page scrolling under the search on small screens).
  function setToggle(on) {
    toggle.checked = on;
    toggle.dispatchEvent(new Event("change"));
  }

  var isOpen = false;

  function open() {
    if (!isOpen) {
      isOpen = true;
      returnTo = document.activeElement !== field ? document.activeElement : null;
      setToggle(true);
      opener && opener.setAttribute("aria-expanded", "true");
    }
    load().catch(function () {});
  }

  // giveBack: the focus goes back where it was before (Échap); not when it has just left.
  function close(giveBack) {
    if (!isOpen) return;
    isOpen = false;
    if (toggle.checked) setToggle(false);
    opener && opener.setAttribute("aria-expanded", "false");
    var back = returnTo;
    returnTo = null;
    if (giveBack === false) return;
    if (back && back !== document.body && document.contains(back) && back.focus) {
      back.focus();
    } else if (opener && getComputedStyle(opener).display !== "none") {
      opener.focus();
    } else {
      field.blur();
    }
  }

  function editable(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if ((e.key === "/" || e.key === "s" || e.key === "S") && !editable(e.target)) {
      e.preventDefault();
      open();
      field.focus();
      field.select();
    }
  });

  box.addEventListener("keydown", function (e) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (e.key === "Escape") {
      e.preventDefault();
      close();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (document.activeElement !== field && at < 0) return;
      e.preventDefault();
      var next = e.key === "ArrowDown" ? at + 1 : at - 1;
      if (next >= all.length) next = all.length - 1;
      if (next < 0) field.focus();
      else all[next].focus();
      if (next >= 0) all[next].scrollIntoView({ block: "nearest" });
    } else if (at >= 0 && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      field.focus();  // typing on a result goes on in the field
    }
  });

  field.addEventListener("focus", open);
  // The focus moved on (Tab, a click elsewhere): the search closes, as the theme's does, and
  // no longer covers the page.
  box.addEventListener("focusout", function (e) {
    if (e.relatedTarget && !box.contains(e.relatedTarget) && e.relatedTarget !== opener) close(false);
  });
  field.addEventListener("input", search);
  form.addEventListener("submit", function (e) {
    e.preventDefault();  // Entrée in the field opens the first result
    var first = links()[0];
    if (first) first.click();
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { search(); field.focus(); }, 0);
  });
  more.addEventListener("click", function () {
    var before = current ? current.shown : 0;
    showMore(generation).then(function () {
      var next = links()[before];
      if (next) next.focus();
    });
  });
  // The theme's overlay and back arrow uncheck the toggle: the search is closed.
  toggle.addEventListener("change", function () {
    if (!toggle.checked) close();
  });
  opener && opener.addEventListener("click", function () {
    open();
    field.focus();
  });
  box.setAttribute("data-etat", "vide");
})();
