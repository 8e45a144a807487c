"""Resolution: the search index over every alias, and what turns its matches into one
`Resolution` per canonical entity.

The index (the core's ``NameIndex``) is built from all aliases on first use. Later aliases go
to a small side index until they are a tenth of the main one, when the main index is
rebuilt: additions never cost a full rebuild per call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Optional

from polyname._core import Match, NameIndex, normalize, normalize_many
from polyname._inputs import name_list
from polyname.errors import InvalidArgumentError
from polyname.registry.entities import Entities
from polyname.registry.model import Resolution, kind_of
from polyname.registry.store import Store
from polyname.settings import MODES, Mode, SearchSettings


class Resolver:
    """The search index of a registry's aliases, and the searches through it."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._index: Optional[NameIndex] = None
        self._side: Optional[NameIndex] = None  # aliases added since the index was built
        self._pending: list[tuple[str, str, bool]] = []  # (alias row id, name, weak)
        self._aliases: dict[str, tuple[str, str]] = {}  # alias row id → (entity id, name)

    def forget(self) -> None:
        """Drops the index: the next search builds it again from the file."""
        self._index, self._side, self._pending, self._aliases = None, None, [], {}

    def added(self, alias_id: str, entity_id: str, name: str, weak: bool) -> None:
        """Takes in an alias just written (nothing to do before the index is first built)."""
        if self._index is None:
            return
        if len(self._pending) >= max(1000, len(self._index) // 10):
            # The next search rebuilds the index anyway: drop it now, so that a long
            # import does not hold every new alias in memory until then.
            self.forget()
        else:
            self._aliases[alias_id] = (entity_id, name)
            self._pending.append((alias_id, name, weak))
            self._side = None

    def _ensure_index(self) -> NameIndex:
        if self._index is None or len(self._pending) > max(1000, len(self._index) // 10):
            rows = self._store.execute(
                f"SELECT id, entity_id, name, {self._store.alias_quality} = 'weak' FROM alias ORDER BY id").fetchall()
            self._aliases = {str(i): (e, n) for i, e, n, _ in rows}
            # (Words are counted once per entity: the aliases of one man do not make his name
            # common.)
            self._index = NameIndex([str(i) for i, _, _, _ in rows], [n for _, _, n, _ in rows],
                                    entities=[e for _, e, _, _ in rows], weak=[bool(w) for _, _, _, w in rows])
            self._pending, self._side = [], None
        elif self._pending and self._side is None:
            # Weighed by the main index's word frequencies, so that an alias scores the same
            # before and after the next rebuild takes it in.
            self._side = NameIndex([i for i, _, _ in self._pending], [n for _, n, _ in self._pending],
                                   frequencies_of=self._index, weak=[w for _, _, w in self._pending])
        return self._index

    def resolve_many(self, entities: Entities, names: Sequence[str], *, kind: Optional[str], limit: int,
                     threshold: float, mode: Mode | SearchSettings, explain: bool,
                     workers: int) -> list[list[Resolution]]:
        """`Registry.resolve_many`, redirects and kinds read from ``entities``."""
        if not isinstance(mode, SearchSettings) and mode not in MODES:
            raise InvalidArgumentError(f"mode must be one of {', '.join(MODES)} or a SearchSettings, got {mode!r}")
        if limit < 1:
            raise InvalidArgumentError(f"limit must be at least 1, got {limit}")
        if not 0.0 <= threshold <= 1.0:
            raise InvalidArgumentError(f"threshold must be within [0, 1], got {threshold}")
        wanted_kind = kind_of(kind) if kind is not None else None
        queries = [n or "" for n in name_list(names)]
        index = self._ensure_index()
        # Several aliases of one entity compete for places: ask for more than `limit`.
        depth = max(limit * 4, 10)
        hits = index.search(queries, limit=depth, score_cutoff=threshold, workers=workers, mode=mode, explain=explain)
        if self._side is not None:
            side = self._side.search(queries, limit=depth, score_cutoff=threshold, workers=workers, mode=mode,
                                     explain=explain)
            hits = [a + b for a, b in zip(hits, side)]
        canonical = entities.canonical_map()
        kinds = entities.kind_map()
        excluded = self._excluded_names(canonical)
        forms = normalize_many(queries, workers=workers)
        out: list[list[Resolution]] = []
        for form, found in zip(forms, hits):
            barred = excluded.get(form, set())
            best: dict[str, Resolution] = {}
            for m in _ranked(found, form):
                entity_id, alias = self._aliases[m.id]
                root = canonical[entity_id]
                if root in best or root in barred or (wanted_kind and kinds[root] != wanted_kind):
                    continue
                best[root] = Resolution(root, alias, m.score, kinds[root], m.explanation)
                if len(best) == limit:
                    break
            out.append(list(best.values()))
        return out

    def linking_index(self, entities: Entities) -> tuple[NameIndex, dict[str, str], dict[str, str],
                                                         dict[str, set[str]]]:
        """The index of every alias for linking text (aliases added since it was built taken in:
        a reference within a text goes to the entity, so the whole list is one index), the
        canonical entity of each alias row id in index order, the kind of each canonical
        entity, and the names judged different from entities (normalized name → entities)."""
        if self._pending:
            self.forget()
        index = self._ensure_index()
        canonical = entities.canonical_map()
        owners = {alias_id: canonical[entity_id] for alias_id, (entity_id, _) in self._aliases.items()}
        return index, owners, entities.kind_map(), self._excluded_names(canonical)

    def _excluded_names(self, canonical: dict[str, str]) -> dict[str, set[str]]:
        """Normalized names judged different from entities → those canonical entities."""
        out: dict[str, set[str]] = {}
        for left, right in self._store.execute(
                "SELECT left, right FROM judgement WHERE left_type = 'name' AND verdict = 'different'"):
            out.setdefault(normalize(left), set()).add(canonical[right])
        return out


def _ranked(found: Sequence[Match], query_form: str) -> list[Match]:
    """Best score first; among equal scores the alias spelled like the query, then the oldest
    alias (ids are row numbers: compared as numbers, not strings). Only tied aliases are
    normalized."""
    tied = {score for score, n in Counter(m.score for m in found).items() if n > 1}
    return sorted(found, key=lambda m: (-m.score, m.score in tied and normalize(m.name) != query_form, int(m.id)))
