/* e-mallette maps: the overview map (carte/carte.html, built by folium, calls malletteCarte.remplir)
   and the small map of each case page (a .mallette-carte[data-lat] block, set up on every page load,
   with Material's instant navigation or without it).

   Contributor text (titles, territory names) only ever reaches the page through textContent,
   title and aria-label: never as HTML. Map tiles are the one outside resource: they load only after
   the reader agrees, and the choice is kept for the visit (sessionStorage). */
(function () {
  "use strict";
  // Material's instant navigation runs the page's scripts again on each page it brings: the first
  // run's document$ subscription already sets up the maps of every later page.
  if (window.malletteCarte) return;

  var ICI = document.currentScript ? document.currentScript.src : "";
  var CLE = "mallette-carte-fond";
  var MAX_ZOOM = 18;
  var ZOOM_CONTOURS = 6; // without tiles, a case-page map shows its point in its country, not a blank town
  var NBSP = "\u00a0";
  var cartes = []; // the maps of this page, to show or hide their tiles together
  var accordSansStockage = false; // when sessionStorage is refused: remembered for this page only
  var leaflet = null;

  // --- small helpers ----------------------------------------------------------------------

  function el(tag, classe, texte) {
    var n = document.createElement(tag);
    if (classe) n.className = classe;
    if (texte != null) n.textContent = texte;
    return n;
  }

  // For the few strings Leaflet only takes as HTML (icon letters, attribution).
  function echapper(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  // Same wording as mallette/render.py, period_fr.
  function periode(debut, fin, precision) {
    if (precision === "au-plus-tard") {
      return fin == null ? "depuis " + debut + " au plus tard" : debut + " au plus tard – " + fin;
    }
    if (precision === "environ") {
      return fin == null ? "depuis " + debut + " environ" : "vers " + debut + " – " + fin;
    }
    if (fin == null) return "depuis " + debut;
    return fin === debut ? String(debut) : debut + "–" + fin;
  }

  function hote(modele) {
    try {
      return new URL(modele.replace("{s}.", "").replace(/\{[^}]*\}/g, "0")).hostname;
    } catch (e) {
      return modele;
    }
  }

  // --- consent to the tile server -----------------------------------------------------------

  function accord() {
    try {
      return window.sessionStorage.getItem(CLE) === "oui";
    } catch (e) {
      return accordSansStockage;
    }
  }

  function memoriser(oui) {
    accordSansStockage = oui;
    try {
      if (oui) window.sessionStorage.setItem(CLE, "oui");
      else window.sessionStorage.removeItem(CLE);
    } catch (e) { /* private browsing: this page only */ }
  }

  function attribution(config) {
    var texte = echapper(config.attribution || "");
    var lien = config.attributionLien || "";
    return /^https:\/\//.test(lien) ? '<a href="' + echapper(lien) + '">' + texte + "</a>" : texte;
  }

  function appliquer(c) {
    if (c.vue) c.vue(accord());
    if (accord()) {
      if (!c.map.hasLayer(c.couche)) c.couche.addTo(c.map);
      c.texte.textContent = "Fond de carte affiché pour cette visite, depuis " + c.hote + ".";
      c.bouton.textContent = "Masquer le fond de carte";
    } else {
      c.map.removeLayer(c.couche);
      c.texte.textContent = "Le fond de carte vient d’un serveur extérieur (" + c.hote + ")" + NBSP +
        ": l’afficher lui transmet votre adresse IP. Sans lui, les cas restent placés sur les contours des pays et des régions.";
      c.bouton.textContent = "Afficher le fond de carte";
    }
  }

  // Adds the consent bar after the map; the tile layer waits for the reader's yes.
  function fond(map, cadre, config, vue) {
    var barre = el("div", "mallette-carte-fond");
    var c = {
      map: map,
      vue: vue,
      couche: L.tileLayer(config.tuiles, { attribution: attribution(config), maxZoom: MAX_ZOOM }),
      texte: el("p", "mallette-carte-fond-texte"),
      bouton: el("button", "mallette-carte-fond-bouton"),
      hote: hote(config.tuiles)
    };
    c.bouton.type = "button";
    c.bouton.addEventListener("click", function () {
      memoriser(!accord());
      cartes.forEach(appliquer);
    });
    barre.appendChild(c.texte);
    barre.appendChild(c.bouton);
    var zone = map.getContainer();
    zone.parentNode.insertBefore(barre, zone.nextSibling);
    cartes.push(c);
    appliquer(c);
  }

  // --- work in slices ------------------------------------------------------------------------
  // Thousands of markers, and outlines of thousands of points, are made in slices of a few
  // milliseconds, the browser breathing in between: the page around the map stays responsive (a
  // phone would otherwise freeze for a second or more at 5,000 cases; Lighthouse counts it as
  // blocking time).
  var TRANCHE_MS = 10;
  var souffler = window.MessageChannel ? (function () {
    var canal = new MessageChannel(), suite = [];
    canal.port1.onmessage = function () { suite.shift()(); };
    return function (f) { suite.push(f); canal.port2.postMessage(null); };
  })() : function (f) { setTimeout(f, 0); };

  function parTranches(liste, faire) {
    return new Promise(function (fini) {
      var out = new Array(liste.length), i = 0;
      (function tranche() {
        var debut = performance.now();
        while (i < liste.length) {
          out[i] = faire(liste[i], i);
          i++;
          if ((i & 63) === 0 && performance.now() - debut > TRANCHE_MS) break;
        }
        if (i < liste.length) souffler(tranche);
        else fini(out);
      })();
    });
  }

  // --- the base map: country and French region outlines (carte/contours.json) -----------------
  // Drawn without consent (the file comes with the site), under the markers, and under the tiles
  // when the reader allows them. See mallette/geo.py for the format.

  var contours = null; // one request per page, shared by its maps

  function chargerContours(url) {
    if (!contours) {
      contours = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      contours.catch(function () { contours = null; });
    }
    return contours;
  }

  // [x0, y0, dx1, dy1, …] in 1/echelle degree -> [[lat, lon], …]
  function anneaux(liste, echelle) {
    return liste.map(function (plat) {
      var x = 0, y = 0, points = [];
      for (var i = 0; i < plat.length; i += 2) {
        x += plat[i];
        y += plat[i + 1];
        points.push([y / echelle, x / echelle]);
      }
      return points;
    });
  }

  // The bounding box of flat rings, as a Leaflet LatLngBounds (cheap: no projection).
  function boite(liste, echelle) {
    var s = 90, n = -90, o = 180, e = -180;
    liste.forEach(function (plat) {
      var x = 0, y = 0;
      for (var i = 0; i < plat.length; i += 2) {
        x += plat[i];
        y += plat[i + 1];
        if (y < s) s = y;
        if (y > n) n = y;
        if (x < o) o = x;
        if (x > e) e = x;
      }
    });
    return L.latLngBounds([s / echelle, o / echelle], [n / echelle, e / echelle]);
  }

  // Only the places in view are projected and drawn (a case-page map shows a few countries, not
  // 240); the others are added when the reader pans or zooms out to them. The work goes in slices
  // (parTranches' budget), so that a phone's page stays responsive while the outlines are drawn.
  // Resolves once the places in the first view are drawn.
  function dessinerContours(map, donnees) {
    var pane = map.getPane("mallette-contours") || map.createPane("mallette-contours");
    pane.style.zIndex = 150; // above the map's background, below the tiles (200) and markers
    pane.style.pointerEvents = "none";
    var rendu = L.canvas({ pane: "mallette-contours", padding: 0.5 });
    var e = donnees.echelle, groupe = L.layerGroup().addTo(map), attente = [];
    var pays = { color: "#8d97a5", weight: 0.8, fillColor: "#fbfaf6", fillOpacity: 1 };
    var region = { color: "#a9b1bc", weight: 0.6, fill: false };
    Object.keys(donnees.pays).forEach(function (code) {
      attente.push({ anneaux: donnees.pays[code], style: pays });
    });
    Object.keys(donnees.regions_fr || {}).forEach(function (code) {
      attente.push({ anneaux: donnees.regions_fr[code].anneaux, style: region });
    });
    var enCours = null, encore = false;
    function ajouter() {
      if (enCours) { // a move during a pass: one more pass after it, with the new view
        encore = true;
        return enCours;
      }
      var vue = map.getBounds().pad(0.5), i = 0, reste = [];
      enCours = new Promise(function (fini) {
        (function tranche() {
          var debut = performance.now();
          while (i < attente.length && performance.now() - debut < TRANCHE_MS) {
            var p = attente[i++];
            if (!p.boite) p.boite = boite(p.anneaux, e);
            if (vue.intersects(p.boite)) {
              groupe.addLayer(L.polygon(anneaux(p.anneaux, e), L.extend({ renderer: rendu, interactive: false, noClip: true }, p.style)));
            } else {
              reste.push(p);
            }
          }
          if (i < attente.length) return souffler(tranche);
          attente = reste;
          enCours = null;
          if (!attente.length) map.off("moveend", ajouter);
          else if (encore) {
            encore = false;
            ajouter();
          }
          fini();
        })();
      });
      return enCours;
    }
    map.on("moveend", ajouter);
    return ajouter();
  }

  // Sets data-contours on the block: "prets" once drawn (tests and printing wait for it).
  function fondContours(map, bloc, url) {
    bloc.setAttribute("data-contours", "chargement");
    return chargerContours(url).then(function (donnees) {
      return dessinerContours(map, donnees);
    }).then(function () {
      bloc.setAttribute("data-contours", "prets");
    }, function () {
      bloc.setAttribute("data-contours", "erreur");
    });
  }

  // Printing lays the page out again at another width: the map follows, its point in the middle.
  function suivreImpression(map, centre) {
    var recaler = function () {
      map.invalidateSize({ animate: false, pan: false });
      if (centre) map.setView(centre(), map.getZoom(), { animate: false });
    };
    window.addEventListener("beforeprint", recaler);
    window.addEventListener("afterprint", recaler);
    if (window.matchMedia) {
      var media = window.matchMedia("print");
      if (media.addEventListener) media.addEventListener("change", recaler);
    }
  }

  // --- controls, markers, popups -----------------------------------------------------------

  function controles(map) {
    map.attributionControl.setPrefix(
      '<a href="https://leafletjs.com" title="Bibliothèque JavaScript de cartes interactives">Leaflet</a>');
    L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
    map.on("popupopen", function (e) {
      var boite = e.popup.getElement();
      var fermer = boite.querySelector(".leaflet-popup-close-button");
      if (fermer) {
        fermer.setAttribute("aria-label", "Fermer");
        fermer.title = "Fermer";
      }
      // The link comes next for keyboard users, instead of after every other marker.
      var lien = boite.querySelector(".mallette-popup a[href]");
      if (lien) lien.focus({ preventScroll: true });
    });
    map.on("popupclose", function (e) {
      var boite = e.popup.getElement();
      var source = e.popup._source;
      if ((boite && boite.contains(document.activeElement)) || document.activeElement === document.body) {
        var icone = source && source.getElement && source.getElement();
        (icone || map.getContainer()).focus({ preventScroll: true });
      }
    });
  }

  var icones = {};

  function icone(niveau, lettre) {
    var cle = niveau + "/" + lettre;
    if (!icones[cle]) {
      icones[cle] = L.divIcon({
        className: "mallette-marqueur mallette-niveau-" + niveau,
        html: '<span aria-hidden="true">' + echapper(lettre) + "</span>",
        iconSize: [24, 24], iconAnchor: [12, 12], popupAnchor: [0, -10]
      });
    }
    return icones[cle];
  }

  // A focusable marker (Leaflet: tabindex=0, role=button, Enter opens the popup) named after its case.
  function nommer() {
    var n = this.getElement();
    if (n && this.options.title) n.setAttribute("aria-label", this.options.title);
  }

  // Without its popup: the overview map binds one popup to its whole cluster group (thousands of
  // popups made up front cost more than the markers themselves).
  // nom: null when it comes later (the overview map's `quand`, called as each marker shows).
  function marqueur(lat, lon, niveau, lettre, nom, quand) {
    var options = { icon: icone(niveau, lettre), keyboard: true, riseOnHover: true };
    if (nom) options.title = nom;
    var m = L.marker([lat, lon], options);
    m.on("add", quand || nommer);
    return m;
  }

  function lienPopup(boite, texte, href, cible) {
    var a = el("a", null, texte);
    a.href = href;
    if (cible) a.target = cible;
    var p = el("p");
    p.appendChild(a);
    boite.appendChild(p);
  }

  var IconeGroupe = null;

  // Cluster icon: its size and count, named in French for screen readers.
  function iconeGroupe(groupe) {
    if (!IconeGroupe) {
      IconeGroupe = L.DivIcon.extend({
        createIcon: function (ancien) {
          var n = L.DivIcon.prototype.createIcon.call(this, ancien);
          n.setAttribute("aria-label", this.options.nom);
          n.title = this.options.nom;
          return n;
        }
      });
    }
    var nombre = groupe.getChildCount();
    var taille = nombre < 10 ? 34 : nombre < 100 ? 40 : 48;
    return new IconeGroupe({
      html: '<span aria-hidden="true">' + nombre + "</span>",
      className: "mallette-groupe",
      iconSize: [taille, taille],
      nom: nombre + " cas regroupés" + NBSP + ": activer pour les afficher"
    });
  }

  // cas.json (see mallette/maps.py, map_data): the territories, each followed by its number of
  // cases, and each case's offset from its territory's point, in columns. The names and periods
  // come by blocks of cases (fiches/<k>.json), fetched when a marker shows or a popup opens: the
  // title of every case would weigh more than all the rest. No object per case while thousands of
  // markers are placed (less garbage to collect on a phone).
  function lecteur(donnees, source) {
    var n = donnees.nombre, echelle = donnees.echelle, col = donnees.colonnes;
    var lieu = new Uint32Array(n), i = 0;
    donnees.territoires.forEach(function (t, k) {
      for (var fin = i + t[4]; i < fin; i++) lieu[i] = k;
    });
    var taille = donnees.fiches.taille, fiches = [], demandes = [];
    function ligne(i) {
      var f = fiches[Math.floor(i / taille)];
      return f ? f[i % taille] : null;
    }
    return {
      nombre: n,
      point: function (i) { // a marker's numbers
        var t = donnees.territoires[lieu[i]], niveau = t[1];
        return { lat: (t[2] + col.dlat[i]) / echelle, lon: (t[3] + col.dlon[i]) / echelle, niveau: niveau,
                 lettre: donnees.niveaux[niveau][1], territoire: t[0] };
      },
      fiche: function (i) { // resolves once the block of case i is here
        var b = Math.floor(i / taille);
        if (!demandes[b]) {
          demandes[b] = fetch(new URL(donnees.fiches.fichiers[b], source))
            .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(r.status)); })
            .then(function (lignes) { fiches[b] = lignes; });
          demandes[b].catch(function () { demandes[b] = null; }); // a later marker or popup tries again
        }
        return demandes[b];
      },
      titre: function (i) {
        var r = ligne(i);
        return r ? r[1] : null;
      },
      cas: function (i) { // everything a popup shows, once its block is here
        var r = ligne(i), t = donnees.territoires[lieu[i]];
        if (!r) return null;
        return {
          id: r[0], titre: r[1], territoire: t[0], niveauNom: donnees.niveaux[t[1]][0],
          debut: r[2], fin: r.length > 3 ? r[3] : null, precision: r[4] || null
        };
      }
    };
  }

  function poserNom(m, nom) {
    m.options.title = nom;
    var n = m.getElement();
    if (n) {
      n.title = nom;
      n.setAttribute("aria-label", nom);
    }
  }

  function popupCas(c, config) {
    return function () {
      var boite = el("div", "mallette-popup");
      boite.appendChild(el("p", "mallette-popup-titre", c.titre));
      boite.appendChild(el("p", null, c.territoire + " (" + c.niveauNom + ")"));
      boite.appendChild(el("p", null, periode(c.debut, c.fin, c.precision)));
      lienPopup(boite, "Lire le cas", config.cas + encodeURIComponent(c.id) + "/", "_top");
      return boite;
    };
  }

  // --- the overview map (carte/carte.html) ---------------------------------------------------

  // markercluster's own slicing (chunkedLoading), which reports its progress; its last slice
  // draws the clusters, after which the markers are all on the map. It slices only a group already
  // on its map (otherwise the markers wait, unclustered, for the group to be added).
  function ajouterParTranches(map, groupe, marqueurs) {
    return new Promise(function (fini) {
      if (!map.hasLayer(groupe)) {
        groupe.addLayers(marqueurs);
        return fini(marqueurs);
      }
      groupe.options.chunkedLoading = true;
      groupe.options.chunkInterval = TRANCHE_MS;
      groupe.options.chunkDelay = 0;
      groupe.options.chunkProgress = function (fait, total) {
        if (fait === total) setTimeout(function () { fini(marqueurs); }, 0);
      };
      groupe.addLayers(marqueurs);
    });
  }

  function remplir(map, groupe, config) {
    var zone = map.getContainer();
    var cadre = zone.closest(".mallette-carte") || zone.parentNode;
    cadre.setAttribute("data-etat", "chargement");
    controles(map);
    fond(map, cadre, config);
    // Enter on a focused cluster does what a click does: zoom in, or spread the markers out.
    groupe.on("clusterkeypress", function (e) {
      if (e.originalEvent && e.originalEvent.keyCode === 13) groupe._zoomOrSpiderfy(e);
    });
    // The outlines are fetched and drawn after the cases (the markers are what the reader waits for).
    return fetch(config.donnees)
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      })
      .then(function (donnees) {
        var lire = lecteur(donnees, new URL(config.donnees, location.href));
        // A marker is named when it shows (its block of names fetched then): meanwhile by its place.
        var attente = [];
        var nommerCas = function () {
          var m = this;
          if (m.options.title) return nommer.call(m);
          if (lire.titre(m.ligne)) return poserNom(m, lire.titre(m.ligne)); // its block came with another marker
          var n = m.getElement();
          if (n) n.setAttribute("aria-label", "Un cas, " + lire.point(m.ligne).territoire);
          var nomme = lire.fiche(m.ligne).then(function () { poserNom(m, lire.titre(m.ligne)); }, function () {});
          if (attente) attente.push(nomme);
        };
        // One popup for every marker: the group opens it on the marker clicked (or Enter on it).
        groupe.bindPopup(function (m) {
          var c = lire.cas(m.ligne);
          if (c) return popupCas(c, config)();
          var boite = el("div", "mallette-popup");
          boite.appendChild(el("p", null, "Chargement du cas…"));
          lire.fiche(m.ligne).then(function () {
            var plein = popupCas(lire.cas(m.ligne), config)();
            boite.replaceChildren.apply(boite, Array.prototype.slice.call(plein.childNodes));
            if (groupe.getPopup()) groupe.getPopup().update();
            var lien = boite.querySelector("a[href]");
            if (lien && boite.isConnected) lien.focus({ preventScroll: true });
          }, function () {
            boite.replaceChildren(el("p", null, "Ce cas n’a pas pu être chargé. La liste des cas reste disponible."));
          });
          return boite;
        }, { maxWidth: 300, autoPanPadding: [24, 24] });
        return parTranches(new Array(lire.nombre), function (_, i) {
          var c = lire.point(i), m = marqueur(c.lat, c.lon, c.niveau, c.lettre, null, nommerCas);
          m.ligne = i;
          return m;
        }).then(function (marqueurs) {
          return ajouterParTranches(map, groupe, marqueurs);
        }).then(function (marqueurs) {
          // Ready once the markers shown at first are named.
          return Promise.all(attente).then(function () {
            attente = null;
            return marqueurs;
          });
        });
      })
      .then(function (marqueurs) {
        cadre.setAttribute("data-cas", String(marqueurs.length));
        cadre.setAttribute("data-etat", "prete");
        // The outlines once the clusters are painted: they must not hold the markers back.
        if (config.contours) {
          var plusTard = window.requestIdleCallback || function (f) { setTimeout(f, 0); };
          requestAnimationFrame(function () {
            plusTard(function () { fondContours(map, cadre, config.contours); }, { timeout: 500 });
          });
        }
        suivreImpression(map, null);
      })
      .catch(function () {
        var erreur = el("p", "mallette-carte-erreur",
          "Les cas n’ont pas pu être chargés sur la carte. La liste des cas et de leurs territoires reste disponible.");
        erreur.setAttribute("role", "alert");
        zone.parentNode.insertBefore(erreur, zone);
        cadre.setAttribute("data-etat", "erreur");
      });
  }

  // --- the case-page map ----------------------------------------------------------------------

  function chargerLeaflet() {
    if (window.L && window.L.map) return Promise.resolve();
    if (!leaflet) {
      var charger = function (n) {
        return new Promise(function (ok, ko) {
          n.onload = ok;
          n.onerror = ko;
          document.head.appendChild(n);
        });
      };
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = new URL("../vendor/leaflet/leaflet.css", ICI).href;
      var js = document.createElement("script");
      js.src = new URL("../vendor/leaflet/leaflet.js", ICI).href;
      leaflet = Promise.all([charger(css), charger(js)]).catch(function (e) {
        leaflet = null;
        throw e;
      });
    }
    return leaflet;
  }

  function titrePage(racine) {
    var h = racine.querySelector("h1");
    if (!h) return document.title;
    var copie = h.cloneNode(true);
    Array.prototype.forEach.call(copie.querySelectorAll(".headerlink"), function (n) { n.remove(); });
    return copie.textContent.trim();
  }

  function carteCas(bloc) {
    var d = bloc.dataset;
    var lat = parseFloat(d.lat), lon = parseFloat(d.lon), niveau = parseInt(d.niveau, 10);
    var zoom = parseInt(d.zoom, 10);
    if (!isFinite(lat) || !isFinite(lon) || !(niveau >= 0) || !(zoom >= 0)) return;
    bloc.setAttribute("data-etat", "chargement");
    var zone = el("div", "mallette-carte-zone");
    bloc.appendChild(zone);
    var map = L.map(zone, {
      center: [lat, lon], zoom: accord() ? zoom : Math.min(zoom, ZOOM_CONTOURS), minZoom: 2, maxZoom: MAX_ZOOM,
      zoomControl: false,
      scrollWheelZoom: false // the page scrolls over the map; the buttons and keys zoom
    });
    controles(map);
    var racine = bloc.closest("article") || document;
    var nom = titrePage(racine);
    var legende = racine.querySelector(".mallette-carte-legende");
    var tous = legende && legende.querySelector("a[href]");
    marqueur(lat, lon, niveau, d.lettre || "", nom).bindPopup(function () {
      var boite = el("div", "mallette-popup");
      boite.appendChild(el("p", "mallette-popup-titre", nom));
      var lieu = legende && legende.querySelector("strong");
      if (lieu) boite.appendChild(el("p", null, lieu.textContent + " (" + (d.niveauNom || "") + ")"));
      if (tous) lienPopup(boite, tous.textContent, tous.href);
      return boite;
    }, { maxWidth: Math.max(150, Math.min(300, zone.clientWidth - 80)), autoPanPadding: [24, 24] }) // fits a narrow screen
      .addTo(map);
    // The territory's own zoom with the tiles; without them, its place in the country.
    var vueAvant = null;
    fond(map, bloc, { tuiles: d.tuiles, attribution: d.attribution, attributionLien: d.attributionLien },
      function (tuiles) {
        if (tuiles === vueAvant) return;
        if (vueAvant !== null) map.setView([lat, lon], tuiles ? zoom : Math.min(zoom, ZOOM_CONTOURS), { animate: false });
        vueAvant = tuiles;
      });
    fondContours(map, bloc, new URL("../../carte/contours.json", ICI).href);
    suivreImpression(map, function () { return [lat, lon]; });
    bloc.setAttribute("data-etat", "prete");
  }

  function initPage() {
    cartes = cartes.filter(function (c) { return document.body.contains(c.map.getContainer()); });
    var blocs = document.querySelectorAll(".mallette-carte[data-lat]:not([data-etat])");
    if (!blocs.length) return;
    chargerLeaflet().then(function () {
      Array.prototype.forEach.call(blocs, function (b) {
        if (!b.getAttribute("data-etat") && document.body.contains(b)) carteCas(b);
      });
    }, function () {
      Array.prototype.forEach.call(blocs, function (b) { b.setAttribute("data-etat", "erreur"); });
    });
  }

  window.malletteCarte = { remplir: remplir, iconeGroupe: iconeGroupe, initPage: initPage };

  // Material's document$ emits on every page load, instant navigation included.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(initPage);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initPage);
  } else {
    initPage();
  }
})();
