"""Deduplication: records → clusters → canonical IDs.

    >>> from polyname.dedup import dedup
    >>> dedup(["Hossein Taeb", "Hussein al-Tayeb", "حسين طائب", "Hossein Salami"])
    [1, 1, 1, 0]

Names may come as a list, a pandas Series or a pyarrow Array, records as a list of mappings,
a pandas DataFrame or a pyarrow Table. A missing or blank name (None, NaN, "") is in no
cluster: its label is -1 (as in ``pandas.factorize``) and its cluster ID is empty.

The clustering runs in the core (``polyname._core.dedup``), in parallel with the GIL
released:

- identical rows (same block, evidence and name) are one unit, and units are put in a
  canonical order, so the clusters and their IDs do not depend on the order of the rows or
  on the number of threads;
- each unit's candidates come from the core's name index, within its block (no loop over
  all pairs); pairs scoring at or above the threshold are edges;
- edges join clusters strongest first, and only when the two clusters hold together: over
  the pairs between their cores the mean score comes within ``mean_slack`` of the threshold
  and none falls more than ``link_slack`` below it (average linkage). A short name linked
  to two different full names ("Nasrallah" to "Hassan Nasrallah" and to "Jawad Nasrallah")
  does not chain them.

Evidence columns (a date of birth, a country) move a pair's score: up by ``evidence_agree``
when both sides agree, down by ``evidence_disagree`` when both have a value and differ, so
that conflicting evidence keeps even identical names apart. Blocking columns go further:
rows with different values are never compared.

These figures, and how many candidates each name gets, are the fields of
`polyname.DedupSettings` (`polyname.settings`), whose defaults are the core's; every function
here takes ``settings=``.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional, Union

from polyname import _core
from polyname._core import MATCH_THRESHOLD
from polyname._inputs import cell_text, name_list, name_problem, record_list
from polyname.enums import Link
from polyname.errors import DataError, PolynameError
from polyname.registry import kind_of
from polyname.settings import DedupSettings

if TYPE_CHECKING:
    from polyname.registry import Registry

#: Blocking key of rows given without a kind.
_NO_KIND = ""
#: The label of a row without a name.
_NO_CLUSTER = -1
#: Prefix of cluster IDs, followed by 16 hex digits of a hash of the cluster's first row.
CLUSTER_ID_PREFIX = "C"


@dataclass(frozen=True)
class ScoredPair:
    """Two rows (0-based) whose names scored at or above the threshold, and what the
    clustering did with the pair (`Link`). A pair whose clusters were refused carries the
    mean and lowest score over the pairs between the two clusters' cores; other pairs
    carry None."""

    left: int
    right: int
    score: float
    link: Link
    mean: Optional[float] = None
    lowest: Optional[float] = None

    @property
    def link_text(self) -> str:
        """What became of the pair in words: "joined", "within" or "refused (mean 0.712,
        lowest 0.598)" (the ``link`` column of ``resolve dedup --explain-pairs``)."""
        if self.link is Link.REFUSED and self.mean is not None and self.lowest is not None:
            return f"{self.link} (mean {self.mean:.3f}, lowest {self.lowest:.3f})"
        return str(self.link)


@dataclass(frozen=True)
class DedupResult:
    """Clusters of a list of records; every list but ``pairs`` has one item per row.

    A row without a name is in no cluster: label -1, cluster ID and canonical name empty,
    cluster size 0.
    """

    names: list[str]  # as clustered: stripped of surrounding spaces
    labels: list[int]
    cluster_ids: list[str]
    cluster_sizes: list[int]
    canonical_names: list[str]
    kinds: list[str]
    pairs: list[ScoredPair]

    @property
    def cluster_count(self) -> int:
        return len(set(self.labels) - {_NO_CLUSTER})

    @property
    def skipped(self) -> int:
        """Rows left out for want of a name."""
        return self.labels.count(_NO_CLUSTER)

    def clusters(self) -> dict[str, list[int]]:
        """Rows of each cluster, by cluster ID."""
        out: dict[str, list[int]] = defaultdict(list)
        for row, cid in enumerate(self.cluster_ids):
            if cid:
                out[cid].append(row)
        return dict(out)


