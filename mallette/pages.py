"""The generated pages of the site: (source path, Markdown or HTML article, content file behind it)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from .autodiag import AUTODIAG_PAGE, autodiag_context
from .completeness import of_case
from .cooccurrence import cooccurrence, heatmap
from .chronology import CHRONO_PAGE, filters as chrono_filters, timeline
from .compare import COMPARE_PAGE, compare_context
from .export import CSV_PATH, GEOJSON_PATH, JSON_PATH, LICENCE, schema_list
from .feed import FEED_PATH, FEED_SIZE, Updates
from .glance import glance_context
from .headings import AnchoredPage, anchor_headings
from .labels import LEGAL_KINDS, RESOURCE_KINDS, TAXONOMY_KINDS
from .maps import MapSettings, case_map, levels_with_cases, outlines_source, places_summary
from .explore import EXPLORER_PAGE, explorer_context, matrix_pages
from .model import KnowledgeBase
from .paging import PAGE_SIZE, paginate
from .refs import URL_DIR, page_url, site_path
from .render import Renderer, guide_markdown
from .shortcodes import KEYS, segments
from .similar import close_cases

TERM_INDEX = {
    "condition": ("Conditions de réussite",
                  "Les conditions qui rendent la co-construction possible et féconde, tirées de la recherche-action. "
                  "Chaque page dit ce que la condition recouvre, pourquoi elle compte, comment agir, et ce que montrent les cas."),
    "stage": ("Étapes de la co-construction",
              "Du diagnostic partagé à l'évaluation commune : les étapes d'un processus de co-construction, "
              "et les lieux et outils qui les accueillent dans les cas."),
    "mode": ("Modes de participation",
             "De la consultation à la co-gestion : les degrés de participation à l'action publique, "
             "et la place qu'y occupe la co-construction."),
    "sector": ("Secteurs de politique publique",
               "Les champs de politique publique dans lesquels les cas ont lieu."),
}


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # Markdown path inside the site, e.g. cas/x.md (its URL: cas/x/)
    markdown: str  # "" for a page written straight in HTML
    source: str  # content file to edit, relative to the project root ("" for indexes)
    # Pages written straight in HTML (templates *.html.j2): the article, its table of contents,
    # title and ids; the engine must not run a Markdown parser on them.
    article: AnchoredPage | None = None

    @property
    def text(self) -> str:
        """What the page says: its Markdown, or its article's HTML."""
        return self.article.html if self.article else self.markdown

    def outline(self) -> GeneratedPage:
        """The page without its text, once written to a file: what an engine needs besides the
        file (its source, table of contents, title, ids), without a second copy of every page."""
        return replace(self, markdown="", article=replace(self.article, html="") if self.article else None)


def page_of(entry) -> str:
    return f"{URL_DIR[entry.kind]}/{entry.id}.md"


def build_pages(kb: KnowledgeBase, renderer: Renderer | None = None, *, site_url: str = "",
                updates: Updates | None = None, map_settings: MapSettings | None = None) -> list[GeneratedPage]:
    """Every generated page, in a list (see iter_pages)."""
    return list(iter_pages(kb, renderer, site_url=site_url, updates=updates, map_settings=map_settings))


