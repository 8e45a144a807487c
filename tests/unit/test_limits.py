"""Long names, many workers and misused batch arguments: every call answers, within the
documented caps, or fails with a clear error. (Timing is the bench's job:
benches/test_long_names.py.)"""

from __future__ import annotations

import _thread
import ast
import inspect
import random
import threading
import time
from pathlib import Path

import pytest

import polyname
from polyname import _core

CAP = _core.MAX_NAME_CHARS


def test_caps_are_documented_with_their_values() -> None:
    assert (_core.MAX_NAME_CHARS, _core.MAX_WORDS, _core.MAX_TOKEN_SYMBOLS) == (1024, 64, 64)
    doc = _core.similarity.__doc__ or ""
    for figure in ("1,024 characters", "64 words", "64 phonetic symbols"):
        assert figure in doc


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("a" * 80_000, "a" * 40_000 + "x"),
        ("ﬃ" * 300_000, "ﬃ" * 150_000),
        ("\u200c".join(["محمد"] * 20_000), "محمد"),
        ("Hossein Taeb " * 10_000, "Hossein Taeb"),
        ("e\u0301" * 100_000, "\ufdfa" * 10_000),
    ],
)
def test_a_very_long_name_gets_a_score(a: str, b: str) -> None:
    for s in (polyname.similarity(a, b), polyname.similarity_many([a], [b])[0]):
        assert 0.0 <= s <= 1.0


@pytest.mark.parametrize(
    "long",
    ["Mohammed Hassan al-Tayeb " * 100, "محمد حسن الطائب " * 100, "Taeb, Hossein " + "x" * 5_000],
)
def test_a_name_past_the_cap_scores_as_its_first_characters(long: str) -> None:
    assert len(long) > CAP
    part = long[:CAP]
    for other in ("Hossein Taeb", "Mohammed Hassan", "حسين طائب"):
        assert polyname.similarity(long, other) == polyname.similarity(part, other)
        assert polyname.similarity_many([other], [long]) == polyname.similarity_many([other], [part])
    assert polyname.match_keys(long) == polyname.match_keys(part)
    # Within the cap, the last character still counts.
    near = "Hossein Taeb".ljust(CAP - 1) + "Salami"
    assert polyname.similarity(near, "Hossein Taeb") != polyname.similarity(near[:CAP - 1], "Hossein Taeb")


