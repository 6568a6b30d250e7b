#!/usr/bin/env python3
"""Turn a « Proposer un cas » issue into a validated case file, or into a French error comment.

    issue_to_case.py --body-file issue.md --issue 42 --author login [--author-id 123] --out DIR
    issue_to_case.py --template            # rewrite .github/ISSUE_TEMPLATE/proposer-un-cas.yml
    issue_to_case.py --template --check    # exit 1 if that file is not up to date

The body is read from a file (the workflow writes it there from an environment variable: the
contributed text is never part of a command line or of code). In DIR it writes, for a valid
proposal: case.yaml, case-path.txt, pr-title.txt, pr-body.md, commit-message.txt, thanks.md; otherwise
comment.md. It never writes into the project.

Exit status: 0 valid proposal, 1 invalid proposal (or template out of date), 2 usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mallette.content import load_all
from mallette.issue_form import TEMPLATE_PATH, issue_template
from mallette.model import KnowledgeBase
from mallette.proposal import (commit_message, error_comment, judge, pull_request_body,
                               pull_request_title, thanks_comment)
from mallette.schema import Schemas

ROOT = Path(__file__).resolve().parent.parent


def template(root: Path, check: bool) -> int:
    schemas = Schemas()
    loaded = load_all(root, schemas)
    text = issue_template(schemas, KnowledgeBase(loaded.entries, loaded.glossary))
    path = root / TEMPLATE_PATH
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if check:
        if current != text:
            print(f"{TEMPLATE_PATH} n'est pas à jour : lancez « scripts/issue_to_case.py --template ».", file=sys.stderr)
            return 1
        print(f"{TEMPLATE_PATH} est à jour.")
        return 0
    if current != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    print(f"{TEMPLATE_PATH} écrit.")
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="issue_to_case.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--body-file", type=Path, help="corps du ticket (format des formulaires de ticket GitHub)")
    p.add_argument("--issue", type=int, help="numéro du ticket")
    p.add_argument("--author", default="", help="identifiant GitHub de l'auteur du ticket")
    p.add_argument("--author-id", default="", help="numéro de compte GitHub de l'auteur (adresse noreply)")
    p.add_argument("--out", type=Path, help="dossier où écrire le résultat")
    p.add_argument("--root", type=Path, default=ROOT, help="dossier du projet (par défaut : ce dépôt)")
    p.add_argument("--template", action="store_true", help="écrit le formulaire de ticket à partir du schéma")
    p.add_argument("--check", action="store_true", help="avec --template : vérifie seulement")
    args = p.parse_args(argv)
    root = args.root.resolve()
    if not (root / "content").is_dir():
        print(f"issue_to_case.py : pas de dossier content/ dans {root}", file=sys.stderr)
        return 2
    if args.template:
        return template(root, args.check)
    if not args.body_file or args.issue is None or not args.out:
        p.print_usage(sys.stderr)
        print("issue_to_case.py : --body-file, --issue et --out sont nécessaires.", file=sys.stderr)
        return 2
    try:
        body = args.body_file.read_text(encoding="utf-8", errors="replace")
    except OSError as e:
        print(f"issue_to_case.py : lecture impossible de {args.body_file} : {e.strerror}", file=sys.stderr)
        return 2
    outcome = judge(body, root)
    args.out.mkdir(parents=True, exist_ok=True)
    if not outcome.valid:
        (args.out / "comment.md").write_text(error_comment(outcome, args.issue), encoding="utf-8")
        print(f"Proposition invalide : {len(outcome.problems)} problème(s), voir {args.out / 'comment.md'}.")
        return 1
    files = {
        "case.yaml": outcome.text,
        "case-path.txt": outcome.path + "\n",
        "pr-title.txt": pull_request_title(outcome) + "\n",
        "pr-body.md": pull_request_body(outcome, args.issue, args.author),
        "commit-message.txt": commit_message(outcome, args.issue, args.author, args.author_id),
        "thanks.md": thanks_comment(),
    }
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8", newline="\n")
    print(f"Proposition valide : {outcome.path}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
