"""Scores that must not move unless a change means to move them.

200,000 name pairs drawn with a fixed seed from the shared third-party data (OFAC variants
and random OFAC pairs, UN Arabic-script names against UN Latin names, netranslit Arabic
words against Latin spellings, name_bench's labelled pairs, and misspelled copies), scored
with `similarity_many`; plus the top-5 of 2,000 queries against a 40,000-name `NameIndex`
and the clusters of every UN name. `tests/golden/score_digests.csv` holds a digest of each
block of 10,000 scores and of the search and dedup results: a refactoring must leave every
one as it is. A change that moves scores on purpose regenerates the file in the same commit:

    POLYNAME_SHARED=../shared python tests/unit/test_golden_scores.py --write
"""

from __future__ import annotations

import csv
import hashlib
import os
import random
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path

import polyname
from polyname import _core
from polyname.dedup import ScoredPair

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "score_digests.csv"
SEED = 20261202
PAIRS = 200_000
BLOCK = 10_000


def shared_data() -> Path:
    raw = Path(os.environ.get("POLYNAME_SHARED") or "../shared")
    return (raw if raw.is_absolute() else ROOT / raw) / "data"


@cache
def names(dataset: str) -> tuple[tuple[str, str, str], ...]:
    """(entity_id, name, script) of each row of a shared ``names.csv``."""
    with (shared_data() / dataset / "names.csv").open(encoding="utf-8", newline="") as f:
        return tuple((r["entity_id"], r["name"], r["script"]) for r in csv.DictReader(f))


def draw_pairs() -> tuple[list[str], list[str]]:
    rng = random.Random(SEED)
    ofac, un, words = names("ofac-sdn"), names("un-sc-consolidated"), names("netranslit-wd-arabic")
    groups: dict[str, list[str]] = defaultdict(list)
    for entity, name, _ in ofac:
        groups[entity].append(name)
    variants = [g for g in groups.values() if len(g) > 1]
    un_arabic = [(e, n) for e, n, s in un if s == "Arab"]
    un_latin = [(e, n) for e, n, s in un if s == "Latn"]
    latin_of: dict[str, list[str]] = defaultdict(list)
    for e, n in un_latin:
        latin_of[e].append(n)
    word_arabic = [(e, n) for e, n, s in words if s == "Arab"]
    word_latin: dict[str, list[str]] = defaultdict(list)
    for e, n, s in words:
        if s != "Arab":
            word_latin[e].append(n)
    with (shared_data() / "name_bench" / "cases.csv").open(encoding="utf-8", newline="") as f:
        bench = [(r["name1"], r["name2"]) for r in csv.DictReader(f)]
    everything = [n for _, n, _ in ofac + un + words]
    left: list[str] = [a for a, _ in bench]
    right: list[str] = [b for _, b in bench]
    while len(left) < PAIRS:
        k = len(left) % 6
        if k == 0:  # two spellings of one OFAC entity
            a, b = rng.sample(rng.choice(variants), 2)
        elif k == 1:  # unrelated OFAC names
            a, b = rng.choice(ofac)[1], rng.choice(ofac)[1]
        elif k == 2:  # a UN Arabic-script name against one of its Latin names or another's
            e, a = rng.choice(un_arabic)
            b = rng.choice(latin_of[e]) if latin_of[e] and rng.random() < 0.5 else rng.choice(un_latin)[1]
        elif k == 3:  # an Arabic word against one of its Latin spellings or another word's
            e, a = rng.choice(word_arabic)
            b = rng.choice(word_latin[e]) if word_latin[e] and rng.random() < 0.5 else rng.choice(everything)
        elif k == 4:  # a misspelled copy
            a = rng.choice(everything)
            letters = list(a)
            for _ in range(rng.randint(1, 3)):
                if letters:
                    letters[rng.randrange(len(letters))] = rng.choice("aeiouyhkqz -'ا ي")
            b = "".join(letters)
        else:  # anything against anything
            a, b = rng.choice(everything), rng.choice(everything)
        left.append(a)
        right.append(b)
    return left, right


def digest(values: object) -> str:
    return hashlib.sha256(repr(values).encode("utf-8")).hexdigest()[:32]


def current_digests() -> dict[str, str]:
    left, right = draw_pairs()
    scores = polyname.similarity_many(left, right)
    out = {f"pairs {k:06d}-{min(k + BLOCK, len(scores)) - 1:06d}": digest(scores[k:k + BLOCK])
           for k in range(0, len(scores), BLOCK)}
    rng = random.Random(SEED + 1)
    pool = rng.sample(names("ofac-sdn") + names("un-sc-consolidated"), 40_000)
    index = polyname.NameIndex([e for e, _, _ in pool], [n for _, n, _ in pool])
    queries = [rng.choice(left + right) for _ in range(2_000)]
    found = index.search(queries, limit=5)
    out["search top-5"] = digest([[(m.id, m.name, m.score) for m in hits] for hits in found])
    un = [n for _, n, _ in names("un-sc-consolidated")]
    clusters = _core.dedup(un, threshold=polyname.MATCH_THRESHOLD)
    # Each pair as (left, right, score, link in words), the form the digest was first taken of.
    pairs = [(p.left, p.right, p.score, p.link_text) for p in (ScoredPair(*t) for t in clusters.pairs)]
    out["dedup un"] = digest((clusters.labels, clusters.representatives, pairs))
    return out


def read_golden() -> dict[str, str]:
    with GOLDEN.open(encoding="utf-8", newline="") as f:
        return {r["what"]: r["sha256"] for r in csv.DictReader(f)}


def test_scores_are_the_golden_ones() -> None:
    golden, now = read_golden(), current_digests()
    assert list(now) == list(golden), "the golden file lists other blocks: regenerate it"
    moved = [what for what in golden if golden[what] != now[what]]
    assert not moved, f"scores moved in {moved}: if on purpose, regenerate {GOLDEN.name} (see this file's docstring)"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(f"usage: {sys.argv[0]} --write")
    with GOLDEN.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["what", "sha256"])
        for what, value in current_digests().items():
            writer.writerow([what, value])
    print(f"wrote {GOLDEN}")
