#!/usr/bin/env python3
"""Check the content of the e-mallette: `make validate`.

Two levels: an error (« erreur ») blocks publication; a warning (« avertissement ») is printed
and does not, unless --strict.

Exit status: 0 valid (warnings allowed), 1 content errors, 2 usage error.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mallette.model import validate
from mallette.summary import summary_markdown

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="validate.py",
        description="Vérifie tous les fichiers de content/ : schémas, identifiants, références.",
    )
    parser.add_argument("--format", choices=["text", "github", "summary"], default="text",
                        help="text (par défaut), github (annotations des pull requests) "
                             "ou summary (résumé Markdown de toutes les erreurs, par fichier et ligne)")
    parser.add_argument("--summary", type=Path, metavar="FICHIER",
                        help="ajoute aussi le résumé Markdown à ce fichier (en CI : $GITHUB_STEP_SUMMARY)")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="dossier du projet qui contient content/ (par défaut : ce dépôt)")
    parser.add_argument("--strict", action="store_true",
                        help="les avertissements comptent comme des erreurs")
    args = parser.parse_args(argv)
    if not (args.root / "content").is_dir():
        print(f"validate.py : pas de dossier content/ dans {args.root}", file=sys.stderr)
        return 2
    kb, report = validate(args.root)
    if args.strict:
        report = report.strict()
    counts = ""  # said only when there is no error (kb is None then)
    if not report:
        counts = "Contenu valide : " + ", ".join(f"{len(kb.entries.get(k, {}))} {label}" for k, label in [
            ("case", "cas"), ("guide", "guides"), ("legal", "textes juridiques"), ("resource", "ressources"),
            ("condition", "conditions"), ("stage", "étapes"), ("mode", "modes"), ("sector", "secteurs")]) + "."
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as f:
            f.write(summary_markdown(report.issues, counts) + "\n")
    if args.format == "summary":
        print(summary_markdown(report.issues, counts))
    else:
        if report.issues:  # errors and warnings
            print(report.format(args.format))
        if counts:
            print(counts)
    return 1 if report else 0


if __name__ == "__main__":
    sys.exit(main())
