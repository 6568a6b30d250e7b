"""Validation problems: one Issue per problem, a Report that collects them all."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True, order=True)
class Issue:
    path: str  # file path, relative to the project root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based; 0 when unknown
    code: str  # stable, kebab-case: tests and tools rely on it
    message: str  # French: where in the data, what is wrong
    hint: str = ""  # French: how to fix it

    def text(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        out = f"{where}: erreur [{self.code}] {self.message}"
        if self.hint:
            out += f" {self.hint}"
        return out

    def github(self) -> str:
        # Workflow commands: properties and message need their own escaping.
        def esc_data(s: str) -> str:
            return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        def esc_prop(s: str) -> str:
            return esc_data(s).replace(":", "%3A").replace(",", "%2C")

        props = f"file={esc_prop(self.path)}"
        if self.line:
            props += f",line={self.line}"
            if self.col:
                props += f",col={self.col}"
        props += f",title={esc_prop('[' + self.code + ']')}"
        body = self.message + (f" {self.hint}" if self.hint else "")
        return f"::error {props}::{esc_data(body)}"


@dataclass
class Report:
    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    def __bool__(self) -> bool:  # a report is "truthy" when it holds problems
        return bool(self.issues)

    def sorted(self) -> list[Issue]:
        return sorted(set(self.issues))

    def format(self, fmt: str = "text") -> str:
        lines = [i.github() if fmt == "github" else i.text() for i in self.sorted()]
        if fmt == "text" and lines:
            n = len(lines)
            files = len({i.path for i in self.issues})
            lines.append(
                f"{n} erreur{'s' if n > 1 else ''} dans {files} fichier{'s' if files > 1 else ''}."
            )
        return "\n".join(lines)


class ContentError(Exception):
    """Raised by the pipeline when the content is invalid; carries the whole report."""

    def __init__(self, report: Report):
        super().__init__(report.format())
        self.report = report


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A French hint naming the closest known value, or the allowed values when few."""
    choices = sorted(set(choices))
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"Vouliez-vous dire « {close[0]} » ?"
    if not choices:
        return ""
    if len(choices) <= 20:
        return "Valeurs possibles : " + ", ".join(f"« {c} »" for c in choices) + "."
    return f"Consultez la liste des {len(choices)} valeurs possibles."


def fmt_path(parts: Iterable) -> str:
    """('conditions', 2, 'condition') -> 'conditions[2].condition'."""
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        else:
            out += ("." if out else "") + str(p)
    return out
