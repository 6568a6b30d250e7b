"""The steps of .github/workflows/issue-to-pr.yml, run as GitHub would run them, `gh` stubbed.

Each `run:` script is executed with bash -e, the step's environment (the issue body in
ISSUE_BODY, as the workflow passes it) and a fake `gh` that records its calls: the flow
(comment, or branch + commit + pull request) is checked without GitHub, and contributed text
that looks like shell code is shown never to run.
"""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import FIXTURES, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "issue-to-pr.yml"

FAKE_GH = r"""#!/bin/bash
printf '%s\n' "$*" >> "$GH_LOG"
for a in "$@"; do printf '%s\0' "$a"; done >> "$GH_LOG.args"
case "$1 $2" in
  "api repos/rtes/e-mallette/git/ref/heads/main") echo 0123456789abcdef0123456789abcdef01234567 ;;
  "api repos/rtes/e-mallette/git/ref/heads/proposition-cas/issue-42") exit 1 ;;  # no branch yet
  "pr list") if [ -f "$GH_LOG.pr" ]; then echo 17; fi ;;
  "pr create") touch "$GH_LOG.pr" ;;
esac
exit 0
"""


def _steps() -> list[dict]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = data["jobs"].values()
    return [s for s in job["steps"] if "run" in s and "pip install" not in s["run"]]


def _run_steps(tmp_path: Path, body: str) -> tuple[dict, Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    gh = bin_dir / "gh"
    gh.write_text(FAKE_GH, encoding="utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    python = bin_dir / "python"  # the project's interpreter, as setup-python provides one
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(python.stat().st_mode | stat.S_IEXEC)
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    output = tmp_path / "github_output"
    output.touch()
    log = tmp_path / "gh.log"
    event_env = {  # what ${{ … }} gives the steps' env: blocks
        "ISSUE_BODY": body, "ISSUE_NUMBER": "42", "ISSUE_AUTHOR": "marie-dupont", "ISSUE_AUTHOR_ID": "123456",
        "GH_TOKEN": "jeton-factice", "GH_REPO": "rtes/e-mallette", "BASE": "main",
    }
    outputs: dict = {}
    for step in _steps():
        condition = step.get("if", "")
        if "valide == 'non'" in condition and outputs.get("valide") != "non":
            continue
        if "valide == 'oui'" in condition and outputs.get("valide") != "oui":
            continue
        env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "HOME": str(tmp_path), "RUNNER_TEMP": str(runner_temp),
               "GITHUB_OUTPUT": str(output), "GH_LOG": str(log), "PYTHONDONTWRITEBYTECODE": "1"}
        env.update({k: event_env[k] for k in step.get("env", {})})
        result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, f"{step['name']}\n{result.stdout}\n{result.stderr}"
        outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").split())
    return outputs, log


def _calls(log: Path) -> list[list[str]]:
    if not log.exists():
        return []
    raw = (log.parent / (log.name + ".args")).read_bytes().decode("utf-8").split("\0")
    lines = log.read_text(encoding="utf-8").splitlines()
    calls, i = [], 0
    for line in lines:  # regroup the NUL-separated arguments call by call
        n = len(line.split(" ")) if line else 0
        calls.append(raw[i:i + n])
        i += n
    return calls


def test_a_valid_issue_opens_a_pull_request_crediting_its_author(tmp_path):
    outputs, log = _run_steps(tmp_path, (FIXTURES / "issues" / "valide.md").read_text(encoding="utf-8"))
    assert outputs["valide"] == "oui"
    text = log.read_text(encoding="utf-8")
    assert "git/refs -f ref=refs/heads/proposition-cas/issue-42 -f sha=0123456789abcdef0123456789abcdef01234567" in text
    put = next(line for line in text.splitlines() if line.startswith("api -X PUT"))
    assert "repos/rtes/e-mallette/contents/content/cases/le-pacte-de-cooperation-de-lille-no-pas-un-commentaire.yaml" in put
    assert "Co-authored-by: marie-dupont <123456+marie-dupont@users.noreply.github.com>" in text
    assert "pr create --base main --head proposition-cas/issue-42" in text
    assert "issue comment 42 --body-file" in text
    merci = (tmp_path / "runner" / "proposition" / "merci.md").read_text(encoding="utf-8")
    assert "pull request #17" in merci


def test_an_invalid_issue_gets_a_comment_and_nothing_is_opened(tmp_path):
    outputs, log = _run_steps(tmp_path, (FIXTURES / "issues" / "invalide.md").read_text(encoding="utf-8"))
    assert outputs["valide"] == "non"
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 and lines[0].startswith("issue comment 42 --body-file ")
    assert "Latitude" in (tmp_path / "runner" / "proposition" / "comment.md").read_text(encoding="utf-8")


def test_contributed_text_never_runs(tmp_path):
    trap = tmp_path / "piege"
    body = (FIXTURES / "issues" / "valide.md").read_text(encoding="utf-8").replace(
        "### Résumé\n\n", f"### Résumé\n\n$(touch {trap}) `touch {trap}` ; touch {trap} \"'$(touch {trap})'\" "
                           "${{ github.token }} ")
    outputs, _log = _run_steps(tmp_path, body)
    comment = tmp_path / "runner" / "proposition" / "comment.md"
    assert outputs["valide"] == "oui", comment.read_text(encoding="utf-8") if comment.exists() else ""
    assert not trap.exists(), "text from the issue was executed"
    case = (tmp_path / "runner" / "proposition" / "case.yaml").read_text(encoding="utf-8")
    assert f"$(touch {trap})" in case, "the text is kept as it was typed"
