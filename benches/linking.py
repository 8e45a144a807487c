"""Text linking: the seed articles against the example registry, every OFAC and UN name beside
it as distractors, scored on their exhaustive annotation; and the two baselines a user would
otherwise build.

- Gold: ``tests/golden/seed_links.csv``, every occurrence of every entity of
  ``examples/registry.csv`` in the five articles of ``examples/articles`` (the seed articles).
- Registry: the example registry's 175 aliases plus every OFAC and UN alias (the lists' weak
  aliases marked); a list's entities that share a spelling with the registry are left out
  (they are the registry's entities, not distractors).
- Baselines: exact aliases through an Aho-Corasick automaton (``pyahocorasick``) over the
  lower-cased text, whole words only, longest match first; and spaCy's ``PhraseMatcher`` on
  the ``LOWER`` attribute with the multi-language tokenizer (``spacy.blank("xx")``), overlaps
  resolved by ``spacy.util.filter_spans``.
- Scores: precision, recall and F1 of (span, entity) pairs, a found span counting when it
  overlaps a gold span of its entity (each gold span once); and of the (article, entity)
  pairs, the entities each article mentions.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import datasets
import polyname

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden"

#: One mention as every system reports it: (start, end, entity id), character offsets.
Found = tuple[int, int, str]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def articles() -> tuple[tuple[str, str], ...]:
    """(file name, text) of each seed article, in name order."""
    return tuple((p.name, p.read_text(encoding="utf-8")) for p in sorted((EXAMPLES / "articles").glob("*.txt")))


@cache
def gold() -> tuple[tuple[str, int, int, str], ...]:
    """(article, start, end, entity) of every gold mention."""
    rows = _rows(GOLDEN / "seed_links.csv")
    return tuple((r["article"], int(r["start"]), int(r["end"]), r["entity_id"]) for r in rows)


@cache
def negatives() -> tuple[tuple[str, int, int, str], ...]:
    """(article, start, end, entity the span must not be linked to) of every hard negative."""
    return tuple((r["article"], int(r["start"]), int(r["end"]), r["not_entity_id"])
                 for r in _rows(GOLDEN / "seed_link_negatives.csv"))


@cache
def registry_aliases() -> tuple[tuple[str, str, bool], ...]:
    """(entity id, alias, weak) of the example registry and of every OFAC and UN entity that
    is not one of its entities."""
    rows = _rows(EXAMPLES / "registry.csv")
    out = [(r["entity_id"], r["name"], False) for r in rows]
    own = {polyname.normalize(r["name"]) for r in rows}
    for dataset in ("ofac-sdn", "un-sc-consolidated"):
        listed = datasets.load_names(dataset)
        same = {r.entity_id for r in listed if polyname.normalize(r.name) in own}
        out += [(f"{dataset}:{r.entity_id}", r.name, datasets.is_weak_alias(r))
                for r in listed if r.entity_id not in same]
    return tuple(out)


def _arabic_script(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def speed_corpus(articles_wanted: int, seed: int = 20261204) -> list[str]:
    """``articles_wanted`` texts for the speed figures: the seed articles in turn, each gold
    mention replaced by a list alias drawn at random in the mention's script (Arabic or
    other), so that no two texts are one and a linker's caches meet new names in each, as
    they would in a stream of news; the prose around the names stays the seeds'."""
    rng = random.Random(seed)
    listed = [alias for entity, alias, _ in registry_aliases() if ":" in entity]
    arabic = [a for a in listed if _arabic_script(a)]
    other = [a for a in listed if not _arabic_script(a)]
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for article, start, end, _ in gold():
        spans.setdefault(article, []).append((start, end, ""))
    texts = []
    seeds = articles()
    for k in range(articles_wanted):
        name, text = seeds[k % len(seeds)]
        pieces, at = [], 0
        for start, end, _ in sorted(spans.get(name, [])):
            if start < at:
                continue
            pieces += [text[at:start], rng.choice(arabic if _arabic_script(text[start:end]) else other)]
            at = end
        texts.append("".join(pieces) + text[at:])
    return texts


def polyname_index() -> polyname.NameIndex:
    aliases = registry_aliases()
    return polyname.NameIndex([a[0] for a in aliases], [a[1] for a in aliases], weak=[a[2] for a in aliases])


