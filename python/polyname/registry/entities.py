"""The entity and alias tables, and the two maps every lookup reads (ID → canonical ID,
ID → kind), cached in memory and kept up to date by the writes made here."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable, Iterator
from typing import Optional

from polyname.errors import RegistryError
from polyname.registry.model import ID_ALPHABET, ID_PREFIX, Alias, Entity, detect_script, now
from polyname.registry.store import Store


class Entities:
    """Reads and writes entities and aliases through ``store``.

    Args:
        store: the open registry file.
        on_alias: called with (alias ID, entity ID, name, whether it is weak) for each alias
            added, so that the search index can take it in.
        on_quality: called when the quality of a stored alias changed (the index reads it).
    """

    def __init__(self, store: Store, on_alias: Callable[[str, str, str, bool], None],
                 on_quality: Callable[[], None]) -> None:
        self._store = store
        self._on_alias = on_alias
        self._on_quality = on_quality
        self._canonical: Optional[dict[str, str]] = None
        self._kinds: Optional[dict[str, str]] = None

    def forget(self) -> None:
        """Drops the cached maps (after a rollback they may hold what never landed)."""
        self._canonical, self._kinds = None, None

    def mint(self) -> str:
        """A new random ID that no entity has ever had."""
        while True:
            value = secrets.randbits(40)
            candidate = ID_PREFIX + "".join(ID_ALPHABET[(value >> (5 * k)) & 31] for k in reversed(range(8)))
            if not self.exists(candidate):
                return candidate

    def exists(self, entity_id: str) -> bool:
        return self._store.execute("SELECT 1 FROM entity WHERE id = ?", (entity_id,)).fetchone() is not None

    def insert(self, entity_id: str, kind: str, name: str) -> None:
        self._store.execute("INSERT INTO entity (id, kind, name, created_at) VALUES (?, ?, ?, ?)",
                            (entity_id, kind, name, now()))
        # A new entity is its own canonical entity: the cached maps grow in place.
        if self._canonical is not None:
            self._canonical[entity_id] = entity_id
        if self._kinds is not None:
            self._kinds[entity_id] = kind

    def set_kind(self, entity_id: str, kind: str) -> None:
        self._store.execute("UPDATE entity SET kind = ? WHERE id = ?", (kind, entity_id))
        self.kind_map()[entity_id] = kind

    def redirect(self, entity_id: str, into: Optional[str]) -> None:
        """Sets where ``entity_id`` redirects: another entity (a merge) or nowhere (a split)."""
        self._store.execute("UPDATE entity SET merged_into = ? WHERE id = ?", (into, entity_id))
        self._canonical = None

    def insert_alias(self, entity_id: str, name: str, lang: Optional[str], source: Optional[str],
                     quality: str = "strong") -> bool:
        """Adds an alias unless the entity has it; returns whether it was added."""
        cur = self._store.execute(
            "INSERT OR IGNORE INTO alias (entity_id, name, script, lang, source, quality) VALUES (?, ?, ?, ?, ?, ?)",
            (entity_id, name, detect_script(name), lang or None, source or None, quality),
        )
        if cur.rowcount:
            self._on_alias(str(cur.lastrowid), entity_id, name, quality == "weak")
        return bool(cur.rowcount)

    def upsert_alias(self, entity_id: str, name: str, lang: Optional[str], source: Optional[str],
                     quality: Optional[str] = None) -> tuple[bool, bool]:
        """Adds an alias, or gives the one there the ``lang``, ``source`` and ``quality`` given
        (None keeps the stored value). Returns (added, updated)."""
        if self.insert_alias(entity_id, name, lang, source, quality or "strong"):
            return True, False
        if lang is None and source is None and quality is None:
            return False, False
        cur = self._store.execute(
            "UPDATE alias SET lang = coalesce(?1, lang), source = coalesce(?2, source), "
            "quality = coalesce(?5, quality) WHERE entity_id = ?3 AND name = ?4 AND (lang IS NOT coalesce(?1, lang) "
            "OR source IS NOT coalesce(?2, source) OR quality IS NOT coalesce(?5, quality))",
            (lang, source, entity_id, name, quality))
        if cur.rowcount and quality is not None:
            self._on_quality()
        return False, bool(cur.rowcount)

    def canonical(self, entity_id: str) -> str:
        """The ID ``entity_id`` stands for now, following merges.

        Raises:
            RegistryError: no entity ever had this ID.
        """
        canonical = self.canonical_map().get(entity_id)
        if canonical is None:
            raise RegistryError(f"unknown entity ID {entity_id!r}")
        return canonical

    def canonical_map(self) -> dict[str, str]:
        """Every ID ever given → the canonical ID it stands for now."""
        if self._canonical is None:
            parent = dict(self._store.execute("SELECT id, merged_into FROM entity"))
            resolved: dict[str, str] = {}
            for start in parent:
                path: list[str] = []
                node = start
                while parent.get(node) is not None and node not in resolved and len(path) <= len(parent):
                    path.append(node)
                    node = parent[node]
                root = resolved.get(node, node)
                for p in path:
                    resolved[p] = root
                resolved[start] = root
            self._canonical = resolved
        return self._canonical

    def canonical_of(self, entity_ids: Iterable[str]) -> dict[str, str]:
        """`canonical_map` for these IDs only (IDs no entity has are left out): read from the
        file, merge by merge, unless the whole map is at hand, so that a search of a few
        names in a large registry reads only what it found."""
        wanted = set(entity_ids)
        if self._canonical is not None:
            return {e: self._canonical[e] for e in wanted if e in self._canonical}
        parent: dict[str, Optional[str]] = {}
        todo = wanted
        # (Each round reads the entities the last one merged into, each entity once.)
        while todo:
            rows = self._store.execute(
                "SELECT id, merged_into FROM entity WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted(todo)),)).fetchall()
            parent.update(rows)
            todo = {into for _, into in rows if into is not None and into not in parent}
        out: dict[str, str] = {}
        for start in wanted & parent.keys():
            node, steps = start, 0
            while parent.get(node) is not None and steps <= len(parent):
                node, steps = parent[node] or node, steps + 1
            out[start] = node
        return out

    def kinds_of(self, entity_ids: Iterable[str]) -> dict[str, str]:
        """`kind_map` for these IDs only, read as `canonical_of` reads."""
        wanted = sorted(set(entity_ids))
        if self._kinds is not None:
            return {e: self._kinds[e] for e in wanted if e in self._kinds}
        return dict(self._store.execute("SELECT id, kind FROM entity WHERE id IN (SELECT value FROM json_each(?))",
                                        (json.dumps(wanted),)))

    def kind_map(self) -> dict[str, str]:
        """Every ID → its entity's kind."""
        if self._kinds is None:
            self._kinds = dict(self._store.execute("SELECT id, kind FROM entity"))
        return self._kinds

    def entity(self, entity_id: str) -> Entity:
        """The entity with this ID as stored (a merged-away entity shows ``merged_into``)."""
        row = self._store.execute("SELECT id, kind, name, merged_into FROM entity WHERE id = ?",
                                  (entity_id,)).fetchone()
        if row is None:
            raise RegistryError(f"unknown entity ID {entity_id!r}")
        aliases = tuple(Alias(*r) for r in self._store.execute(
            f"SELECT name, script, lang, source, {self._store.alias_quality} FROM alias WHERE entity_id = ? "
            "ORDER BY id", (entity_id,)))
        merged = tuple(r[0] for r in self._store.execute(
            "SELECT id FROM entity WHERE merged_into = ? ORDER BY id", (entity_id,)))
        return Entity(row[0], row[1], row[2], aliases, row[3], merged)

    def entities(self) -> Iterator[Entity]:
        """Every canonical entity, by ID."""
        for (entity_id,) in self._store.execute(
                "SELECT id FROM entity WHERE merged_into IS NULL ORDER BY id").fetchall():
            yield self.entity(entity_id)

    def members(self, entity_id: str) -> list[str]:
        """The IDs that redirect to ``entity_id``'s canonical entity, itself included."""
        root = self.canonical(entity_id)
        return sorted(i for i, c in self.canonical_map().items() if c == root)
