"""docs/reference-*.md are generated (scripts/reference.py) and cannot drift from the code.

A new schema field, a new message code or a changed message shows here: run
`python scripts/reference.py` and commit the two files it writes.
"""
from __future__ import annotations

import importlib.util
import re

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("reference", ROOT / "scripts" / "reference.py")
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)

# The modules that report problems; kebab-case literals there are message codes, except these.
ISSUE_MODULES = ("checks", "content", "issues", "load", "refs", "schema", "shortcodes", "text")
NOT_CODES = {"utf-8", "actor-type", "volonte-politique"}


def test_fields_reference_is_up_to_date():
    assert reference.FIELDS_DOC.read_text(encoding="utf-8") == reference.fields_doc(), \
        "docs/reference-champs.md n'est pas à jour : lancez « python scripts/reference.py »."


def test_messages_reference_is_up_to_date():
    assert reference.MESSAGES_DOC.read_text(encoding="utf-8") == reference.messages_doc(), \
        "docs/reference-messages.md n'est pas à jour : lancez « python scripts/reference.py »."


def code_literals() -> set[str]:
    text = "\n".join((ROOT / "mallette" / f"{m}.py").read_text(encoding="utf-8") for m in ISSUE_MODULES)
    return set(re.findall(r'"([a-z][a-z0-9]*(?:-[a-z0-9]+)+)"', text)) - NOT_CODES


def test_every_message_code_has_an_example():
    documented = set(re.findall(r"^### (\S+)$", reference.MESSAGES_DOC.read_text(encoding="utf-8"), re.M))
    missing = sorted(code_literals() - documented)
    assert not missing, (f"codes sans exemple : {missing}. Ajoutez un fichier d'exemple dans tests/fixtures/invalid "
                         "(ou avertissements) avec « # attendu: <code> <ligne> », puis lancez scripts/reference.py.")
    without_fixture = documented & set(reference.NO_FIXTURE)
    assert without_fixture == set(reference.NO_FIXTURE)
    assert len(documented) >= 50


def test_every_example_is_the_validator_output():
    text = reference.MESSAGES_DOC.read_text(encoding="utf-8")
    assert "content/cases/texte-coupe.yaml:3:22: erreur [texte-coupe]" in text
    assert "avertissement [preuve-courte]" in text