def test_index_and_dedup_take_long_names() -> None:
    long = "ﬃ" * 300_000
    index = polyname.NameIndex(["x", "y", "t"], [long, long + " b", "Hossein Taeb"])
    hits = index.search([long[: len(long) // 2], "Hossein Taeb"], limit=3)
    assert all(0.0 <= m.score <= 1.0 for row in hits for m in row)
    assert hits[1][0].id == "t"
    # The name comes back as it was indexed, not cut.
    assert {m.name for m in hits[0]} <= {long, long + " b", "Hossein Taeb"}
    clusters = _core.dedup([long, "Hossein Taeb", long + " b"], threshold=0.75)
    assert clusters.labels[0] == clusters.labels[2] != clusters.labels[1]


def test_workers_above_the_cores_are_capped() -> None:
    left, right = ["Hossein Taeb", "Ismail Qaani"], ["Hussein al-Tayeb", "Esmail Ghaani"]
    expected = polyname.similarity_many(left, right)
    assert polyname.similarity_many(left, right, workers=10_000) == expected
    assert polyname.normalize_many(["Qāsem"], workers=100_000) == ["qasem"]
    index = polyname.NameIndex(["e1"], ["Hossein Taeb"], workers=10_000)
    assert index.search(["Taeb"], workers=10_000)[0][0].id == "e1"
    assert len(_core.dedup(left + right, threshold=0.75, workers=10_000).sizes) == 2


def _batch_calls(text: str) -> dict[str, object]:
    index = polyname.NameIndex(["e1"], ["Qasem Soleimani"])
    return {
        "normalize_many": lambda: polyname.normalize_many(text),
        "romanize_many": lambda: polyname.romanize_many(text),
        "similarity_many left": lambda: polyname.similarity_many(text, ["a"]),
        "similarity_many right": lambda: polyname.similarity_many(["a"], text),
        "NameIndex ids": lambda: polyname.NameIndex(text, ["a"]),
        "NameIndex names": lambda: polyname.NameIndex(["a"], text),
        "NameIndex.search": lambda: index.search(text),
        "dedup names": lambda: _core.dedup(text, threshold=0.75),
        "dedup blocks": lambda: _core.dedup(["a"], threshold=0.75, blocks=text),
        "dedup evidence": lambda: _core.dedup(["a"], threshold=0.75, evidence=[text]),
    }


@pytest.mark.parametrize("entry", list(_batch_calls("")))
def test_a_bare_string_for_a_list_is_a_type_error_with_a_sentence(entry: str) -> None:
    call = _batch_calls("Qasem")[entry]
    with pytest.raises(TypeError, match=r'expected a list of strings, got the string "Qasem".*\["Qasem"\]'):
        call()  # type: ignore[operator]


def test_a_list_of_one_name_is_accepted_where_the_string_was_not() -> None:
    index = polyname.NameIndex(["e1"], ["Qasem Soleimani"])
    assert index.search(["Qasem"])[0][0].id == "e1"


@pytest.mark.parametrize("limit", [-1, -(2**40)])
def test_a_negative_limit_is_an_invalid_argument(limit: int) -> None:
    index = polyname.NameIndex(["e1"], ["Qasem Soleimani"])
    with pytest.raises(polyname.InvalidArgumentError, match=f"limit must be 0 or more, got {limit}"):
        index.search(["Qasem"], limit=limit)
    assert issubclass(polyname.InvalidArgumentError, polyname.PolynameError)


@pytest.mark.parametrize(
    ("func", "expected"),
    [
        (_core.normalize_many, "(texts, *, workers=-1)"),
        (_core.romanize_many, "(texts, *, workers=-1)"),
        (_core.similarity_many, "(left, right, *, workers=-1)"),
        (_core.NameIndex, "(ids, names, *, workers=-1, frequencies_of=None, entities=None, weak=None)"),
        (_core.NameIndex.search,
         "(self, /, queries, *, limit=5, score_cutoff=0.0, workers=-1, exhaustive=False, mode='screening', "
         "explain=False)"),
        (_core.dedup, "(names, *, threshold, blocks=None, evidence=(), settings=None, workers=-1)"),
    ],
)
def test_signatures_show_the_real_defaults(func: object, expected: str) -> None:
    assert str(inspect.signature(func)) == expected  # type: ignore[arg-type]
    assert "..." not in (getattr(func, "__text_signature__", None) or "")


def _stub_defaults() -> dict[str, dict[str, object]]:
    """The default of every keyword of every function and method of the stubs."""
    tree = ast.parse(Path(polyname.__file__).with_name("_core.pyi").read_text(encoding="utf-8"))
    out: dict[str, dict[str, object]] = {}
    for node in ast.walk(tree):
        for fn in getattr(node, "body", []):
            if isinstance(fn, ast.FunctionDef):
                name = f"{node.name}.{fn.name}" if isinstance(node, ast.ClassDef) else fn.name
                args = fn.args
                pairs = list(zip(args.args[len(args.args) - len(args.defaults):], args.defaults))
                pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
                out[name] = {a.arg: ast.literal_eval(d) for a, d in pairs}
    return out


@pytest.mark.parametrize(
    ("stub", "func"),
    [
        ("normalize_many", _core.normalize_many),
        ("romanize_many", _core.romanize_many),
        ("similarity_many", _core.similarity_many),
        ("NameIndex.__new__", _core.NameIndex),
        ("NameIndex.search", _core.NameIndex.search),
        ("dedup", _core.dedup),
    ],
)
def test_the_stubs_give_the_same_defaults(stub: str, func: object) -> None:
    native = {
        p.name: p.default
        for p in inspect.signature(func).parameters.values()  # type: ignore[arg-type]
        if p.default is not inspect.Parameter.empty
    }
    assert _stub_defaults()[stub] == native


def _many_names(n: int) -> list[str]:
    rng = random.Random(7)
    syllables = ["ka", "ri", "mo", "sa", "de", "lu", "na", "hi", "ta", "be", "zo", "fa", "qu", "el"]
    word = lambda: "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))  # noqa: E731
    return [f"{word()} {word()} {word()}" for _ in range(n)]


@pytest.mark.parametrize("call", ["dedup", "NameIndex", "search"])
def test_ctrl_c_stops_a_long_call_within_a_second(call: str) -> None:
    names = _many_names(150_000)
    index = polyname.NameIndex(names[:20_000], names[:20_000]) if call == "search" else None
    work = {
        "dedup": lambda: _core.dedup(names, threshold=0.75),
        "NameIndex": lambda: polyname.NameIndex(names + names, names + names),
        "search": lambda: index.search(names, exhaustive=True),  # type: ignore[union-attr]
    }[call]
    fired: list[float] = []

    def interrupt() -> None:
        fired.append(time.perf_counter())
        _thread.interrupt_main()

    timer = threading.Timer(0.3, interrupt)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            work()
    finally:
        timer.join()
    # The call was still running when Ctrl-C came, and stopped soon after.
    assert fired and time.perf_counter() - fired[0] < 1.5
