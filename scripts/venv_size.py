"""How heavy is the preview's virtualenv? (issue #14: at most 150 MB)

Builds a fresh one the way `make serve` does — the Makefile's own install rule, with VENV set to
a temporary folder — then prints its size per installed package and in total, counted as `du`
counts it (disk blocks: Material's 14,000 small icon files take 58 MiB of disk for 10 MiB of
bytes), and exits with 1 above the target. `--venv PATH` measures an existing one instead.

    python3 scripts/venv_size.py
    python3 scripts/venv_size.py --venv .venv --top 30
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MIB = 150  # in MiB, as `du -m` and `du -h` count: stricter than 150 million bytes
MIB = 1024 * 1024


def disk_usage(path: Path) -> int:
    """Bytes of disk used by a file or a folder and everything under it (like du, links not followed)."""
    total = os.lstat(path).st_blocks * 512
    if path.is_dir() and not path.is_symlink():
        for folder, dirs, files in os.walk(path):
            for name in dirs + files:
                total += os.lstat(os.path.join(folder, name)).st_blocks * 512
    return total


def site_packages(venv: Path) -> Path:
    found = sorted(venv.glob("lib/python3*/site-packages"))
    if not found:
        raise SystemExit(f"{venv} : pas de dossier lib/python3*/site-packages, est-ce un environnement virtuel ?")
    return found[0]


def by_package(venv: Path) -> dict[str, int]:
    """Distribution name -> disk usage of its top-level entries in site-packages (from its RECORD)."""
    sp = site_packages(venv)
    owner: dict[str, str] = {}
    for info in sorted(sp.glob("*.dist-info")):
        name = info.name[: -len(".dist-info")].rsplit("-", 1)[0]
        owner[info.name] = name
        record = info / "RECORD"
        if record.is_file():
            for line in record.read_text(encoding="utf-8").splitlines():
                top = line.split(",", 1)[0].split("/", 1)[0]
                if top and not top.startswith(".."):
                    owner.setdefault(top, name)
    sizes: dict[str, int] = {}
    for entry in sp.iterdir():
        name = owner.get(entry.name, "(autres)")
        sizes[name] = sizes.get(name, 0) + disk_usage(entry)
    return sizes


def build(dest: Path) -> Path:
    """A fresh virtualenv made by the Makefile's install rule for `make serve`."""
    venv = dest / ".venv"
    subprocess.run(["make", "--no-print-directory", f"VENV={venv}", f"{venv}/.site-installed"], cwd=ROOT, check=True)
    return venv


def report(venv: Path, top: int) -> int:
    sizes = sorted(by_package(venv).items(), key=lambda kv: (-kv[1], kv[0]))
    total = disk_usage(venv)
    print(f"Environnement {venv} (Mio, comme du -m) :")
    for name, size in sizes[:top]:
        print(f"  {size / MIB:7.1f}  {name}")
    rest = sum(size for _, size in sizes[top:])
    if rest:
        print(f"  {rest / MIB:7.1f}  ({len(sizes) - top} autres paquets)")
    print(f"  {total / MIB:7.1f}  au total (site-packages, bin, include…), {total / 1e6:.1f} Mo décimaux")
    if total > LIMIT_MIB * MIB:
        print(f"Au-delà de la cible de {LIMIT_MIB} Mio.")
        return 1
    print(f"Dans la cible de {LIMIT_MIB} Mio.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Taille de l'environnement virtuel de `make serve`.")
    parser.add_argument("--venv", type=Path, help="mesurer cet environnement au lieu d'en créer un neuf")
    parser.add_argument("--top", type=int, default=15, help="nombre de paquets détaillés (15)")
    args = parser.parse_args(argv)
    if args.venv:
        return report(args.venv, args.top)
    with tempfile.TemporaryDirectory(prefix="mallette-venv-") as tmp:
        return report(build(Path(tmp)), args.top)


if __name__ == "__main__":
    sys.exit(main())
