"""polyname: resolve entity names across languages and scripts.

Transliteration-aware fuzzy matching of person, organization and place names written in
Latin, Arabic, Persian and other scripts::

    >>> import polyname
    >>> polyname.similarity("Hussein al-Tayeb", "حسين طائب") >= polyname.MATCH_THRESHOLD
    True
    >>> index = polyname.NameIndex(["irgc", "qf"], ["Islamic Revolutionary Guard Corps", "Quds Force"])
    >>> [m.id for m in index.search(["IRGC", "Qods Force"], limit=1)[0]]
    ['irgc']
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from polyname._core import MATCH_THRESHOLD as _CORE_THRESHOLD
from polyname._core import (
    Explanation,
    ExplanationPart,
    Match,
    NameIndex,
    dominant_script,
    explain,
    explain_many,
    match_keys,
    normalize,
    normalize_many,
    romanize,
    romanize_many,
    similarity,
    similarity_many,
)

# The function shadows its module's name on the package on purpose: `polyname.dedup(names)`.
from polyname.dedup import DedupResult, dedup, dedup_records, link_to_registry  # noqa: E402
from polyname.enums import Link, Reason
from polyname.errors import (
    DataError,
    IndexFileError,
    InvalidArgumentError,
    LengthMismatchError,
    NoRegistryError,
    PolynameError,
    RegistryCorruptError,
    RegistryError,
    RegistryFullError,
    RegistryLockedError,
    RegistryReadOnlyError,
)
from polyname.link import METHODS as LINK_METHODS
from polyname.link import Mention, link
from polyname.registry import Registry, Resolution, Snapshot
from polyname.settings import DEFAULT_MODE, MODES, DedupSettings, Mode, SearchSettings

#: A similarity at or above this value means "same entity". It was chosen on the quality
#: harness (``benches/quality.py``): the name pairs of name_bench and the screening
#: fixtures, where it keeps false matches of unrelated people rare while variant spellings,
#: particles, titles and scripts still meet.
MATCH_THRESHOLD: float = _CORE_THRESHOLD

try:
    __version__ = version("polyname")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "DEFAULT_MODE",
    "MATCH_THRESHOLD",
    "MODES",
    "Mode",
    "Explanation",
    "ExplanationPart",
    "InvalidArgumentError",
    "LengthMismatchError",
    "LINK_METHODS",
    "Link",
    "Mention",
    "DataError",
    "IndexFileError",
    "DedupResult",
    "DedupSettings",
    "Match",
    "NameIndex",
    "NoRegistryError",
    "PolynameError",
    "Reason",
    "Registry",
    "RegistryCorruptError",
    "RegistryError",
    "RegistryFullError",
    "RegistryLockedError",
    "RegistryReadOnlyError",
    "Resolution",
    "Snapshot",
    "SearchSettings",
    "__version__",
    "dedup",
    "dedup_records",
    "dominant_script",
    "explain",
    "explain_many",
    "link",
    "link_to_registry",
    "match_keys",
    "normalize",
    "normalize_many",
    "romanize",
    "romanize_many",
    "similarity",
    "similarity_many",
]
