"""Resolution: the search index over every alias, and what turns its matches into one
`Resolution` per canonical entity.

The index (the core's ``NameIndex``) is built from all aliases on first use, and saved beside
the registry file (``NAME.index``) with the state of the aliases it was built from as its
label: the next process reads it back instead of building it, as long as no alias changed
since. Later aliases go to a small side index until they are a tenth of the main one, when
the main index is rebuilt: additions never cost a full rebuild per call. A search reads only
the aliases and entities it found, not the whole registry.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Optional

from polyname._core import MATCH_THRESHOLD, Match, NameIndex, normalize, normalize_many
from polyname._inputs import name_list
from polyname.errors import IndexFileError, InvalidArgumentError
from polyname.registry.entities import Entities
from polyname.registry.model import Resolution, kind_of
from polyname.registry.store import Store
from polyname.settings import DEFAULT_MODE, MODES, Mode, SearchSettings


class Resolver:
    """The search index of a registry's aliases, and the searches through it."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._index: Optional[NameIndex] = None
        self._side: Optional[NameIndex] = None  # aliases added since the index was built
        self._pending: list[tuple[str, str, bool]] = []  # (alias row id, name, weak)
        self._entity_of: dict[str, str] = {}  # alias row id → entity id, as far as read

    def forget(self) -> None:
        """Drops the index: the next search builds it again from the file."""
        self._index, self._side, self._pending, self._entity_of = None, None, [], {}

    def added(self, alias_id: str, entity_id: str, name: str, weak: bool) -> None:
        """Takes in an alias just written (nothing to do before the index is first built)."""
        if self._index is None:
            return
        if len(self._pending) >= max(1000, len(self._index) // 10):
            # The next search rebuilds the index anyway: drop it now, so that a long
            # import does not hold every new alias in memory until then.
            self.forget()
        else:
            self._entity_of[alias_id] = entity_id
            self._pending.append((alias_id, name, weak))
            self._side = None

    def _ensure_index(self) -> NameIndex:
        if self._index is None or len(self._pending) > max(1000, len(self._index) // 10):
            self._index = self._saved_index() or self._built_index()
            self._pending, self._side = [], None
        elif self._pending and self._side is None:
            # Weighed by the main index's word frequencies, so that an alias scores the same
            # before and after the next rebuild takes it in.
            self._side = NameIndex([i for i, _, _ in self._pending], [n for _, n, _ in self._pending],
                                   frequencies_of=self._index, weak=[w for _, _, w in self._pending])
        return self._index

    def _saved_index(self) -> Optional[NameIndex]:
        """The index saved beside the file, if it is of the aliases as they are."""
        path, state = self._store.index_path, self._store.aliases_state()
        if path is None or state is None or not path.is_file():
            return None
        try:
            return NameIndex.load(path, label=state)
        except (OSError, IndexFileError):
            return None  # another build's, older aliases', or unreadable: built again

    def _built_index(self) -> NameIndex:
        """The index of every alias, built from the file, and saved beside it where it can be."""
        # (The state is read first: an alias written meanwhile makes the label older than the
        # index, never newer, and the next process builds again.)
        state = self._store.aliases_state()
        rows = self._store.execute(
            f"SELECT id, entity_id, name, {self._store.alias_quality} = 'weak' FROM alias ORDER BY id").fetchall()
        self._entity_of = {str(i): e for i, e, _, _ in rows}
        # (Words are counted once per entity: the aliases of one man do not make his name
        # common.)
        index = NameIndex([str(i) for i, _, _, _ in rows], [n for _, _, n, _ in rows],
                          entities=[e for _, e, _, _ in rows], weak=[bool(w) for _, _, _, w in rows])
        path = self._store.index_path
        # (Not inside a transaction: what it wrote may yet be rolled back. Not of no alias:
        # nothing to spare, and no file left behind by a registry never used.)
        if path is not None and state is not None and rows and not self._store.db.in_transaction:
            with contextlib.suppress(OSError):
                index.save(path, label=state)  # a folder nobody may write to: built each time
        return index

    def _entities_of(self, alias_ids: set[str]) -> dict[str, str]:
        """Alias row id → entity id for these aliases (read from the file when not known)."""
        unknown = sorted(alias_ids - self._entity_of.keys())
        if unknown:
            self._entity_of.update((str(i), e) for i, e in self._store.execute(
                "SELECT id, entity_id FROM alias WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(unknown),)))
        return {a: self._entity_of[a] for a in alias_ids if a in self._entity_of}

    def resolve_many(self, entities: Entities, names: Sequence[str], *, kind: Optional[str], limit: int,
                     threshold: float, mode: Mode | SearchSettings, explain: bool,
                     workers: int) -> list[list[Resolution]]:
        """`Registry.resolve_many`, redirects and kinds read from ``entities``."""
        wanted_kind = checked_search(mode, limit, threshold, kind)
        queries = [n or "" for n in name_list(names)]
        index = self._ensure_index()
        depth = search_depth(limit)
        hits = index.search(queries, limit=depth, score_cutoff=threshold, workers=workers, mode=mode, explain=explain)
        if self._side is not None:
            side = self._side.search(queries, limit=depth, score_cutoff=threshold, workers=workers, mode=mode,
                                     explain=explain)
            hits = [a + b for a, b in zip(hits, side)]
        entity_of = self._entities_of({m.id for found in hits for m in found})
        different = self._names_judged_different()
        canonical = entities.canonical_of(set(entity_of.values()) | {entity for _, entity in different})
        owners = {alias: canonical[entity] for alias, entity in entity_of.items()}
        kinds = entities.kinds_of(canonical.values())
        return resolutions(queries, hits, owners, kinds, _excluded(different, canonical), wanted_kind, limit, workers)

    def snapshot(self, entities: Entities) -> Snapshot:
        """The aliases as they are now, for resolving elsewhere (`Snapshot`)."""
        index, owners, kinds, excluded = self.linking_index(entities)
        return Snapshot(index, owners, kinds, excluded)

    def linking_index(self, entities: Entities) -> tuple[NameIndex, dict[str, str], dict[str, str],
                                                         dict[str, set[str]]]:
        """The index of every alias for linking text (aliases added since it was built taken in:
        a reference within a text goes to the entity, so the whole list is one index), the
        canonical entity of each alias row id in index order, the kind of each canonical
        entity, and the names judged different from entities (normalized name → entities)."""
        if self._pending:
            self.forget()
        index = self._ensure_index()
        # The entity of each alias of the index, in its order.
        rows = self._store.execute("SELECT id, entity_id FROM alias ORDER BY id").fetchall()
        if len(rows) == len(index):
            self._entity_of = {str(i): e for i, e in rows}
        else:
            # (Aliases written since a saved index was read: the index of them as they are,
            # whose build reads the entity of each.)
            self._index = index = self._built_index()
        canonical = entities.canonical_map()
        owners = {alias_id: canonical[entity_id] for alias_id, entity_id in self._entity_of.items()}
        return index, owners, entities.kind_map(), _excluded(self._names_judged_different(), canonical)

    def _names_judged_different(self) -> list[tuple[str, str]]:
        """(name, entity) of every name judged different from an entity."""
        return self._store.execute(
            "SELECT left, right FROM judgement WHERE left_type = 'name' AND verdict = 'different'").fetchall()


def _excluded(different: Sequence[tuple[str, str]], canonical: Mapping[str, str]) -> dict[str, set[str]]:
    """Normalized names judged different from entities → those canonical entities."""
    out: dict[str, set[str]] = {}
    for name, entity in different:
        out.setdefault(normalize(name), set()).add(canonical[entity])
    return out


def search_depth(limit: int) -> int:
    """Alias matches asked for to give ``limit`` entities: several aliases of one entity
    compete for places."""
    return max(limit * 4, 10)


def resolutions(queries: Sequence[str], hits: Sequence[Sequence[Match]], owners: Mapping[str, str],
                kinds: Mapping[str, str], excluded: Mapping[str, set[str]], wanted_kind: Optional[str], limit: int,
                workers: int) -> list[list[Resolution]]:
    """The best ``limit`` entities for each query from its alias matches: ``owners`` maps an
    alias row id to its canonical entity (an alias it lacks was removed since the index was
    read), ``kinds`` an entity to its kind, ``excluded`` a normalized name to the entities it
    was judged different from."""
    out: list[list[Resolution]] = []
    for form, found in zip(normalize_many(list(queries), workers=workers), hits):
        barred = excluded.get(form, set())
        best: dict[str, Resolution] = {}
        for m in _ranked(found, form):
            root = owners.get(m.id)
            if root is None or root in best or root in barred or (wanted_kind and kinds[root] != wanted_kind):
                continue
            best[root] = Resolution(root, m.name, m.score, kinds[root], m.explanation)
            if len(best) == limit:
                break
        out.append(list(best.values()))
    return out


def checked_search(mode: Mode | SearchSettings, limit: int, threshold: float, kind: Optional[str]) -> Optional[str]:
    """Checks a resolution's arguments; returns the kind wanted (None: any)."""
    if not isinstance(mode, SearchSettings) and mode not in MODES:
        raise InvalidArgumentError(f"mode must be one of {', '.join(MODES)} or a SearchSettings, got {mode!r}")
    if limit < 1:
        raise InvalidArgumentError(f"limit must be at least 1, got {limit}")
    if not 0.0 <= threshold <= 1.0:
        raise InvalidArgumentError(f"threshold must be within [0, 1], got {threshold}")
    return kind_of(kind) if kind is not None else None


@dataclass(frozen=True)
class Snapshot:
    """A registry's aliases as they were when taken (`Registry.snapshot`), resolved without
    the registry file: in another process, on the executors of an engine. It pickles (its
    index as the index's bytes), and resolves as `Registry.resolve_many` did then.

    Attributes:
        index: every alias.
        owners: alias row id (the index's ids) → canonical entity ID.
        kinds: canonical entity ID → kind.
        excluded: normalized name → the entities it was judged different from.
    """

    index: NameIndex
    owners: dict[str, str]
    kinds: dict[str, str]
    excluded: dict[str, set[str]]

    def resolve_many(self, names: Sequence[str], *, kind: Optional[str] = None, limit: int = 5,
                     threshold: float = MATCH_THRESHOLD, mode: Mode | SearchSettings = DEFAULT_MODE,
                     explain: bool = False, workers: int = -1) -> list[list[Resolution]]:
        """`Registry.resolve_many`, on the aliases of the snapshot."""
        wanted_kind = checked_search(mode, limit, threshold, kind)
        queries = [n or "" for n in name_list(names)]
        hits = self.index.search(queries, limit=search_depth(limit), score_cutoff=threshold, workers=workers,
                                 mode=mode, explain=explain)
        return resolutions(queries, hits, self.owners, self.kinds, self.excluded, wanted_kind, limit, workers)


def _ranked(found: Sequence[Match], query_form: str) -> list[Match]:
    """Best score first; among equal scores the alias spelled like the query, then the oldest
    alias (ids are row numbers: compared as numbers, not strings). Only tied aliases are
    normalized."""
    tied = {score for score, n in Counter(m.score for m in found).items() if n > 1}
    return sorted(found, key=lambda m: (-m.score, m.score in tied and normalize(m.name) != query_form, int(m.id)))
