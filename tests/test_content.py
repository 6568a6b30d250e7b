"""The real content: every fixed id exists (pages and links rely on them), and it validates."""
from __future__ import annotations

import pytest

from conftest import ROOT
from mallette.model import load_knowledge_base, validate

KB = load_knowledge_base(ROOT)

FIXED = {
    "condition": "volonte-politique acteurs-structures interconnaissance-confiance posture-cooperative regles-du-jeu "
                 "ressources-dediees diversite-participants perimetre-territorial transparence-information "
                 "inscription-duree tiers-accompagnement appui-legislatif formation-acculturation transversalite lieux-dedies",
    "stage": "diagnostic debat decision mise-en-oeuvre evaluation",
    "mode": "consultation concertation negociation co-construction co-production co-decision co-gestion",
    "sector": "ess vie-associative culture action-sociale democratie-participative developpement-economique "
              "politique-de-la-ville transition-ecologique alimentation",
    "actor-type": "collectivite etat reseau association entreprise habitants recherche",
    "resource": "rtes-points-de-repere-2019 fraisse-2018 guide-strasbourg-2018 conference-rtes-2018 seminaire-rtes-bordeaux-2016",
    "legal": "loi-ess-2014 loi-ville-2014 loi-egalite-citoyennete-2017 loi-lcap-2016 arrete-solima-2017 "
             "circulaire-associations-2015 charte-engagements-reciproques-2014 directive-marches-publics-2014 "
             "codice-terzo-settore-2017",
    "case": "strasbourg-conseil-ess barcelone-groupes-de-travail brescia-tables-de-citoyennete "
            "mulhouse-agence-participation-citoyenne normandie-solima gironde-livre-blanc-ess "
            "nouvelle-aquitaine-politique-ess reunion-charte-engagements-reciproques",
    "guide": "qu-est-ce-que-la-co-construction notions-voisines conditions-de-reussite etapes-et-outils "
             "contractualiser cadres-juridiques guide-du-formateur",
}


@pytest.mark.parametrize("kind", sorted(FIXED))
def test_fixed_ids_exist(kind):
    missing = set(FIXED[kind].split()) - set(KB.entries[kind])
    assert not missing, f"{kind}: {sorted(missing)}"


def test_real_content_has_no_error():
    """The content rules live in the validator (mallette/checks.py, the schemas), never here.

    Warnings are recommendations: the real content may carry some (a source that gives no
    result cannot be made to give one); they are printed by `make validate` and shown on the
    case page as « Cette fiche gagnerait à préciser : … ». Errors would block publication."""
    _, report = validate(ROOT)
    assert not report.errors, report.format()
