"""Synthetic corpora for `make bench`: N cases valid against schema/case.schema.json.

The project copy is the real content/ (taxonomy, legal texts, resources, guides, pages) with the
eight real cases kept — the guides link to them — and N minus eight generated cases beside them,
so that the corpus holds exactly N cases. Generation is deterministic for a given seed.

Used by scripts/bench.py; nothing here touches the repository.
"""
from __future__ import annotations

import os
import random
import re
import shutil
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import yaml

from mallette.geo import placement

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

# --- word lists ---------------------------------------------------------------------------

# (name, level, country, lat, lon): the point of each case is jittered around these.
TERRITORIES = [
    ("Lille", "commune", "FR", 50.6292, 3.0573), ("Métropole européenne de Lille", "intercommunalite", "FR", 50.63, 3.06),
    ("Amiens", "commune", "FR", 49.8941, 2.2958), ("Rouen", "commune", "FR", 49.4432, 1.0999),
    ("Caen", "commune", "FR", 49.1829, -0.3707), ("Rennes", "commune", "FR", 48.1173, -1.6778),
    ("Brest", "commune", "FR", 48.3904, -4.4861), ("Nantes", "commune", "FR", 47.2184, -1.5536),
    ("Angers", "commune", "FR", 47.4784, -0.5632), ("Tours", "commune", "FR", 47.3941, 0.6848),
    ("Orléans", "commune", "FR", 47.9030, 1.9093), ("Paris", "commune", "FR", 48.8566, 2.3522),
    ("Seine-Saint-Denis", "departement", "FR", 48.9137, 2.4846), ("Reims", "commune", "FR", 49.2583, 4.0317),
    ("Metz", "commune", "FR", 49.1193, 6.1757), ("Nancy", "commune", "FR", 48.6921, 6.1844),
    ("Strasbourg", "commune", "FR", 48.5734, 7.7521), ("Besançon", "commune", "FR", 47.2378, 6.0241),
    ("Dijon", "commune", "FR", 47.3220, 5.0415), ("Lyon", "commune", "FR", 45.7640, 4.8357),
    ("Métropole de Lyon", "intercommunalite", "FR", 45.76, 4.84), ("Grenoble", "commune", "FR", 45.1885, 5.7245),
    ("Saint-Étienne", "commune", "FR", 45.4397, 4.3872), ("Clermont-Ferrand", "commune", "FR", 45.7772, 3.0870),
    ("Limoges", "commune", "FR", 45.8336, 1.2611), ("Poitiers", "commune", "FR", 46.5802, 0.3404),
    ("La Rochelle", "commune", "FR", 46.1603, -1.1511), ("Bordeaux", "commune", "FR", 44.8378, -0.5792),
    ("Gironde", "departement", "FR", 44.85, -0.58), ("Pau", "commune", "FR", 43.2951, -0.3708),
    ("Toulouse", "commune", "FR", 43.6047, 1.4442), ("Montpellier", "commune", "FR", 43.6108, 3.8767),
    ("Nîmes", "commune", "FR", 43.8367, 4.3601), ("Marseille", "commune", "FR", 43.2965, 5.3698),
    ("Nice", "commune", "FR", 43.7102, 7.2620), ("Ajaccio", "commune", "FR", 41.9192, 8.7386),
    ("Perpignan", "commune", "FR", 42.6887, 2.8948), ("Bretagne", "region", "FR", 48.2020, -2.9326),
    ("Occitanie", "region", "FR", 43.8927, 3.2828), ("Hauts-de-France", "region", "FR", 50.4801, 2.7937),
    ("Grand Est", "region", "FR", 48.6998, 6.1878), ("Auvergne-Rhône-Alpes", "region", "FR", 45.4473, 4.3859),
    ("Pays de la Loire", "region", "FR", 47.7633, -0.3299), ("Drôme", "departement", "FR", 44.7297, 5.2),
    ("Ardèche", "departement", "FR", 44.7, 4.4), ("Finistère", "departement", "FR", 48.2, -4.0),
    ("Pays basque", "intercommunalite", "FR", 43.3, -1.3), ("France", "national", "FR", 46.6, 2.4),
    ("Brescia", "commune", "IT", 45.5416, 10.2118), ("Bologne", "commune", "IT", 44.4949, 11.3426),
    ("Turin", "commune", "IT", 45.0703, 7.6869), ("Naples", "commune", "IT", 40.8518, 14.2681),
    ("Barcelone", "commune", "ES", 41.3874, 2.1686), ("Bilbao", "commune", "ES", 43.2630, -2.9350),
    ("Séville", "commune", "ES", 37.3891, -5.9845), ("Lisbonne", "commune", "PT", 38.7223, -9.1393),
    ("Porto", "commune", "PT", 41.1579, -8.6291), ("Bruxelles", "region", "BE", 50.8503, 4.3517),
    ("Liège", "commune", "BE", 50.6326, 5.5797), ("Genève", "commune", "CH", 46.2044, 6.1432),
    ("Lausanne", "commune", "CH", 46.5197, 6.6323), ("Luxembourg", "commune", "LU", 49.6116, 6.1319),
    ("Fribourg-en-Brisgau", "commune", "DE", 47.9990, 7.8421), ("Berlin", "commune", "DE", 52.5200, 13.4050),
    ("Gand", "commune", "BE", 51.0543, 3.7174), ("Amsterdam", "commune", "NL", 52.3676, 4.9041),
    ("Union européenne", "europeen", "BE", 50.8427, 4.3826),
]