def iter_pages(kb: KnowledgeBase, renderer: Renderer | None = None, *, site_url: str = "",
               updates: Updates | None = None, map_settings: MapSettings | None = None,
               memo=None) -> Iterator[GeneratedPage]:
    """Every generated page, one at a time: a writer that consumes them as they come never holds
    the whole site's text (about a gigabyte at 20,000 cases).
    updates: when each entry last changed (default: no git lookup, SOURCE_DATE_EPOCH only).
    map_settings: the tile server of the maps (default: OpenStreetMap).
    memo: `make serve` only, a mallette.page_memo.PageMemo: the HTML pages whose inputs did not
    change since the previous rebuild are taken from it instead of rendered again."""
    r = renderer or Renderer()
    updates = updates or Updates.without_git()
    map_settings = map_settings or MapSettings()
    # entries.<kind>[id]: the templates look entries up by key (kb.get is a slower call in Jinja).
    common = {"kb": kb, "entries": kb.entries, "page_of": page_of}

    def add(template: str, src: str, source: str = "", **ctx) -> GeneratedPage:
        if memo is None or not template.endswith(".html.j2"):
            return generated(r, template, src, source, **common, **ctx)
        key = memo.key(template, src, source, ctx)  # everything the page shows (mallette/page_memo.py)
        page = memo.get(key)
        return page if page is not None else memo.put(key, generated(r, template, src, source, **common, **ctx))

    stage_order = {s.id: i for i, s in enumerate(kb.all("stage"))}
    # « Cas proches »: every case at once (`make serve`: again only when conditions, sectors or modes changed).
    close = memo.close_cases(kb.cases, close_cases) if memo is not None else close_cases(kb.cases)
    conditions, sectors = kb.entries.get("condition", {}), kb.entries.get("sector", {})

    def close_to(case) -> list[tuple]:
        # (close case, shared conditions, shared sectors) with entries rather than ids: the
        # template names them without a lookup per name (four close cases per page).
        return [(p, [conditions[c] for c in p.conditions], [sectors[s] for s in p.sectors]) for p in close[case.id]]

    def case_page(case) -> GeneratedPage:
        stages = sorted(case.get("stages", []), key=lambda s: stage_order.get(s["stage"], 0))
        return add("case.html.j2", page_of(case), case.path, case=case, stages=stages, related=kb.related(case),
            updated=updates.of(case), cite_url=_cite_url("case", case.id, site_url), close=close_to(case),
            carte=case_map(case, map_settings), completeness=of_case(case))

    if memo is not None:
        memo.start(kb, site_url, repr(map_settings))
    yield from (case_page(case) for case in kb.cases)
    for pager in paginate(kb.cases, "cas/index.md"):
        yield add("cases-index.html.j2", pager.src_uri, pager=pager)
    yield add("explorer.md.j2", EXPLORER_PAGE, **explorer_context(kb))
    for ctx in matrix_pages(kb):
        yield add("matrice.md.j2", ctx["pager"].src_uri, **ctx)
    # Workshop tools (issue 19).
    yield add("atelier.md.j2", "atelier/index.md",
        trainer_guides=[g for g in kb.all("guide") if "formateurs" in g.get("audiences", [])][:3])
    yield add("autodiagnostic.md.j2", AUTODIAG_PAGE, **autodiag_context(kb))
    yield add("comparer.md.j2", COMPARE_PAGE, **compare_context(kb))
    chrono = timeline(kb)
    yield add("chronologie.md.j2", CHRONO_PAGE, t=chrono, filters=chrono_filters(kb, chrono["cases"] if chrono else []))
    yield add("carte.md.j2", "carte/index.md", count=len(kb.cases), levels=levels_with_cases(kb),
        places=places_summary(kb), tile_host=map_settings.host)

    co = cooccurrence(kb)  # conditions that go together: the /conditions/ heat map, « Souvent associée à »
    for kind, (title, intro) in TERM_INDEX.items():
        terms = kb.all(kind)
        for term in terms:
            uses, anchor = [], ""
            if kind == "condition":
                uses, anchor = kb.evidence(term.id), f"condition-{term.id}"
            elif kind == "stage":
                uses, anchor = kb.stage_uses(term.id), "etapes"
            # Quotes (conditions, stages) or lines naming the cases, a page at a time.
            cases = kb.citing(kind, term.id, "case")
            for pager in paginate(uses or cases, page_of(term)):
                yield add("term.html.j2", pager.src_uri, term.path if pager.number == 1 else "", term=term, kind=kind,
                    kind_label=TAXONOMY_KINDS[kind], quotes=bool(uses), anchor=anchor, pager=pager,
                    explorer=explorer_query(kind, term.id),
                    associated=co.associated(term.id) if kind == "condition" and pager.number == 1 else [])
        counts = {t.id: len(kb.citing(kind, t.id, "case")) for t in terms}
        with_co = kind == "condition" and len(terms) > 1
        yield add("terms-index.html.j2", f"{URL_DIR[kind]}/index.md", title=title, intro=intro, terms=terms, counts=counts,
            co_map=heatmap(co) if with_co else None, co_pairs=co.pairs() if with_co else [])

    texts = sorted(kb.all("legal"), key=lambda t: (t.get("date") or "9999", t.id))
    based = {}  # text id -> (cases citing it as their basis, cases citing it as later or related context)
    for text in texts:
        citing = kb.citing("legal", text.id, "case")
        based[text.id] = ([c for c in citing if text.id in c.get("legal_basis", ())],
                          [c for c in citing if text.id in c.get("legal_context", ())])
    for text in texts:
        related = list(text.get("related", []))
        related += [e.id for e in kb.citing("legal", text.id, "legal") if e.id not in related]
        cases, context_cases = based[text.id]
        for pager in paginate(cases, page_of(text)):
            # Texts that only frame a case (legal_context) are listed once, on the first page.
            context = context_cases[:PAGE_SIZE] if pager.number == 1 else []
            yield add("legal.html.j2", pager.src_uri, text.path if pager.number == 1 else "", text=text,
                kind_label=LEGAL_KINDS[text["kind"]], jurisdiction=_jurisdiction(text["jurisdiction"]),
                related=[kb.get("legal", i) for i in related], pager=pager, explorer=explorer_query("legal", text.id),
                context_cases=context, context_total=len(context_cases) if pager.number == 1 else 0)
    yield add("legal-index.html.j2", "textes/index.md", texts=texts, kinds=LEGAL_KINDS,
        counts={t.id: len(based[t.id][0]) for t in texts})

    resources = kb.all("resource")
    for res in resources:
        citing = []
        for by, label in (("guide", "Guides"), ("legal", "Textes juridiques"),
                          ("condition", "Conditions"), ("stage", "Étapes"), ("mode", "Modes"),
                          ("resource", "Ressources")):
            found = kb.citing("resource", res.id, by)
            if found:
                citing.append((label, found))
        # The cases citing it (as many as the corpus holds): a list of its own, by pages.
        for pager in paginate(kb.citing("resource", res.id, "case"), page_of(res)):
            yield add("resource.html.j2", pager.src_uri, res.path if pager.number == 1 else "", res=res,
                kind_label=RESOURCE_KINDS[res["kind"]], citing=citing, pager=pager)
    yield add("resources-index.html.j2", "ressources/index.md", resources=resources, kinds=RESOURCE_KINDS)

    guides = kb.all("guide")
    for g in guides:
        # A guide may have its own "{#citer}" section: the page's citation block then takes another anchor.
        # Shortcode lines ({{ cas condition="…" }}) become lists of cases, rendered by the template.
        body = [(kind, guide_markdown(part) if kind == "md" else part) for kind, part in segments(g.body, kb)]
        yield add("guide.md.j2", page_of(g), g.path, guide=g, body=body,
            updated=updates.of(g), cite_url=_cite_url("guide", g.id, site_url),
            cite_anchor="citer-cette-page" if "{#citer}" in g.body else "citer")
    yield add("guides-index.md.j2", "guides/index.md", guides=guides)

    if kb.glossary:
        yield add("glossary.md.j2", "glossaire.md", terms=kb.glossary)

    yield add("donnees.md.j2", "donnees/index.md", count=len(kb.cases), licence=LICENCE, schemas=schema_list(),
        files={"json": JSON_PATH, "csv": CSV_PATH, "geojson": GEOJSON_PATH, "atom": FEED_PATH},
        feed_size=FEED_SIZE, address=site_path("donnees/", site_url) if site_url else "/donnees/",
        latest=max(filter(None, (updates.of(c) for c in kb.cases)), default=None),
        outlines=outlines_source())
    if memo is not None:
        memo.finish()