def dedup(names: Sequence[str], *, threshold: float = MATCH_THRESHOLD,
          kind: Union[None, str, Sequence[str]] = None, settings: Optional[DedupSettings] = None,
          workers: int = -1) -> list[int]:
    """A cluster label per name: equal labels, same entity.

    Args:
        names: the names, in any script (a list, a pandas Series, a pyarrow Array).
        threshold: the score at or above which two names may join.
        kind: one kind for all names, or a kind per name; names of different kinds are
            never compared.
        settings: how clusters join and how many candidates each name gets (by default
            ``DedupSettings()``).
        workers: threads (-1 = all cores).

    Labels are numbered from 0 in an order that depends on the names, not on their order;
    a missing or blank name gets -1.

    Raises:
        TypeError: ``names`` is a single string, or holds something that is not a string.
    """
    values = name_list(names)
    records = [{"name": n} for n in values]
    kinds = [kind] * len(values) if kind is None or isinstance(kind, str) else name_list(kind, "kind")
    if len(kinds) != len(values):
        raise PolynameError(f"kind has {len(kinds)} values for {len(values)} names")
    where = _Where("<names>", range(len(names)))
    return _cluster(records, "name", kinds, (), (), threshold, settings, workers, where).labels


def dedup_records(records: Sequence[Mapping[str, Optional[str]]], *, name: str = "name",
                  kind: Optional[str] = None, kind_column: Optional[str] = None,
                  block_on: Iterable[str] = (), evidence: Iterable[str] = (),
                  threshold: float = MATCH_THRESHOLD, settings: Optional[DedupSettings] = None,
                  workers: int = -1, file: str = "<records>",
                  row_numbers: Optional[Sequence[int]] = None) -> DedupResult:
    """Clusters records by their ``name`` column.

    Args:
        records: mappings of column to value (a list of dicts, a pandas DataFrame, a
            pyarrow Table); missing values (None, NaN) are empty.
        kind: one kind for every record; or ``kind_column``: the column holding each
            record's kind (records of different kinds are never compared).
        block_on: columns whose values must be equal for two records to be compared.
        evidence: columns whose agreement raises a pair's score and disagreement lowers it
            (an empty value says nothing); by how much: ``settings``.
        settings: how clusters join, how much evidence counts, how many candidates each
            name gets (by default ``DedupSettings()``).
        file, row_numbers: how errors name the input: the file and each record's row
            (by default 2, 3, …: a CSV file's rows after its header).

    Raises:
        DataError: an unknown kind, a NUL byte in a name, a missing column, with the row
            and column.
        TypeError: ``records`` is not a collection of mappings.
    """
    if kind is not None and kind_column is not None:
        raise PolynameError("give kind or kind_column, not both")
    records = record_list(records)
    where = _Where(file, row_numbers)
    kinds: list[Optional[str]]
    if kind_column is None:
        kinds = [kind] * len(records)
    else:
        kinds = [_value(r, kind_column, k, where) for k, r in enumerate(records)]
    return _cluster(records, name, kinds, tuple(block_on), tuple(evidence), threshold, settings, workers, where)


@dataclass(frozen=True)
class _Where:
    """Names a record in error messages."""

    file: str
    row_numbers: Optional[Sequence[int]] = None

    def error(self, message: str, k: int, column: str) -> DataError:
        row = self.row_numbers[k] if self.row_numbers is not None else k + 2
        return DataError(message, file=self.file, row=row, column=column)


def _value(record: Mapping[str, Optional[str]], column: str, k: int, where: _Where) -> str:
    if column not in record:
        raise where.error(f"no column {column!r}", k, column)
    return cell_text(record[column])