DEVICES = [
    "Conseil local de l'ESS", "Comité de pilotage partagé", "Assises de l'économie solidaire",
    "Pacte pour la transition", "Fabrique citoyenne", "Projet alimentaire territorial",
    "Forum des associations", "Schéma des achats responsables", "Atelier de co-construction",
    "Conférence permanente des acteurs", "Table de quartier", "Budget participatif",
    "Contrat de filière", "Charte des engagements réciproques", "Groupes de travail thématiques",
    "Pôle territorial de coopération économique", "Observatoire partagé de la vie associative",
    "Fonds d'amorçage solidaire", "Agence de la participation citoyenne", "Appel à initiatives citoyennes",
    "Plan local de développement de l'ESS", "Livre blanc de l'ESS", "Maison des associations",
    "Réseau des tiers-lieux", "Convention pluriannuelle d'objectifs", "Stratégie régionale de l'ESS",
]

# (subject, plural?) and (singular, plural) verb forms: the sentences agree.
SUBJECTS = [
    ("La collectivité", False), ("Le réseau des acteurs de l'ESS", False), ("Les élues et élus", True),
    ("La CRESS", False), ("Un collectif d'habitants", False), ("Les services techniques", True),
    ("Le comité de pilotage", False), ("Les associations du territoire", True), ("La chargée de mission", False),
    ("Les partenaires", True), ("L'intercommunalité", False), ("La direction de la vie associative", False),
    ("Un groupe d'entreprises solidaires", False), ("Le conseil de développement", False), ("La Région", False),
    ("Le département", False), ("Les coopératives locales", True), ("Le tiers facilitateur", False),
    ("Les agents de la ville", True), ("Une équipe de chercheurs", False),
]
VERBS = [
    ("organise", "organisent"), ("anime", "animent"), ("co-construit", "co-construisent"), ("évalue", "évaluent"),
    ("prépare", "préparent"), ("finance", "financent"), ("accompagne", "accompagnent"), ("soutient", "soutiennent"),
    ("formalise", "formalisent"), ("partage", "partagent"), ("documente", "documentent"), ("réunit", "réunissent"),
    ("rédige", "rédigent"), ("propose", "proposent"), ("met en œuvre", "mettent en œuvre"), ("suit", "suivent"),
    ("ajuste", "ajustent"), ("présente", "présentent"), ("discute", "discutent"), ("valide", "valident"),
]
OBJECTS = [
    "un diagnostic partagé des besoins", "des ateliers thématiques ouverts à tous", "une charte des engagements réciproques",
    "le suivi des actions engagées", "un plan d'action pluriannuel", "les critères d'attribution des subventions",
    "une cartographie des initiatives solidaires", "un calendrier de rencontres régulières", "les règles du jeu de la démarche",
    "une formation commune des agents et des bénévoles", "un fonds dédié aux projets collectifs", "les priorités du mandat",
    "un bilan annuel des réalisations", "des groupes de travail par filière", "la feuille de route de la politique locale",
    "un appel à projets réservé aux structures de l'ESS", "une instance de dialogue permanente", "les indicateurs d'évaluation",
    "un lieu ressource pour les porteurs de projets", "des clauses sociales dans les marchés publics",
]
COMPLEMENTS = [
    "chaque trimestre", "depuis le lancement de la démarche", "avec l'appui d'un tiers facilitateur",
    "dans les quartiers prioritaires", "en lien avec la Région", "à l'échelle du bassin de vie",
    "avec des moyens humains dédiés", "sur la durée du mandat", "au terme d'une longue concertation",
    "malgré des moyens limités", "en associant les habitants", "avec le soutien de l'État",
    "dans un climat de confiance", "à partir des travaux de la recherche-action", "au fil des plénières annuelles",
]
PURPOSES = ["afin de", "pour mieux", "ce qui permet de", "avant de", "dans le but de"]
FOLLOW_VERBS = ["suivre", "partager", "évaluer", "ajuster", "documenter", "présenter", "financer", "animer"]
OPENERS = [
    "Depuis {year},", "Dès {year},", "En {year},", "Au départ,", "Très vite,", "Au fil des années,",
    "Selon les participants,", "D'après la source,", "Concrètement,", "Pour la première fois,",
]
FIRST_NAMES = ["Claire", "Karim", "Sophie", "Jean", "Nadia", "Pierre", "Léa", "Yacine", "Anne", "Marc", "Inès",
               "Thomas", "Fatou", "Hélène", "Paolo", "Marta", "Lucie", "Olivier", "Aïcha", "Bernard"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Benali", "Rossi", "Garcia", "Lefèvre", "Roux",
              "Fournier", "Diallo", "Girard", "Bonnet", "Mercier", "Ferrari", "Costa", "Lambert", "Faure", "Chevalier"]