def polyname_linker(index: polyname.NameIndex, workers: int = -1) -> Callable[[Sequence[str]], list[list[Found]]]:
    def run(texts: Sequence[str]) -> list[list[Found]]:
        found = polyname.link(list(texts), index, workers=workers)
        return [[(m.start, m.end, m.entity_id) for m in row] for row in found]
    return run


def _lower(text: str) -> str:
    """The text in lower case, one character for one (offsets hold)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _longest_first(spans: list[Found]) -> list[Found]:
    """Non-overlapping spans, the longest first, in text order."""
    chosen: list[Found] = []
    taken: list[tuple[int, int]] = []
    for s, e, entity in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
        if all(e <= a or b <= s for a, b in taken):
            chosen.append((s, e, entity))
            taken.append((s, e))
    return sorted(chosen)


def ahocorasick_linker() -> Callable[[Sequence[str]], list[list[Found]]]:
    """Exact aliases, whole words, longest first (the first entity of an alias two share)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for entity, alias, _ in registry_aliases():
        key = _lower(alias.strip())
        if key and key not in automaton:
            automaton.add_word(key, (len(key), entity))
    automaton.make_automaton()

    def run(texts: Sequence[str]) -> list[list[Found]]:
        out = []
        for text in texts:
            lowered = _lower(text)
            spans = []
            for end, (length, entity) in automaton.iter(lowered):
                start, stop = end - length + 1, end + 1
                whole_word = (start == 0 or not lowered[start - 1].isalnum()) and (
                    stop == len(lowered) or not lowered[stop].isalnum())
                if whole_word:
                    spans.append((start, stop, entity))
            out.append(_longest_first(spans))
        return out
    return run


def spacy_linker() -> Callable[[Sequence[str]], list[list[Found]]]:
    """spaCy's PhraseMatcher on lower-cased tokens, the longest of overlapping spans kept."""
    import spacy
    from spacy.matcher import PhraseMatcher
    from spacy.util import filter_spans

    nlp = spacy.blank("xx")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_entity: dict[str, list[str]] = {}
    for entity, alias, _ in registry_aliases():
        by_entity.setdefault(entity, []).append(alias)
    for entity, aliases in by_entity.items():
        matcher.add(entity, list(nlp.tokenizer.pipe(aliases)))

    def run(texts: Sequence[str]) -> list[list[Found]]:
        out = []
        for doc in nlp.pipe(texts):
            matches = matcher(doc)
            labels = {(s, e): nlp.vocab.strings[m] for m, s, e in matches}
            spans = filter_spans([doc[s:e] for _, s, e in matches])
            out.append([(sp.start_char, sp.end_char, labels[(sp.start, sp.end)]) for sp in spans])
        return out
    return run


def evaluate(found: Sequence[Sequence[Found]]) -> dict[str, Any]:
    """Scores of what a system found in each seed article (in `articles` order)."""
    names = [name for name, _ in articles()]
    right = wrong = 0
    for name, mentions in zip(names, found):
        wanted = [(s, e, entity) for a, s, e, entity in gold() if a == name]
        used: set[int] = set()
        for s, e, entity in mentions:
            k = next((k for k, (gs, ge, ge_entity) in enumerate(wanted)
                      if k not in used and ge_entity == entity and gs < e and s < ge), None)
            if k is None:
                wrong += 1
            else:
                used.add(k)
                right += 1
    gold_docs = {(a, entity) for a, _, _, entity in gold()}
    found_docs = {(name, entity) for name, mentions in zip(names, found) for _, _, entity in mentions}
    violated = sum(1 for a, s, e, entity in negatives() for name, mentions in zip(names, found) if name == a
                   for ms, me, m_entity in mentions if m_entity == entity and ms < e and s < me)
    return {
        "mentions": _prf(right, right + wrong, len(gold())),
        "entities_per_article": _prf(len(gold_docs & found_docs), len(found_docs), len(gold_docs)),
        "negatives_linked": violated,
        "gold_mentions": len(gold()),
        "aliases": len(registry_aliases()),
    }


def _prf(right: int, found: int, wanted: int) -> dict[str, float]:
    p, r = right / max(found, 1), right / max(wanted, 1)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / max(p + r, 1e-9), 4)}
