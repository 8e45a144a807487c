"""A large list of names for dedup at scale, built from the shared data.

Every name of every ``names.csv`` and of the screening fixtures, then systematic
romanization variants of them until the list has the size asked for: an Arabic-script name
gets its unidecode romanization (another system than polyname's), a Latin name gets one to
three of the drifts English sources show (ou/u, ee/i, q/k/gh, kh/h, dh/z, doubled letters,
al-/el-/al, dropped hyphens and apostrophes). Each variant keeps its source's entity, so the
list has gold clusters too. The draw is seeded: the same size gives the same list. Screening
at list scale builds its larger registry here too, without the screening fixtures.
"""

from __future__ import annotations

import csv
import random
import re
from functools import cache

from datasets import data_path
from modes import SEED

# (pattern, replacement) pairs: spellings of one sound or letter across romanizations.
DRIFTS = [
    (r"ou", "u"), (r"u", "ou"), (r"ee", "i"), (r"i", "ee"), (r"q", "k"), (r"q", "gh"), (r"kh", "h"),
    (r"dh", "z"), (r"th", "s"), (r"ss", "s"), (r"([bcdfgklmnprstz])\1", r"\1"), (r"([lmnrs])([aeiou])", r"\1\1\2"),
    (r"\bal-", "el-"), (r"\bal-", "al "), (r"\bal-", "al"), (r"-", " "), (r"'", ""), (r"e", "a"), (r"a", "e"),
    (r"o", "u"), (r"y", "i"), (r"j", "dj"), (r"sh", "ch"), (r"w", "v"),
]
_COMPILED = [(re.compile(p, re.IGNORECASE), r) for p, r in DRIFTS]
_ARABIC = re.compile(r"[\u0600-\u06FF]")


@cache
def base_names(fixtures: bool = True) -> tuple[tuple[str, str], ...]:
    """(entity, name) for every name of the shared data, in a fixed order; ``fixtures=False``
    leaves out the screening fixtures (the people a screening registry is searched for)."""
    out: list[tuple[str, str]] = []
    for folder in ("un-sc-consolidated", "ofac-sdn", "netranslit-wd-arabic", "anetac", "google-ar2en"):
        with data_path(folder, "names.csv").open(encoding="utf-8", newline="") as f:
            out.extend((r["entity_id"], r["name"]) for r in csv.DictReader(f) if r["name"].strip())
    for fixture in ("positives_un_untreated", "positives_un_treated", "positives_us_congress_untreated",
                    "negatives_global", "negatives_us") if fixtures else ():
        with data_path("screening", f"{fixture}.csv").open(encoding="utf-8", newline="") as f:
            out.extend((f"{fixture}:{k}", r["full_name"])
                       for k, r in enumerate(csv.DictReader(f)) if r["full_name"].strip())
    return tuple(out)


def variant(name: str, rng: random.Random) -> str:
    """A systematic romanization variant of ``name`` (unidecode for Arabic script)."""
    if _ARABIC.search(name):
        from unidecode import unidecode

        return unidecode(name).strip() or name
    out = name
    for _ in range(rng.randint(1, 3)):
        pattern, repl = _COMPILED[rng.randrange(len(_COMPILED))]
        matches = list(pattern.finditer(out))
        if matches:
            m = matches[rng.randrange(len(matches))]
            out = out[: m.start()] + m.expand(repl) + out[m.end():]
    return out


def build(size: int, seed: int = SEED, *, fixtures: bool = True) -> tuple[list[str], list[str]]:
    """``size`` names and their gold entities: the shared names (a seeded sample when
    ``size`` is smaller), then variants of them. ``fixtures=False``: without the screening
    fixtures (a registry to screen those people against)."""
    rng = random.Random(seed)
    base = list(base_names(fixtures))
    if size <= len(base):
        chosen = rng.sample(base, size)
        return [n for _, n in chosen], [e for e, _ in chosen]
    rows = list(base)
    while len(rows) < size:
        entity, name = base[rng.randrange(len(base))]
        rows.append((entity, variant(name, rng)))
    rng.shuffle(rows)
    return [n for _, n in rows], [e for e, _ in rows]