ROLES = ["adjointe au maire chargée de l'ESS", "vice-président de la Région", "directrice d'une association",
         "chargé de mission ESS", "président de la CRESS", "habitante du quartier", "gérant d'une coopérative",
         "conseillère départementale", "chercheur associé", "coordinatrice du réseau"]
ACTOR_NAMES = {
    "collectivite": ["Ville de {t}", "Communauté d'agglomération de {t}", "Conseil départemental", "Région"],
    "association": ["Association Solidarités {t}", "Maison des initiatives", "Collectif Alimentation durable"],
    "entreprise": ["Coopérative d'activités de {t}", "Entreprises d'insertion du territoire", "SCIC Énergies citoyennes"],
    "etat": ["Préfecture", "Direction régionale de l'économie", "Agence nationale de la cohésion des territoires"],
    "habitants": ["Conseil citoyen de {t}", "Habitants des quartiers", "Collectif de locataires"],
    "recherche": ["Laboratoire de sociologie de {t}", "Chaire ESS de l'université", "Équipe de recherche-action"],
    "reseau": ["CRESS", "Réseau des territoires pour l'ESS", "Mouvement associatif régional"],
}
RESULTS = [
    "une hausse nette des achats publics auprès des structures de l'ESS",
    "la création d'un fonds de soutien aux projets collectifs",
    "un guide des démarches destiné aux associations",
    "des conventions pluriannuelles signées avec les structures du territoire",
    "la reconnaissance des acteurs comme interlocuteurs légitimes",
    "un tiers-lieu ouvert aux porteurs de projets",
    "un budget dédié voté chaque année",
    "des formations communes pour les agents et les bénévoles",
]
# (what the figure measures, possible units, kind of value)
FIGURES = [
    ("participants aux ateliers", ["personnes"], "small"), ("budget annuel de la démarche", ["€"], "large"),
    ("structures de l'ESS associées", ["structures"], "small"), ("communes couvertes", ["communes"], "small"),
    ("projets soutenus", ["projets"], "small"), ("emplois créés ou maintenus", ["emplois"], "small"),
    ("part des achats responsables dans la commande publique", ["%"], "share"),
    ("réunions du comité de pilotage", ["réunions", ""], "small"), ("montant des subventions versées", ["€"], "large"),
]
LINK_TEXTS = ["compte rendu", "délibération", "rapport d'activité", "présentation", "synthèse"]


