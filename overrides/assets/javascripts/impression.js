/* e-mallette handouts: what a printed page needs that the screen does not.

   - The site's name and the page's full address in the margins of every printed page
     (mallette.css, @page): CSS reads them from two custom properties set here on the root,
     from <meta name="mallette-site"> and <meta name="mallette-adresse-site"> (site_url in
     mkdocs.yml; without it, the page's path only).
   - The addresses of external links, printed once each as numbered notes at the end of the
     page: the links get data-note="n" (printed after them as [n]); the notes are hidden on screen.
   - The end of the page (« Citer cette page » and what comes just before) in one box that printing does
     not split, so that no last page holds it alone: Chromium does not honour break-before: avoid
     through a chain of siblings, but keeps a box whole.
   Runs on every page load, Material's instant navigation included. */
(function () {
  "use strict";

  function meta(nom) {
    var m = document.querySelector('meta[name="' + nom + '"]');
    return m ? m.getAttribute("content") || "" : "";
  }

  function chaineCss(s) {
    return '"' + String(s).replace(/[\\"]/g, "\\$&").replace(/[\n\r\f]/g, " ") + '"';
  }

  // The page's path from the site's root, which Material's configuration gives as a relative "base".
  function chemin() {
    var racine = "/";
    var config = document.getElementById("__config");
    try {
      var base = config ? JSON.parse(config.textContent).base : null;
      if (base) racine = new URL(base.replace(/\/?$/, "/"), location.href).pathname;
    } catch (e) { /* keep "/" */ }
    var ici = location.pathname;
    return ici.indexOf(racine) === 0 ? ici.slice(racine.length) : ici.replace(/^\//, "");
  }

  function marges() {
    var site = meta("mallette-adresse-site");
    var adresse = site ? site.replace(/\/?$/, "/") + chemin() : "/" + chemin();
    var racine = document.documentElement.style;
    racine.setProperty("--mallette-site", chaineCss(meta("mallette-site")));
    racine.setProperty("--mallette-adresse", chaineCss(adresse));
  }

  function externe(a) {
    return /^https?:$/.test(a.protocol) && a.host !== location.host;
  }

  // « Citer cette page », what follows it and the two blocks before it (with their heading) in a
  // .mallette-fin box: a plain block, invisible on screen (margins collapse through it).
  function fin(article) {
    var existant = article.querySelector(":scope > .mallette-fin");
    if (existant) return existant;
    var blocs = Array.prototype.filter.call(article.children, function (n) {
      return !/^(H1|SCRIPT|STYLE)$/.test(n.tagName) && !n.classList.contains("mallette-notes");
    });
    var titres = article.querySelectorAll(":scope > h2[id^='citer']");
    var citer = titres[titres.length - 1]; // a guide may have its own « Citer la e-mallette » before
    if (!citer || blocs.indexOf(citer) < 3) return null;
    var depuis = blocs.indexOf(citer) - 2;
    if (/^H[2-6]$/.test(blocs[depuis - 1].tagName)) depuis -= 1; // never a heading left behind
    var boite = document.createElement("div");
    boite.className = "mallette-fin";
    article.insertBefore(boite, blocs[depuis]);
    blocs.slice(depuis).forEach(function (n) { boite.appendChild(n); });
    return boite;
  }

  function notes(article) {
    if (article.querySelector(".mallette-notes")) return;
    var numeros = {}, liste = [];
    Array.prototype.forEach.call(article.querySelectorAll("a[href]"), function (a) {
      if (!externe(a) || a.closest(".mallette-carte, .leaflet-container")) return;
      var href = a.href;
      if (!numeros[href]) {
        liste.push(href);
        numeros[href] = String(liste.length);
      }
      a.setAttribute("data-note", numeros[href]);
    });
    if (!liste.length) return;
    var section = document.createElement("section");
    section.className = "mallette-notes";
    var titre = document.createElement("p");
    titre.className = "mallette-notes-titre";
    titre.textContent = "Adresses des liens";
    var ol = document.createElement("ol");
    liste.forEach(function (href) {
      var li = document.createElement("li");
      li.textContent = href;
      ol.appendChild(li);
    });
    section.appendChild(titre);
    section.appendChild(ol);
    (article.querySelector(":scope > .mallette-fin") || article).appendChild(section);
  }

  function initPage() {
    marges();
    var article = document.querySelector(".md-content article");
    if (!article) return;
    fin(article);
    notes(article);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(initPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initPage);
  } else {
    initPage();
  }
})();