def generated(r: Renderer, template: str, src: str, source: str, **ctx) -> GeneratedPage:
    """One page from its template: Markdown (*.md.j2), or an article in HTML (*.html.j2) whose
    headings get their ids, permalinks and table of contents here."""
    text = r.render(template, src, **ctx)
    if template.endswith(".html.j2"):
        return GeneratedPage(src, "", source, anchor_headings(text))
    return GeneratedPage(src, text, source)


# The explorer's URL parameter for each kind of entry a case cites (the guides' shortcode keys).
EXPLORER_PARAM = {kind: key for key, kind in KEYS.items()}


def explorer_query(kind: str, ident: str) -> Markup:
    """'?condition=volonte-politique': the explorer filtered to the cases citing an entry
    (a validated id: written as is in an href)."""
    return Markup(escape(f"?{EXPLORER_PARAM[kind]}={ident}")) if kind in EXPLORER_PARAM else Markup("")


def home_block(kb: KnowledgeBase, renderer: Renderer | None = None, *, updates: Updates | None = None) -> str:
    """The home page's « En un coup d'œil » block (Markdown for content/pages/index.md, see
    mallette.glance.with_block)."""
    r = renderer or Renderer()
    return r.render("accueil.md.j2", "index.md", kb=kb, entries=kb.entries, page_of=page_of,
                    **glance_context(kb, updates or Updates.without_git()))


def _cite_url(kind: str, ident: str, site_url: str) -> str:
    """The address in « Citer cette page »: absolute with site_url, else the path from the site root."""
    return page_url(kind, ident, site_url) if site_url else "/" + page_url(kind, ident)


def _jurisdiction(code: str) -> str:
    from .render import country_fr

    return "Union européenne" if code == "EU" else country_fr(code)