def _cluster(records: Sequence[Mapping[str, Optional[str]]], name: str, kinds: Sequence[Optional[str]],
             block_on: tuple[str, ...], evidence: tuple[str, ...], threshold: float,
             settings: Optional[DedupSettings], workers: int, where: _Where) -> DedupResult:
    if not 0.0 < threshold <= 1.0:
        raise PolynameError(f"threshold must be within (0, 1], got {threshold}")
    if settings is not None and not isinstance(settings, DedupSettings):
        raise TypeError(f"settings must be a polyname.DedupSettings, got {type(settings).__name__}")
    names: list[str] = []
    row_kinds: list[str] = []
    for k, (record, raw_kind) in enumerate(zip(records, kinds)):
        value = _value(record, name, k, where)
        problem = name_problem(value) if value else None
        if problem:
            raise where.error(f"the name {problem}", k, name)
        names.append(value)
        try:
            row_kinds.append(kind_of(raw_kind) if raw_kind else _NO_KIND)
        except ValueError as e:
            raise where.error(str(e), k, "kind") from None
    # Rows without a name are in no cluster; the rest are clustered as if alone.
    present = [k for k, n in enumerate(names) if n]
    blocks = None
    if block_on or any(row_kinds):
        # The unit separator cannot occur in a CSV value that made it this far unnoticed
        # in practice, and keeps ("a b", "c") apart from ("a", "b c").
        blocks = ["\x1f".join([row_kinds[k], *(_value(records[k], c, k, where) for c in block_on)])
                  for k in present]
    columns = [[_value(records[k], c, k, where) for k in present] for c in evidence]
    clustered = [names[k] for k in present]
    found = _core.dedup(clustered, threshold=threshold, blocks=blocks, evidence=columns,
                        settings=settings or DedupSettings(), workers=workers)

    # Each attribute of the core's result is a new list per access: read each once.
    labels, sizes = found.labels, found.sizes
    ids = _cluster_ids(found.anchors, clustered, blocks, columns)
    canonical = [clustered[r] for r in found.representatives]
    row_labels = [_NO_CLUSTER] * len(names)
    for k, label in zip(present, labels):
        row_labels[k] = label
    return DedupResult(
        names=names,
        labels=row_labels,
        cluster_ids=[ids[c] if c != _NO_CLUSTER else "" for c in row_labels],
        cluster_sizes=[sizes[c] if c != _NO_CLUSTER else 0 for c in row_labels],
        canonical_names=[canonical[c] if c != _NO_CLUSTER else "" for c in row_labels],
        kinds=row_kinds,
        pairs=[ScoredPair(present[a], present[b], s, link, mean, lowest)
               for a, b, s, link, mean, lowest in found.pairs],
    )


def _cluster_ids(anchors: Sequence[int], names: Sequence[str], blocks: Optional[Sequence[str]],
                 evidence: Sequence[Sequence[str]]) -> list[str]:
    """IDs from the content of each cluster's first row in canonical order: the same input
    gives the same IDs, and adding unrelated rows leaves other clusters' IDs alone."""
    ids: list[str] = []
    taken: set[str] = set()
    for row in anchors:
        parts = [blocks[row] if blocks else "", names[row], *(c[row] for c in evidence)]
        digest = hashlib.blake2b("\x1e".join(parts).encode("utf-8"), digest_size=8).hexdigest()
        cid = CLUSTER_ID_PREFIX + digest
        # 64 bits make a clash unlikely even among millions; if one happens, the later
        # cluster (in canonical order) gets a suffix, deterministically.
        suffix = 1
        while cid in taken:
            suffix += 1
            cid = f"{CLUSTER_ID_PREFIX}{digest}-{suffix}"
        taken.add(cid)
        ids.append(cid)
    return ids


def link_to_registry(result: DedupResult, registry: "Registry", *,
                     threshold: float = MATCH_THRESHOLD, mint: bool = False,
                     author: Optional[str] = None, source: Optional[str] = None) -> list[str]:
    """The registry entity of each row's cluster ("" when none).

    Each cluster takes the entity its names resolve to most often (counted in rows; ties go
    to the higher score, then the smaller ID). With ``mint``, in one transaction, clusters
    without an entity become new entities (display name: the canonical name) and every
    cluster's spellings the registry lacks become aliases of its entity.
    """
    names = result.names
    members = result.clusters()
    by_kind: dict[str, set[str]] = defaultdict(set)
    for row, name in enumerate(names):
        if name:
            by_kind[result.kinds[row]].add(name)
    resolved: dict[tuple[str, str], tuple[str, float]] = {}
    for kind, distinct in by_kind.items():
        queries = sorted(distinct)
        found = registry.resolve_many(queries, kind=kind or None, limit=1, threshold=threshold)
        resolved.update({(kind, q): (r[0].entity_id, r[0].score) for q, r in zip(queries, found) if r})

    entity_of: dict[str, str] = {}
    for cid, rows in members.items():
        votes: Counter[str] = Counter()
        best: dict[str, float] = {}
        for row in rows:
            hit = resolved.get((result.kinds[row], names[row]))
            if hit:
                votes[hit[0]] += 1
                best[hit[0]] = max(best.get(hit[0], 0.0), hit[1])
        if votes:
            entity_of[cid] = min(votes, key=lambda e: (-votes[e], -best[e], e))

    if mint:
        groups = []
        for cid, rows in sorted(members.items()):
            first = rows[0]
            spellings = sorted({names[r] for r in rows})
            groups.append((entity_of.get(cid), result.kinds[first] or "other", result.canonical_names[first],
                           spellings, cid))
        minted = registry.record_clusters([g[:4] for g in groups], author=author, source=source)
        entity_of = {g[4]: e for g, e in zip(groups, minted)}
    return [entity_of.get(cid, "") for cid in result.cluster_ids]
