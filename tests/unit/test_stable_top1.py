"""The best match of a search does not depend on how many results are asked for.

For every query of the retrieval tasks of QUALITY.md (Arabic → Latin on the UN list, Arabic
word → Latin word, OFAC alias retrieval), as the bench harness draws them at the full size
(the short mode's queries are a prefix of these), `NameIndex.search` gives the same top-1,
its id and its score, at ``limit=1`` as at ``limit=10``, in both search modes: up to
`polyname`'s documented depth the names scored do not depend on the limit. The sets come
from the shared data (``POLYNAME_SHARED``) through ``benches/evalsets.py``.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest

import polyname

BENCHES = Path(__file__).resolve().parents[2] / "benches"
if str(BENCHES) not in sys.path:
    sys.path.insert(0, str(BENCHES))

import evalsets  # noqa: E402
import modes  # noqa: E402

TASKS = {
    "arabic_latin_un": evalsets.un_arabic_latin,
    "arabic_word": evalsets.arabic_word,
    "ofac_alias": evalsets.ofac_alias,
}
MODES = ("screening", "mention")


@cache
def task(name: str) -> tuple[polyname.NameIndex, list[str]]:
    """The task's registry indexed (row numbers as ids) and its queries."""
    rs = TASKS[name](modes.SEED, modes.FULL)
    return polyname.NameIndex([str(i) for i in range(len(rs.registry))], rs.registry), rs.queries


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("name", sorted(TASKS))
def test_top1_is_the_same_at_limit_1_and_10(name: str, mode: str) -> None:
    index, queries = task(name)
    assert len(queries) >= 400
    one = index.search(queries, limit=1, mode=mode)
    ten = index.search(queries, limit=10, mode=mode)
    assert len(one) == len(ten) == len(queries)
    # Most queries find something, so the comparison is not between empty lists.
    assert sum(1 for r in one if r) > 0.9 * len(queries)

    def top(hits: list[polyname.Match]) -> tuple[str, float] | None:
        return (hits[0].id, hits[0].score) if hits else None

    differ = [(q, top(a), top(b)) for q, a, b in zip(queries, one, ten) if top(a) != top(b[:1])]
    assert not differ, f"{len(differ)} of {len(queries)} queries, e.g. {differ[:5]}"
    assert all(len(a) <= 1 and len(b) <= 10 for a, b in zip(one, ten))
