"""bench/build-time.png: build CPU time by corpus size, site against its two baselines."""
from __future__ import annotations

from pathlib import Path

from bench_report import nombre

SERIES = (("site", "site complet", "o-", "C0"), ("reference", "référence actuelle (pages générées, sans crochet)", "s--", "C1"),
          ("plain", "pages simples (mkdocs + Material + lunr)", "^:", "C2"))


def plot(results: dict, path: Path) -> bool:
    """False when matplotlib is missing (requirements-bench.txt) or nothing to draw."""
    try:
        import matplotlib
    except ImportError:
        return False
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(results["sizes"].values(), key=lambda s: s["n"])
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    drawn = False
    for kind, label, style, color in SERIES:
        pts = [(s["n"], s["builds"][kind]["cpu_s"]) for s in sizes if kind in s.get("builds", {})]
        if not pts:
            continue
        ns = [n for n, _ in pts]
        med = [c["median"] for _, c in pts]
        err = [[m - c["min"] for m, (_, c) in zip(med, pts)], [c["max"] - m for m, (_, c) in zip(med, pts)]]
        ax.errorbar(ns, med, yerr=err, fmt=style, color=color, capsize=3, label=label)
        drawn = True
    if not drawn:
        plt.close(fig)
        return False
    ns = [s["n"] for s in sizes]
    ax.set_xlabel("nombre de cas")
    ax.set_ylabel("temps CPU de construction (s ; médiane, min–max)")
    ax.set_title("Construction du site selon le nombre de cas")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(ns)
    ax.set_xticklabels([nombre(n) for n in ns])
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
    return True
