"""Type stubs of the native module polyname._core."""

import os
from typing import Any, Literal, final

from polyname.enums import Link, Reason
from polyname.settings import DedupSettings, SearchSettings

MATCH_THRESHOLD: float
# In a screening search, the factor on a weak alias's score short of a word-for-word agreement.
WEAK_ALIAS_FACTOR: float
SEARCH_DEFAULTS: dict[str, dict[str, Any]]
# Names are compared on their first MAX_NAME_CHARS characters and MAX_WORDS words, each word
# on its first MAX_TOKEN_SYMBOLS phonetic symbols: a longer name scores as that part does.
MAX_NAME_CHARS: int
MAX_WORDS: int
MAX_TOKEN_SYMBOLS: int
# The defaults of polyname.DedupSettings.
DEDUP_LINK_SLACK: float
DEDUP_MEAN_SLACK: float
DEDUP_EVIDENCE_AGREE: float
DEDUP_EVIDENCE_DISAGREE: float
DEDUP_CANDIDATES: int
DEDUP_MAX_POSTINGS: int
DEDUP_CORE: int

class PolynameError(ValueError): ...
class LengthMismatchError(PolynameError): ...
class InvalidArgumentError(PolynameError): ...
class IndexFileError(PolynameError): ...

def normalize(text: str) -> str: ...
def romanize(text: str) -> str: ...
def match_keys(text: str) -> list[str]: ...
def dominant_script(text: str) -> str: ...
def similarity(a: str, b: str) -> float: ...
def explain(a: str, b: str) -> Explanation: ...
def explain_many(left: list[str], right: list[str], *, workers: int = -1) -> list[Explanation]: ...
def normalize_many(texts: list[str], *, workers: int = -1) -> list[str]: ...
def romanize_many(texts: list[str], *, workers: int = -1) -> list[str]: ...
def similarity_many(left: list[str], right: list[str], *, workers: int = -1) -> list[float]: ...
@final
class ExplanationPart:
    left: list[str]
    right: list[str]
    similarity: float
    weight: float
    reason: Reason
    text: str

@final
class Explanation:
    score: float
    parts: list[ExplanationPart]

@final
class Match:
    id: str
    name: str
    score: float
    explanation: Explanation | None

@final
class TextMention:
    start: int
    end: int
    id: str
    name: str
    score: float
    method: Literal["exact", "fuzzy", "acronym", "reference", "unknown"]
    sentence_start: int
    sentence_end: int
    explanation: Explanation | None

@final
class NameIndex:
    def __new__(
        cls,
        ids: list[str],
        names: list[str],
        *,
        workers: int = -1,
        frequencies_of: NameIndex | None = None,
        entities: list[str] | None = None,
        weak: list[bool] | None = None,
    ) -> NameIndex: ...
    def __len__(self) -> int: ...
    def search(
        self,
        queries: list[str],
        *,
        limit: int = 5,
        score_cutoff: float = 0.0,
        workers: int = -1,
        exhaustive: bool = False,
        mode: Literal["screening", "mention"] | SearchSettings = "screening",
        explain: bool = False,
    ) -> list[list[Match]]: ...
    def link(
        self,
        texts: list[str],
        *,
        threshold: float = ...,
        entities: list[str] | None = None,
        workers: int = -1,
        explain: bool = False,
        unknown: bool = False,
    ) -> list[list[TextMention]]: ...
    def to_bytes(self, *, label: str = "") -> bytes: ...
    @staticmethod
    def from_bytes(data: bytes, *, label: str | None = None) -> NameIndex: ...
    def save(self, path: str | os.PathLike[str], *, label: str = "") -> None: ...
    @staticmethod
    def load(path: str | os.PathLike[str], *, label: str | None = None) -> NameIndex: ...
    def __reduce__(self) -> tuple[Any, tuple[bytes]]: ...

@final
class Clusters:
    labels: list[int]
    sizes: list[int]
    representatives: list[int]
    anchors: list[int]
    pairs: list[tuple[int, int, float, Link, float | None, float | None]]
    def __len__(self) -> int: ...

def dedup(
    names: list[str],
    *,
    threshold: float,
    blocks: list[str] | None = None,
    evidence: list[list[str]] | tuple[list[str], ...] = (),
    settings: DedupSettings | None = None,
    workers: int = -1,
) -> Clusters: ...

__all__ = [
    "MATCH_THRESHOLD",
    "WEAK_ALIAS_FACTOR",
    "SEARCH_DEFAULTS",
    "MAX_NAME_CHARS",
    "MAX_WORDS",
    "MAX_TOKEN_SYMBOLS",
    "DEDUP_LINK_SLACK",
    "DEDUP_MEAN_SLACK",
    "DEDUP_EVIDENCE_AGREE",
    "DEDUP_EVIDENCE_DISAGREE",
    "DEDUP_CANDIDATES",
    "DEDUP_MAX_POSTINGS",
    "DEDUP_CORE",
    "PolynameError",
    "LengthMismatchError",
    "InvalidArgumentError",
    "IndexFileError",
    "normalize",
    "romanize",
    "match_keys",
    "dominant_script",
    "similarity",
    "explain",
    "explain_many",
    "normalize_many",
    "romanize_many",
    "similarity_many",
    "dedup",
    "NameIndex",
    "TextMention",
    "Clusters",
    "Match",
    "Explanation",
    "ExplanationPart",
]