def slugify(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def _ids(folder: Path) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.yaml"))


def _legal_years(folder: Path) -> dict[str, int]:
    """id -> year of each dated legal text: a case's legal basis is never later than its start."""
    years = {}
    for p in folder.glob("*.yaml"):
        m = re.search(r'^date: "?(\d{4})-', p.read_text(encoding="utf-8"), re.M)
        if m:
            years[p.stem] = int(m.group(1))
    return years


def known_ids(content: Path = CONTENT) -> dict[str, list[str]]:
    """Ids the synthetic cases may cite: taxonomy, legal texts, resources, real cases."""
    tax = content / "taxonomy"
    return {
        "condition": _ids(tax / "conditions"),
        "stage": _ids(tax / "stages"),
        "mode": _ids(tax / "modes"),
        "sector": _ids(tax / "sectors"),
        "actor-type": _ids(tax / "actor-types"),
        "legal": _ids(content / "legal"),
        "legal-year": _legal_years(content / "legal"),
        "resource": _ids(content / "resources"),
        "case": _ids(content / "cases"),
    }


class Writer:
    """French sentences from word lists, deterministic for a given random generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self, year: int | None = None, markup: bool = True) -> str:
        r = self.rng
        obj = r.choice(OBJECTS)
        if markup and r.random() < 0.08:
            obj = f"*{obj}*"
        elif markup and r.random() < 0.05:
            obj = f"**{obj}**"
        subject, plural = r.choice(SUBJECTS)
        s = f"{subject} {r.choice(VERBS)[plural]} {obj}"
        if r.random() < 0.6:
            s += f" {r.choice(COMPLEMENTS)}"
        if r.random() < 0.35:
            purpose, verb = r.choice(PURPOSES), r.choice(FOLLOW_VERBS)
            if purpose.endswith(" de") and verb[0] in "aeiouyé":
                purpose = purpose[:-1] + "'"
                s += f", {purpose}{verb} {r.choice(OBJECTS)}"
            else:
                s += f", {purpose} {verb} {r.choice(OBJECTS)}"
        if r.random() < 0.3:
            opener = r.choice(OPENERS).format(year=year or r.randint(2000, 2023))
            s = f"{opener} {s[0].lower()}{s[1:]}"
        if markup and r.random() < 0.04:
            s += f" ([{r.choice(LINK_TEXTS)}](https://exemple.org/documents/{r.randint(1, 9999)}))"
        if r.random() < 0.06:
            s += f", selon la formule « {r.choice(OBJECTS)} »"
        return s + "."

    def text(self, lo: int, hi: int, max_chars: int, **kw) -> str:
        """Between lo and hi sentences, cut at a sentence boundary to stay within max_chars."""
        out = ""
        for _ in range(self.rng.randint(lo, hi)):
            s = self.sentence(**kw)
            if out and len(out) + 1 + len(s) > max_chars:
                break
            out = f"{out} {s}" if out else s
        return out[:max_chars] if len(out) > max_chars else out

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"


def _jittered(country: str, lat: float, lon: float, dlat: float, dlon: float) -> dict:
    """The point moved by (dlat, dlon), or by less when that leaves the country (the validator
    checks it: a coast, a border): the corpus stays valid, with the same random draws."""
    for shrink in (1, 0.5, 0.25, 0.1, 0):
        point = (round(max(-90.0, min(90.0, lat + dlat * shrink)), 4), round(max(-180.0, min(180.0, lon + dlon * shrink)), 4))
        if shrink == 0 or placement(country, *point) == "ok":
            return {"lat": point[0], "lon": point[1]}


def make_case(i: int, rng: random.Random, ids: dict[str, list[str]], synthetic_ids: list[str],
              case_id: str, title: str, territory: tuple) -> dict:
    """One case using every field of the schema (optional ones on most cases)."""
    w = Writer(rng)
    name, level, country, lat, lon = territory
    start = rng.randint(1995, 2023)
    n_cond = rng.randint(3, 7)
    # Cycling on i guarantees every taxonomy id is cited somewhere in the corpus.
    conditions = _pick(rng, ids["condition"], n_cond, first=ids["condition"][i % len(ids["condition"])])
    case: dict = {
        "id": case_id,
        "title": title,
        "summary": w.text(2, 6, 600, year=start),
        "territory": {
            "name": name, "level": level, "country": country,
            **_jittered(country, lat, lon, rng.uniform(-0.25, 0.25), rng.uniform(-0.35, 0.35)),
        },
        "period": {"start": start},
        "sectors": _pick(rng, ids["sector"], rng.randint(1, 3), first=ids["sector"][i % len(ids["sector"])]),
    }
    if rng.random() < 0.45:
        case["period"]["end"] = min(2025, start + rng.randint(0, 8))
    if i % 10 != 9:
        case["mode"] = ids["mode"][i % len(ids["mode"])]
    case["conditions"] = [{"condition": c, "evidence": w.text(1, 3, 700)} for c in conditions]
    if i % 8 != 7:
        stages = _pick(rng, ids["stage"], rng.randint(1, len(ids["stage"])), first=ids["stage"][i % len(ids["stage"])])
        case["stages"] = [{"stage": s, "description": w.text(1, 2, 500)} for s in stages]
    if i % 6 != 5:
        case["instruments"] = [{"name": rng.choice(DEVICES), "description": w.text(1, 3, 600)}
                               for _ in range(rng.randint(1, 4))]
    if i % 12 != 11:
        types = _pick(rng, ids["actor-type"], rng.randint(1, 5), first=ids["actor-type"][i % len(ids["actor-type"])])
        actors = []
        for t in types:
            pattern = rng.choice(ACTOR_NAMES.get(t, ["Acteur du territoire"]))
            actor = {"name": pattern.format(t=name), "type": t}
            if rng.random() < 0.85:
                actor["role"] = w.text(1, 2, 400)
            actors.append(actor)
        case["actors"] = actors
    if i % 5 != 4:
        case["results"] = [f"{rng.choice(RESULTS).capitalize()}. {w.text(0, 2, 500)}".strip()
                           for _ in range(rng.randint(1, 5))]
    if i % 4 != 3:
        figures = []
        for label, units, kind in rng.sample(FIGURES, rng.randint(1, 4)):
            value = {"small": rng.randint(3, 400), "large": rng.randint(5, 2000) * 1000,
                     "share": round(rng.uniform(1, 60), 1)}[kind]
            f = {"value": value, "label": label}
            unit = rng.choice(units)
            if unit:
                f["unit"] = unit
            if rng.random() < 0.3:
                f["approximate"] = True
            figures.append(f)
        case["figures"] = figures
    in_force = [t for t in ids["legal"] if ids["legal-year"].get(t, 0) <= start]
    if i % 3 != 2 and in_force:
        case["legal_basis"] = _pick(rng, in_force, rng.randint(1, 3), first=in_force[i % len(in_force)])
    if i % 4 == 0:
        case["quotes"] = [{
            "text": w.text(1, 2, 380, markup=False),
            "author": w.person(),
            **({"role": rng.choice(ROLES)} if rng.random() < 0.8 else {}),
            "source": rng.choice(ids["resource"]),
        } for _ in range(rng.randint(1, 2))]
    case["sources"] = _pick(rng, ids["resource"], rng.randint(1, 3))
    # Related cases drawn uniformly from the whole corpus (real cases included): each case is
    # cited back by about two others whatever N, as in a real corpus without a hub.
    if i % 3 != 1:
        related: set[str] = set()
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(synthetic_ids) + len(ids["case"]))
            other = synthetic_ids[k] if k < len(synthetic_ids) else ids["case"][k - len(synthetic_ids)]
            if other != case_id:
                related.add(other)
        if related:
            case["related"] = sorted(related)
    if i % 10 == 3:
        case["aliases"] = [f"ancien-{case_id}"[:80].rstrip("-")]
    if i % 3 == 0:
        d = date(2019, 1, 1) + timedelta(days=rng.randint(0, 6 * 365))
        case["updated"] = d.isoformat()
    return case


def _pick(rng: random.Random, pool: list[str], k: int, first: str | None = None) -> list[str]:
    k = min(k, len(pool))
    rest = [x for x in pool if x != first]
    chosen = ([first] if first else []) + rng.sample(rest, k - (1 if first else 0))
    return chosen


def generate_cases(n: int, seed: int = 2024, ids: dict[str, list[str]] | None = None) -> dict[str, dict]:
    """n synthetic cases, id -> data."""
    ids = ids or known_ids()
    rng = random.Random(seed)
    plan = []
    for i in range(n):
        territory = rng.choice(TERRITORIES)
        device = rng.choice(DEVICES)
        tname = territory[0]
        prep = "d'" if slugify(tname)[:1] in "aeiouy" else "de "
        title = f"{device} {prep}{tname}"
        case_id = f"{slugify(device)[:40].rstrip('-')}-{slugify(tname)[:24].rstrip('-')}-{i + 1}"
        plan.append((case_id, title, territory))
    synthetic_ids = [p[0] for p in plan]
    return {cid: make_case(i, rng, ids, synthetic_ids, cid, title, terr)
            for i, (cid, title, terr) in enumerate(plan)}


def dump_case(data: dict) -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return "# yaml-language-server: $schema=../../schema/case.schema.json\n" + body


def make_project(dest: Path, n_cases: int, seed: int = 2024) -> dict:
    """A buildable project copy under dest whose corpus holds n_cases cases.

    Like tests/conftest.py make_project: real content/ copied, a copy of mkdocs.yml, symlinks to
    the code. The real cases stay (guides and pages link to them); the rest are synthetic.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(CONTENT, dest / "content")
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for name in ("hooks", "overrides", "templates", "schema", "mallette"):
        if (ROOT / name).exists():
            os.symlink(ROOT / name, dest / name)
    ids = known_ids(dest / "content")
    real = ids["case"]
    cases = generate_cases(max(0, n_cases - len(real)), seed, ids)
    out = dest / "content" / "cases"
    for cid, data in cases.items():
        (out / f"{cid}.yaml").write_text(dump_case(data), encoding="utf-8")
    return {"real": real, "synthetic": list(cases), "all": sorted(real + list(cases))}


def coverage(cases: dict[str, dict], ids: dict[str, list[str]]) -> dict[str, list[str]]:
    """Taxonomy ids never cited by the synthetic cases (should be empty lists)."""
    cited: dict[str, set] = {k: set() for k in ("condition", "stage", "mode", "sector", "actor-type")}
    for c in cases.values():
        cited["condition"].update(x["condition"] for x in c["conditions"])
        cited["stage"].update(x["stage"] for x in c.get("stages", []))
        if "mode" in c:
            cited["mode"].add(c["mode"])
        cited["sector"].update(c["sectors"])
        cited["actor-type"].update(a["type"] for a in c.get("actors", []))
    return {k: sorted(set(ids[k]) - v) for k, v in cited.items()}
