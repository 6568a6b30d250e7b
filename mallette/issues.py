"""Validation problems: one Issue per problem, a Report that collects them all."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from typing import Iterable

# Two levels. An error blocks publication (`make validate` exits 1, the build writes nothing);
# a warning is an editor's recommendation: printed, exit 0, unless `--strict`.
ERROR = "erreur"
WARNING = "avertissement"


@dataclass(frozen=True, order=True)
class Issue:
    path: str  # file path, relative to the project root, with forward slashes
    line: int  # 1-based; 0 when the problem concerns the whole file
    col: int  # 1-based; 0 when unknown
    code: str  # stable, kebab-case: tests and tools rely on it
    message: str  # French: where in the data, what is wrong
    hint: str = ""  # French: how to fix it
    level: str = ERROR  # ERROR or WARNING

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    def as_error(self) -> "Issue":
        """`--strict`: the same issue, blocking."""
        return replace(self, level=ERROR)

    def moved(self, lines: int) -> "Issue":
        """The same issue, `lines` further down its file (a guide's front matter)."""
        return replace(self, line=self.line + lines if self.line else 0)

    def text(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        out = f"{where}: {self.level} [{self.code}] {self.message}"
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
        command = "error" if self.is_error else "warning"
        return f"::{command} {props}::{esc_data(body)}"


@dataclass
class Report:
    issues: list[Issue] = field(default_factory=list)

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    def __bool__(self) -> bool:  # a report is "truthy" when it blocks publication: errors only
        return any(i.is_error for i in self.issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]

    def strict(self) -> "Report":
        """Every warning made an error (`validate.py --strict`)."""
        return Report([i.as_error() for i in self.issues])

    def sorted(self) -> list[Issue]:
        # Errors first, then warnings; each in file and line order.
        return sorted(set(self.issues), key=lambda i: (not i.is_error, i))

    def format(self, fmt: str = "text") -> str:
        lines = [i.github() if fmt == "github" else i.text() for i in self.sorted()]
        if fmt == "text" and lines:
            lines.append(self.summary())
        return "\n".join(lines)

    def summary(self) -> str:
        """« 2 erreurs et 1 avertissement dans 3 fichiers. »"""
        def count(n: int, word: str) -> str:
            return f"{n} {word}{'s' if n > 1 else ''}"

        parts = [count(n, w) for n, w in ((len(self.errors), ERROR), (len(self.warnings), WARNING)) if n]
        files = len({i.path for i in self.issues})
        return f"{' et '.join(parts) or '0 erreur'} dans {count(files, 'fichier')}."


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
