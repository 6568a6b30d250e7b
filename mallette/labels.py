"""The one vocabulary of French display labels for coded values (schema enums and a few computed
codes). Pages, maps, the explorer, the chronology, the comparison tool and the case form all read
their labels here.

The schema stays the contract (which values are valid); this module says how each value reads.
`SCHEMA_ENUMS` ties every labelled schema field to its vocabularies, in the schema's order, and
tests/test_labels.py fails as soon as a value is added to (or removed from) a schema enum without
its labels. Meanwhile a page shows the bare value rather than crashing (`Vocabulary.__missing__`).
"""
from __future__ import annotations


class Vocabulary(dict):
    """Labels keyed by coded values. An unknown value reads as itself, never a KeyError."""

    def __missing__(self, value):
        return value


# case.schema.json, territory.level: from the smallest territory to the largest (the maps colour
# and letter them in this order).
LEVELS = Vocabulary({
    "commune": "commune",
    "intercommunalite": "intercommunalité",
    "departement": "département",
    "region": "région",
    "national": "échelon national",
    "europeen": "échelon européen",
})
# The map's legend and clusters: plurals, and the letter on each marker (colour is never the only cue).
LEVEL_PLURALS = Vocabulary({
    "commune": "Communes",
    "intercommunalite": "Intercommunalités",
    "departement": "Départements",
    "region": "Régions",
    "national": "Échelon national",
    "europeen": "Échelon européen",
})
LEVEL_LETTERS = Vocabulary({
    "commune": "C", "intercommunalite": "I", "departement": "D", "region": "R", "national": "N", "europeen": "E",
})

# case.schema.json, period.start_precision: the note a case page adds after its period (the
# period itself is phrased by render.period_fr: « depuis 2016 au plus tard », « vers 2016 – 2018 »).
START_PRECISION_NOTES = Vocabulary({
    "au-plus-tard": "les sources ne datent pas le début : la démarche existait déjà cette année-là",
    "environ": "année de début approchée",
})

# guide.schema.json, audiences.
AUDIENCES = Vocabulary({
    "elus": "élues et élus",
    "agents": "agents des collectivités",
    "acteurs": "acteurs de l'ESS",
    "formateurs": "formateurs et formatrices",
    "chercheurs": "chercheurs et chercheuses",
})

# legal.schema.json, kind.
LEGAL_KINDS = Vocabulary({
    "loi": "loi",
    "circulaire": "circulaire",
    "arrete": "arrêté",
    "decret": "décret",
    "charte": "charte",
    "directive": "directive européenne",
    "code": "code",
})

# resource.schema.json, kind.
RESOURCE_KINDS = Vocabulary({
    "etude": "étude",
    "guide": "guide",
    "conference": "conférence en ligne",
    "seminaire": "séminaire",
    "publication": "publication",
    "rapport": "rapport",
    "site": "site web",
})

# Not schema values: a case's completeness (mallette/completeness.py), best first, and the
# taxonomy kinds named on their pages.
COMPLETENESS = Vocabulary({"complete": "complète", "partial": "partielle", "stub": "ébauche"})
TAXONOMY_KINDS = Vocabulary({
    "condition": "condition",
    "stage": "étape",
    "mode": "mode de participation",
    "sector": "secteur",
})

# Every schema field with an enum that the site displays, as (schema file, field path: dots between
# properties, [] for array items) -> its vocabularies, each listing exactly the enum's values in
# the schema's order.
SCHEMA_ENUMS: dict[tuple[str, str], tuple[Vocabulary, ...]] = {
    ("case.schema.json", "territory.level"): (LEVELS, LEVEL_PLURALS, LEVEL_LETTERS),
    ("case.schema.json", "period.start_precision"): (START_PRECISION_NOTES,),
    ("guide.schema.json", "audiences[]"): (AUDIENCES,),
    ("legal.schema.json", "kind"): (LEGAL_KINDS,),
    ("resource.schema.json", "kind"): (RESOURCE_KINDS,),
}
# Enum fields displayed otherwise: countries are named by Babel (render.country_fr).
SCHEMA_ENUMS_ELSEWHERE = {
    ("common.schema.json", "country"): "render.country_fr",
}


# The vocabulary that names a field's values (the case form's choices). Start precisions have notes,
# not names: the form shows their codes, which the field's help text explains.
_NAMES = {key: vocabularies[0] for key, vocabularies in SCHEMA_ENUMS.items()
          if key != ("case.schema.json", "period.start_precision")}


def for_field(schema_file: str, path: str) -> Vocabulary | None:
    """The names of a schema field's values, if it has any."""
    return _NAMES.get((schema_file, path))
